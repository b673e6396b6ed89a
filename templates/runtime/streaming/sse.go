package streaming

import (
	"bytes"
	"io"
	"math"
	"strings"
)

// SSEDecoder reads a text/event-stream body exactly as the WHATWG HTML
// standard's "event stream interpretation" says: LF, CRLF and lone CR end
// lines (also when CR and LF arrive in different reads), the first UTF-8 BOM
// is dropped, comments are skipped, data lines are joined with LF, a block
// with no data dispatches nothing, the event type resets after each event,
// ids containing NUL are ignored, retry accepts ASCII digits only, and a block
// not terminated by a blank line at the end of input is discarded.
//
// It allocates nothing per event in steady state: event types are interned,
// and the string of an event ID that differs from the previous one is cut
// from a small block shared by many IDs (one allocation every few dozen new
// IDs; see idString). Event data is not copied when it is a single line:
// Event.Data then points into the read buffer, valid until the next call to
// Next.
type SSEDecoder struct {
	rd      reader
	max     int // largest event data
	lineMax int // largest line: max plus room for a field name

	// Cached positions (indexes into rd.buf) of the next LF and CR, so each
	// byte is searched at most once per character even when a line arrives
	// in many reads. xxAt < 0 means none in buf[..xxScan].
	lfAt, lfScan int
	crAt, crScan int
	skipLF       bool    // the last line ended with a CR that was the last byte read
	q            [32]int // lines without lone CR (see batch): LF position<<1 | 1 if CRLF
	qi, qn       int     // d.q[qi:qn] are still to be read
	noBatch      int     // no batch before this position (it holds a lone CR)
	bom          bool    // a leading BOM may still be there

	data      []byte // data buffer, each line followed by LF (see alias)
	alias     []byte // the only data line so far, still in rd.buf (not copied)
	aliased   bool   // the data buffer is alias+LF; data is not used
	hasData   bool   // the data buffer is not empty
	dataLen   int    // length of the data buffer
	typ       []byte // event type buffer
	idBuf     []byte // last event ID buffer
	idBufSet  bool
	lastID    string // last event ID, committed at each blank line
	lastIDSet bool
	ids       strings.Builder // arena the ID strings are cut from (see idString)

	retry         int // reconnection time (ms), applies as soon as it is read
	retrySet      bool
	blockRetry    int // retry field of the block being read
	blockRetrySet bool

	types interner // recently seen event types, to avoid an allocation per event

	ev         Event
	evIDSet    bool // the current event's ID was set by an id field at some point
	evRetrySet bool // the current event's block had a valid retry field
	err        error
	done       bool
}

// NewSSEDecoder returns a decoder that reads events from r. maxEventSize
// bounds the size of one event's data and of any single line; 0 or less means
// DefaultMaxEventSize. A larger event stops the decoder with a *LimitError.
func NewSSEDecoder(r io.Reader, maxEventSize int) *SSEDecoder {
	d := &SSEDecoder{max: limitOrDefault(maxEventSize)}
	d.lineMax = d.max + lineSlack
	d.rd.max = d.lineMax
	d.Reset(r)
	return d
}

// Reset makes the decoder read a new stream from r, as after a reconnection:
// the partial block is dropped and a leading BOM is expected again, while the
// last event ID and the reconnection time are kept (and the ID buffer starts
// from the last event ID, so an ID persists across connections).
func (d *SSEDecoder) Reset(r io.Reader) {
	d.rd.reset(r)
	d.lfAt, d.lfScan, d.crAt, d.crScan = -1, 0, -1, 0
	d.skipLF = false
	d.qi, d.qn, d.noBatch = 0, 0, 0
	d.bom = true
	d.clearData()
	d.typ = d.typ[:0]
	d.idBuf = append(d.idBuf[:0], d.lastID...)
	d.idBufSet = d.lastIDSet
	d.blockRetry, d.blockRetrySet = 0, false
	d.ev = Event{}
	d.err = nil
	d.done = false
}

// setLastEventID primes the last event ID, as if an earlier connection had
// sent it.
func (d *SSEDecoder) setLastEventID(id string) {
	d.lastID = id
	d.lastIDSet = true
	d.idBuf = append(d.idBuf[:0], id...)
	d.idBufSet = true
}

// Next advances to the next event. It returns false at the end of input or
// on an error (see Err). It returns as soon as the blank line ending an event
// has been read, without waiting for more input.
func (d *SSEDecoder) Next() bool {
	if d.err != nil || d.done {
		return false
	}
	rd := &d.rd
	for {
		var line []byte
		ok := false
		if d.qi < d.qn {
			// A line of a batch known to hold no lone CR.
			e := d.q[d.qi]
			d.qi++
			lf := e >> 1
			line, ok = rd.buf[rd.start:lf-e&1], true
			rd.start = lf + 1
		} else if !d.skipLF && !d.bom {
			// Fast path: nothing pending from the previous read (a CR at
			// its end, a BOM). When the CR cache shows a CR ahead, lines
			// are taken in batches (see batch); otherwise, or when a batch
			// holds a lone CR, one LF scan finds the line, a CR right
			// before the LF is part of the line end, and the line is taken
			// here when the CR cache shows no other CR before it (a lone
			// CR ends a line earlier: d.line handles that). The CR cache is
			// scanned to the end of the buffer, so a stream without CR
			// pays for one CR scan per read.
			if d.crAt < rd.start && d.crScan >= rd.end && d.lfAt < rd.start {
				// No CR ahead (the usual LF stream).
				from := max(d.lfScan, rd.start)
				if i := bytes.IndexByte(rd.buf[from:rd.end], '\n'); i >= 0 {
					lf := from + i
					line, ok = rd.buf[rd.start:lf], true
					rd.start = lf + 1
					d.lfScan = rd.start
				} else {
					d.lfAt, d.lfScan = -1, rd.end
				}
				goto haveLine
			}
			if d.crAt < rd.start && d.crScan < rd.end {
				cf := max(d.crScan, rd.start)
				if j := bytes.IndexByte(rd.buf[cf:rd.end], '\r'); j >= 0 {
					d.crAt, d.crScan = cf+j, cf+j+1
				} else {
					d.crAt, d.crScan = -1, rd.end
				}
			}
			if d.crAt >= rd.start && rd.start >= d.noBatch && d.batch() {
				continue
			}
			lf := d.lfAt
			if lf < rd.start {
				from := max(d.lfScan, rd.start)
				lf = bytes.IndexByte(rd.buf[from:rd.end], '\n')
				if lf < 0 {
					d.lfAt, d.lfScan = -1, rd.end
				} else {
					lf += from
				}
			}
			if lf >= 0 {
				end := lf
				if end > rd.start && rd.buf[end-1] == '\r' {
					end--
				}
				clean := true
				if d.crAt >= rd.start {
					clean = d.crAt >= end
				} else if d.crScan < end {
					cf := max(d.crScan, rd.start)
					if j := bytes.IndexByte(rd.buf[cf:rd.end], '\r'); j >= 0 {
						d.crAt, d.crScan = cf+j, cf+j+1
						clean = d.crAt >= end
					} else {
						d.crAt, d.crScan = -1, rd.end
					}
				}
				if clean {
					line, ok = rd.buf[rd.start:end], true
					rd.start = lf + 1
					d.lfScan = rd.start
				} else {
					d.lfAt, d.lfScan = lf, lf+1
				}
			}
		}
	haveLine:
		if !ok {
			line, ok = d.line()
		}
		if ok {
			if len(line) == 0 {
				if d.dispatch() {
					return true
				}
				continue
			}
			if len(line) > d.lineMax {
				// Checked for every line, so that the outcome does not
				// depend on whether the line arrived in one read or many.
				d.err = &LimitError{What: "SSE event", Limit: d.max}
				return false
			}
			if len(line) > 5 && string(line[:6]) == "data: " && !d.hasData && len(line)-6 <= d.max {
				d.alias, d.aliased, d.hasData, d.dataLen = line[6:], true, true, len(line)-5
				continue
			}
			if d.field(line); d.err != nil {
				return false
			}
			continue
		}
		if d.rd.err != nil {
			// End of input: an unterminated line or block is discarded.
			if d.rd.err != io.EOF {
				d.err = d.rd.err
			}
			d.done = true
			return false
		}
		if d.rd.pending() > d.lineMax {
			d.err = &LimitError{What: "SSE event", Limit: d.max}
			return false
		}
		if d.aliased {
			d.unalias() // the read below may move or overwrite rd.buf
		}
		d.qi, d.qn = 0, 0 // empty already: its lines were all complete
		if shift := d.rd.fill(); shift > 0 {
			d.lfAt -= shift
			d.lfScan -= shift
			d.crAt -= shift
			d.crScan -= shift
			d.noBatch -= shift
		}
	}
}

// batch finds the next lines (up to len(d.q)) with one LF scan per line and
// counts the CRs among them with one bytes.Count. When every CR is the one
// right before a line's LF, no line holds a lone CR, and their LF positions
// are queued in d.q: a CRLF stream then costs one scan per line, not two
// (LF, then CR). Otherwise nothing is queued, and the lines up to the last
// LF found are read one by one (d.noBatch).
func (d *SSEDecoder) batch() bool {
	rd := &d.rd
	p, n, crlf := rd.start, 0, 0
	for n < len(d.q) {
		var lf int
		cr := 0
		if p+1 < rd.end && rd.buf[p] == '\r' && rd.buf[p+1] == '\n' {
			lf, cr = p+1, 1 // a blank line, without a call
		} else {
			i := bytes.IndexByte(rd.buf[p:rd.end], '\n')
			if i < 0 {
				break
			}
			lf = p + i
			if lf > p && rd.buf[lf-1] == '\r' {
				cr = 1
			}
		}
		crlf += cr
		d.q[n] = lf<<1 | cr
		n++
		p = lf + 1
	}
	if n == 0 {
		d.lfAt, d.lfScan = -1, rd.end
		d.noBatch = rd.end
		return false
	}
	if bytes.Count(rd.buf[rd.start:p], []byte("\r")) != crlf {
		d.lfAt, d.lfScan = d.q[0]>>1, d.q[0]>>1+1
		d.noBatch = p
		return false
	}
	d.qi, d.qn = 0, n
	// Once the batch is consumed, rd.start is p; the CR found (if any) is
	// kept when it lies beyond the batch.
	d.lfAt, d.lfScan = -1, p
	if d.crAt < p {
		d.crAt, d.crScan = -1, p
	}
	return true
}

// Event returns the current event. Its Data is valid until the next Next.
func (d *SSEDecoder) Event() Event { return d.ev }

// Err returns the error that stopped the decoder: a read error or a
// *LimitError. The end of input is not an error.
func (d *SSEDecoder) Err() error { return d.err }

// LastEventID returns the last event ID: the value of the last id field
// committed by a blank line ("" if none).
func (d *SSEDecoder) LastEventID() string { return d.lastID }

// Retry returns the reconnection time in milliseconds from the last valid
// retry field, and whether there was one.
func (d *SSEDecoder) Retry() (ms int, ok bool) { return d.retry, d.retrySet }

const (
	bom = "\xEF\xBB\xBF"
	// lineSlack lets a line hold an event of the maximum size plus its
	// field name ("data: ").
	lineSlack = 64
)

// line returns the next complete line in the buffer, without its line end,
// or false when more input is needed.
func (d *SSEDecoder) line() ([]byte, bool) {
	rd := &d.rd
	if d.skipLF {
		if rd.start == rd.end {
			return nil, false
		}
		if rd.buf[rd.start] == '\n' {
			rd.start++
		}
		d.skipLF = false
	}
	if d.bom {
		n := rd.pending()
		if n < len(bom) && rd.err == nil && string(rd.buf[rd.start:rd.end]) == bom[:n] {
			return nil, false // could still become a BOM
		}
		if n >= len(bom) && string(rd.buf[rd.start:rd.start+len(bom)]) == bom {
			rd.start += len(bom)
		}
		d.bom = false
	}
	lf, cr := d.lfAt, -1
	if lf < rd.start {
		from := max(d.lfScan, rd.start)
		if i := bytes.IndexByte(rd.buf[from:rd.end], '\n'); i >= 0 {
			lf = from + i
			d.lfAt, d.lfScan = lf, lf+1
		} else {
			lf = -1
			d.lfAt, d.lfScan = -1, rd.end
		}
	}
	if d.crAt >= rd.start || d.crScan < rd.end {
		cr = d.findCR()
	}
	end := lf
	if cr >= 0 && (lf < 0 || cr < lf) {
		end = cr
	}
	if end < 0 {
		return nil, false
	}
	line := rd.buf[rd.start:end]
	rd.start = end + 1
	if end == cr {
		if end+1 < rd.end {
			if rd.buf[end+1] == '\n' {
				rd.start++
			}
		} else {
			d.skipLF = true // a LF in the next read still belongs to this line end
		}
	}
	return line, true
}

func (d *SSEDecoder) findCR() int {
	rd := &d.rd
	if d.crAt >= rd.start {
		return d.crAt
	}
	from := max(d.crScan, rd.start)
	if from >= rd.end {
		return -1
	}
	if i := bytes.IndexByte(rd.buf[from:rd.end], '\r'); i >= 0 {
		d.crAt, d.crScan = from+i, from+i+1
		return d.crAt
	}
	d.crAt, d.crScan = -1, rd.end
	return -1
}

// field processes one line that is not blank.
func (d *SSEDecoder) field(line []byte) {
	var name, value []byte
	// The usual forms, "name: value", recognised by length and first byte
	// without looking for the colon.
	switch line[0] {
	case ':':
		return // comment
	case 'd':
		if len(line) >= 5 && string(line[:5]) == "data:" {
			d.addData(trimSpace(line[5:]))
			return
		}
	case 'i':
		if len(line) >= 3 && string(line[:3]) == "id:" {
			d.setID(trimSpace(line[3:]))
			return
		}
	case 'e':
		if len(line) >= 6 && string(line[:6]) == "event:" {
			d.typ = append(d.typ[:0], trimSpace(line[6:])...)
			return
		}
	}
	name = line
	if i := colon(line); i >= 0 {
		name, value = line[:i], trimSpace(line[i+1:])
	}
	switch string(name) {
	case "data":
		d.addData(value)
	case "event":
		d.typ = append(d.typ[:0], value...)
	case "id":
		d.setID(value)
	case "retry":
		if ms, ok := parseRetry(value); ok {
			d.retry, d.retrySet = ms, true
			d.blockRetry, d.blockRetrySet = ms, true
		}
	}
}

// trimSpace drops the one space that may follow a field's colon.
func trimSpace(v []byte) []byte {
	if len(v) > 0 && v[0] == ' ' {
		return v[1:]
	}
	return v
}

func (d *SSEDecoder) addData(value []byte) {
	if d.dataLen+len(value) > d.max {
		d.err = &LimitError{What: "SSE event", Limit: d.max}
		return
	}
	d.dataLen += len(value) + 1
	switch {
	case !d.hasData:
		// Most events have one data line: keep it where it is.
		d.alias, d.aliased, d.hasData = value, true, true
	case d.aliased:
		d.unalias()
		fallthrough
	default:
		d.data = append(d.data, value...)
		d.data = append(d.data, '\n')
	}
}

func (d *SSEDecoder) setID(value []byte) {
	if len(value) <= 16 {
		for _, c := range value {
			if c == 0 {
				return
			}
		}
	} else if bytes.IndexByte(value, 0) >= 0 {
		return
	}
	d.idBuf = append(d.idBuf[:0], value...)
	d.idBufSet = true
}

// colon finds the first ':' of a line. Field names are short, so a plain
// loop over the first bytes beats the call to bytes.IndexByte.
func colon(line []byte) int {
	for i := 0; i < len(line) && i < 8; i++ {
		if line[i] == ':' {
			return i
		}
	}
	if len(line) <= 8 {
		return -1
	}
	if i := bytes.IndexByte(line[8:], ':'); i >= 0 {
		return i + 8
	}
	return -1
}

// dispatch handles a blank line.
func (d *SSEDecoder) dispatch() bool {
	if d.idBufSet && (!d.lastIDSet || d.lastID != string(d.idBuf)) {
		d.lastID = d.idString(d.idBuf)
	}
	d.lastIDSet = d.lastIDSet || d.idBufSet
	retry, retrySet := d.blockRetry, d.blockRetrySet
	d.blockRetry, d.blockRetrySet = 0, false
	if !d.hasData {
		d.typ = d.typ[:0]
		return false
	}
	data := d.alias
	if !d.aliased {
		data = d.data[:len(d.data)-1]
	}
	// Field by field: a composite literal copied in would stall on store
	// forwarding, a measurable share of the per-event cost.
	d.ev.Data = data
	d.ev.Type = d.types.intern(d.typ)
	d.ev.Retry = retry
	d.ev.ID = d.lastID // "" when there was never an id field
	d.evIDSet = d.lastIDSet
	d.evRetrySet = retrySet
	d.typ = d.typ[:0]
	d.clearData() // ev.Data keeps its bytes until the next Next
	return true
}

const (
	// idArenaSize is the size of the blocks ID strings are cut from: a
	// stream whose ID changes every event then costs one allocation every
	// few dozen events instead of one per event. A kept ID keeps its block
	// (at most this many bytes) alive.
	idArenaSize = 1024
	// idArenaMax is the longest ID cut from a block; longer ones get their
	// own string.
	idArenaMax = idArenaSize / 8
)

// idString returns b as a string. Short IDs are appended to a block of
// memory owned by a strings.Builder and the string is the Builder's view of
// those bytes: a Builder never changes bytes it has written, so the strings
// stay valid after later writes and after the Builder moves to a new block.
func (d *SSEDecoder) idString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > idArenaMax {
		return string(b)
	}
	if d.ids.Cap()-d.ids.Len() < len(b) {
		d.ids.Reset()
		d.ids.Grow(idArenaSize)
	}
	n := d.ids.Len()
	d.ids.Write(b)
	return d.ids.String()[n:]
}

// unalias copies an aliased data line into the data buffer.
func (d *SSEDecoder) unalias() {
	d.data = append(d.data[:0], d.alias...)
	d.data = append(d.data, '\n')
	d.alias, d.aliased = nil, false
}

func (d *SSEDecoder) clearData() {
	d.data = d.data[:0]
	d.alias, d.aliased, d.hasData, d.dataLen = nil, false, false, 0
}

// interner turns a few recurring byte strings (event types) into strings
// without allocating each time.
type interner struct {
	s [8]string
	n int
}

// intern returns b as a string, reusing the string of a recently seen value.
func (in *interner) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	for _, s := range in.s[:in.n] {
		if s == string(b) {
			return s
		}
	}
	s := string(b)
	if in.n < len(in.s) {
		in.s[in.n] = s
		in.n++
	} else {
		copy(in.s[:], in.s[1:])
		in.s[len(in.s)-1] = s
	}
	return s
}

// parseRetry accepts one or more ASCII digits; huge values are clamped.
func parseRetry(v []byte) (int, bool) {
	if len(v) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		if n < math.MaxInt32 {
			n = n*10 + int(c-'0')
		}
	}
	return min(n, math.MaxInt32), true
}
