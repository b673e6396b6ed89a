package streaming

import (
	"fmt"
	"io"
)

const (
	// DefaultMaxEventSize is the largest event (or line, or record) a decoder
	// accepts when no other limit is given: 32 MiB.
	DefaultMaxEventSize = 32 << 20

	initialBufSize = 16 << 10 // first read buffer
	minRead        = 4 << 10  // never read into less free space than this
	maxEmptyReads  = 100      // like bufio: a reader that keeps returning 0, nil is broken
)

// LimitError reports an event, line or record larger than the decoder's
// limit. The decoder stops as soon as it has buffered more than Limit bytes
// of it, so memory stays bounded.
type LimitError struct {
	// What names the item: "SSE event", "NDJSON line" or "JSON-seq record".
	What string
	// Limit is the limit in bytes (Config.MaxEventSize).
	Limit int
}

// Error says what was too large and which setting raises the limit.
func (e *LimitError) Error() string {
	return fmt.Sprintf("streaming: %s larger than the limit of %d bytes (raise the maximum event size to accept it)", e.What, e.Limit)
}

// reader holds the bytes read from the body that a decoder has not consumed.
// buf[start:end] is unconsumed; start is always the beginning of an item the
// decoder has not finished (a line or a record), so everything before it can
// be dropped when the buffer is compacted.
type reader struct {
	r     io.Reader
	buf   []byte
	start int
	end   int
	max   int   // largest unfinished item the caller lets us buffer
	err   error // io.EOF or the read error, reported once buf is consumed
}

func limitOrDefault(n int) int {
	if n <= 0 {
		return DefaultMaxEventSize
	}
	return n
}

// reset points the reader at a new source, keeping the buffer's memory.
func (rd *reader) reset(r io.Reader) {
	rd.r = r
	rd.start, rd.end = 0, 0
	rd.err = nil
}

// pending is the number of unconsumed bytes.
func (rd *reader) pending() int { return rd.end - rd.start }

// fill reads once from the source (retrying empty reads a bounded number of
// times). Before reading it moves the unconsumed bytes to the front of the
// buffer when that frees room, and grows the buffer up to max+minRead bytes.
// It returns by how much it moved the bytes, so that callers can adjust
// positions they keep into buf. Errors (io.EOF included) are stored in rd.err.
func (rd *reader) fill() (shift int) {
	if rd.err != nil {
		return 0
	}
	if rd.buf == nil {
		size := initialBufSize
		if limit := rd.max + minRead; limit < size {
			size = limit
		}
		rd.buf = make([]byte, size)
	}
	if rd.start > 0 && (rd.start == rd.end || len(rd.buf)-rd.end < minRead) {
		shift = rd.start
		rd.end = copy(rd.buf, rd.buf[rd.start:rd.end])
		rd.start = 0
	}
	if len(rd.buf)-rd.end < minRead {
		limit := rd.max + minRead
		if size := 2 * len(rd.buf); size <= limit {
			limit = size
		}
		if limit > len(rd.buf) {
			nb := make([]byte, limit)
			copy(nb, rd.buf[rd.start:rd.end])
			rd.end -= rd.start
			shift += rd.start
			rd.start = 0
			rd.buf = nb
		}
	}
	if rd.end == len(rd.buf) {
		// Only reachable when the caller did not check its limit first.
		rd.err = io.ErrShortBuffer
		return shift
	}
	for range maxEmptyReads {
		n, err := rd.r.Read(rd.buf[rd.end:])
		if n < 0 || n > len(rd.buf)-rd.end {
			rd.err = fmt.Errorf("streaming: reader returned invalid count %d", n)
			return shift
		}
		rd.end += n
		if err != nil {
			rd.err = err
			return shift
		}
		if n > 0 {
			return shift
		}
	}
	rd.err = io.ErrNoProgress
	return shift
}
