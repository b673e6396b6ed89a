package streaming

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"unsafe"
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
// from a small block shared by many IDs (one allocation every few hundred
// new IDs; see cutID). Event data is not copied while the event's lines are
// all in the read buffer: a single data line is used where it is, and the
// next data lines are moved back in the buffer to follow it (see addData).
// Event.Data is then a part of the read buffer, valid until the next call to
// Next.
type SSEDecoder struct {
	rd      reader
	max     int // largest event data
	lineMax int // largest line: max plus room for a field name

	// Lines are taken in batches (see batch): d.q[qi:qn] are the ends of
	// lines after rd.start known to hold no lone CR and to be no longer than
	// lineMax, each its LF position<<qShift | its flags (qCR, qType).
	q      [32]int
	qi, qn int
	// No batch is taken before noBatch: the lines up to there are read one by
	// one by line (a lone CR is among them, or they hold no LF).
	noBatch int
	// Cached positions (indexes into rd.buf) of the next LF and CR for line,
	// so each byte is searched at most once per character even when a line
	// arrives in many reads. xxAt < rd.start means none in buf[..xxScan].
	// lfScan is also where batch resumes the LF search of a line that did not
	// end in the last read.
	lfAt, lfScan int
	crAt, crScan int
	// rd.buf[rd.start:plain] holds no CR, and plain is at most lineMax
	// after where the run began (an LF stream, see batch): Next finds its
	// lines one by one with IndexByte, with no queue and no checks.
	plain  int
	skipLF bool // the last line ended with a CR that was the last byte read
	bom    bool // a leading BOM may still be there

	// The data buffer (WHATWG). While aliased, it is rd.buf[dataOff:dataEnd]
	// plus a final LF, never empty; otherwise it is data, each line followed
	// by LF.
	dataOff, dataEnd int
	aliased          bool
	data             []byte

	// The event type buffer is typ when typSet, else empty. typ stays the
	// last type read, so that a type that repeats is compared, not interned
	// again. evTyp is true when evType is typ.
	typ    string
	typSet bool
	evTyp  bool
	types  interner

	// Event IDs. A string is stored only when an id field brings a new
	// value (while a collection marks memory, every pointer store costs a
	// write barrier): the values are in idStrs, and the three IDs are
	// indexes into it: the last event ID buffer idStrs[idB], the last event
	// ID (committed at each blank line) idStrs[idC], the current event's
	// idStrs[idE]. A new value goes to a slot that is neither idC nor idE;
	// idStrs[emptyID] stays "".
	idStrs        [4]string
	idB, idC, idE int
	idSet         bool // an id field set the ID buffer (only Reset unsets it, with the buffer)
	lastIDSet     bool
	idArena       []byte // the block ID strings are cut from (see cutID)
	idUsed        int    // idArena[:idUsed] belongs to cut strings

	retry         int // reconnection time (ms), applies as soon as it is read
	retrySet      bool
	blockRetry    int // retry field of the block being read
	blockRetrySet bool

	// The current event, read by Event: its data is
	// rd.buf[evOff:evEnd] when evInBuf, else evData.
	evOff, evEnd int
	evInBuf      bool
	evData       []byte
	evType       string
	evRetry      int
	evIDSet      bool // the current event's ID was set by an id field at some point
	evRetrySet   bool // the current event's block had a valid retry field
	err          error
	done         bool
}

// NewSSEDecoder returns a decoder that reads events from r. maxEventSize
// bounds the size of one event's data, and of any single line but for 64
// bytes of room for its field name; 0 or less means DefaultMaxEventSize. A
// larger event or line stops the decoder with a *LimitError.
func NewSSEDecoder(r io.Reader, maxEventSize int) *SSEDecoder {
	d := &SSEDecoder{max: limitOrDefault(maxEventSize), idB: emptyID, idC: emptyID}
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
	d.qi, d.qn, d.noBatch, d.plain = 0, 0, 0, 0
	d.bom = true
	d.clearData()
	d.typSet = false
	d.idB, d.idSet = d.idC, d.lastIDSet
	d.blockRetry, d.blockRetrySet = 0, false
	d.idE, d.evInBuf, d.evOff, d.evEnd, d.evData = emptyID, false, 0, 0, nil
	d.evType, d.evRetry, d.evIDSet, d.evRetrySet = "", 0, false, false
	d.evTyp = d.typ == ""
	d.err = nil
	d.done = false
}

// setLastEventID primes the last event ID, as if an earlier connection had
// sent it.
func (d *SSEDecoder) setLastEventID(id string) {
	d.idB = d.freeID()
	d.idStrs[d.idB] = id
	d.idC, d.idSet, d.lastIDSet = d.idB, true, true
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
		var start, end int
		if qi := d.qi; qi < d.qn {
			// A line of a batch: no lone CR in it, and no longer than
			// lineMax (see batch).
			e := d.q[qi&(len(d.q)-1)] // the mask (qi < 32) spares a bounds check
			d.qi = qi + 1
			start, end = rd.start, e>>qShift-e&qCR
			rd.start = e>>qShift + 1
			if e&qType != 0 {
				// An event field like the last one read (see batch).
				d.typSet = true
				continue
			}
		} else if p := rd.start; p < d.plain {
			// A line of an LF stream (see batch).
			if rd.buf[p] == '\n' {
				start, end = p, p
				rd.start = p + 1
			} else if i := bytes.IndexByte(rd.buf[p:d.plain], '\n'); i >= 0 {
				start, end = p, p+i
				rd.start = end + 1
			} else {
				// The run ends inside this line: what was searched is
				// not searched again.
				d.lfAt, d.lfScan = -1, d.plain
				d.plain = 0
				continue
			}
		} else if !d.skipLF && !d.bom && p >= d.noBatch && d.batch() {
			continue
		} else {
			// No batch: one line at a time, any line end.
			var ok bool
			if start, end, ok = d.line(); !ok {
				if !d.more() {
					return false
				}
				continue
			}
			if end-start > d.lineMax {
				// Checked for every line, so that the outcome does not
				// depend on whether the line arrived in one read or many.
				d.err = &LimitError{What: "SSE event", Limit: d.max}
				return false
			}
		}
		if start == end {
			if d.dispatchAliased() || d.dispatch() {
				return true
			}
			continue
		}
		// The usual forms, "name: value", are recognised by their first
		// bytes; the others go to field. The data and id cases repeat the
		// common paths of addData and setID inline: calling those instead
		// costs 3.5% and 7% more instructions per event of
		// BenchmarkEventIDCRLF (cachegrind).
		line := rd.buf[start:end]
		switch line[0] {
		case 'd':
			if len(line) >= 5 && string(line[:5]) == "data:" {
				off := start + 5
				if len(line) > 5 && line[5] == ' ' {
					off++
				}
				n := end - off
				if d.aliased {
					if d.dataEnd-d.dataOff+1+n <= d.max {
						d.join(off, end) // the next ones
						continue
					}
				} else if len(d.data) == 0 && n <= d.max {
					// The first data line: used where it is.
					d.dataOff, d.dataEnd, d.aliased = off, end, true
					continue
				}
				if d.addData(off, end); d.err != nil {
					return false
				}
				continue
			}
		case 'e':
			if len(line) >= 6 && string(line[:6]) == "event:" {
				v := line[6:]
				if len(v) > 0 && v[0] == ' ' {
					v = v[1:]
				}
				d.setType(v)
				continue
			}
		case 'i':
			if len(line) >= 3 && line[1] == 'd' && line[2] == ':' {
				v := line[3:]
				if len(v) > 0 && v[0] == ' ' {
					v = v[1:]
				}
				if d.isID(v) {
					d.idSet = true // see setID
					continue
				}
				// newID, inlined for the usual ID: 1 to 8 bytes, read and
				// copied to the arena as one word (see cutID).
				if n := len(v); n > 0 && n <= 8 && cap(v) >= 8 && len(d.idArena)-d.idUsed >= 8 {
					if w := binary.LittleEndian.Uint64(v[:8]); !hasZero(w, n) {
						at := d.idUsed
						binary.LittleEndian.PutUint64(d.idArena[at:], w)
						d.idUsed = at + n
						d.idStrs[d.idSlot()] = d.cutID(at, n)
						continue
					}
				}
				d.newID(v)
				continue
			}
		case ':':
			continue // comment
		}
		if d.field(start, end); d.err != nil {
			return false
		}
	}
}

// more is called when the buffer holds no complete line: it reads more
// input, or ends the decoder (end of input, read error, a line over the
// limit) and returns false.
func (d *SSEDecoder) more() bool {
	rd := &d.rd
	if rd.err != nil {
		// End of input: an unterminated line or block is discarded.
		if rd.err != io.EOF {
			d.err = rd.err
		}
		d.done = true
		return false
	}
	if rd.pending() > d.lineMax {
		d.err = &LimitError{What: "SSE event", Limit: d.max}
		return false
	}
	if d.aliased {
		d.unalias() // the read below may move or overwrite rd.buf
	}
	if shift := rd.fill(); shift > 0 {
		d.lfAt -= shift
		d.lfScan -= shift
		d.crAt -= shift
		d.crScan -= shift
		d.noBatch -= shift
		d.plain -= shift
	}
	return true
}

// The entries of d.q: a line's LF position<<qShift, and flags.
const (
	qCR    = 1 << iota // a CR precedes the LF (cr in batch is 0 or qCR)
	qType              // an event field whose value is typ (see batch)
	qShift = iota
)

// batch finds the next lines (up to len(d.q)) with one LF scan per line and
// counts the CRs among them with one bytes.Count. When every CR is the one
// right before a line's LF, no line holds a lone CR, and their LF positions
// are queued in d.q: a CRLF stream then costs one scan per line, not two
// (LF, then CR). Otherwise nothing is queued, and the lines up to the last
// LF found are read one by one by line (d.noBatch), as are the lines of a
// buffer without LF (a lone CR may end them). An event field that repeats
// the last type read ("event: " and typ, as most streams send it) is found
// by comparing instead of searching, and queued with a mark, so that Next
// neither compares its value again nor looks at the line. A batch spans at
// most lineMax bytes, so that no queued line needs a size check. When a batch
// of an LF stream finds no CR up to some point ahead, Next reads the lines
// after the batch up to there (d.plain) without batches.
func (d *SSEDecoder) batch() bool {
	rd := &d.rd
	// A batch takes no more than lineMax bytes, so that none of its lines
	// is over the limit: the longer lines are read by line, which checks.
	buf := rd.buf[:min(rd.end, rd.start+d.lineMax+1)]
	p, n, crlf := rd.start, 0, 0
	if lf := d.lfAt; lf >= p || d.lfScan > p {
		// The first line was searched before (line, or a batch that found
		// a lone CR): its LF is known, or its start holds none.
		if lf >= len(buf) || d.lfScan > len(buf) {
			d.noBatch = max(lf+1, d.lfScan)
			return false
		}
		if lf < p {
			i := bytes.IndexByte(buf[d.lfScan:], '\n')
			if i < 0 {
				d.lfAt, d.lfScan = -1, len(buf)
				d.noBatch = len(buf)
				return false
			}
			lf = d.lfScan + i
		}
		cr := 0
		if lf > p && buf[lf-1] == '\r' {
			cr = 1
		}
		d.q[0] = lf<<qShift | cr
		crlf, n, p = cr, 1, lf+1
	}
	// The event type as of p, for the comparison below: once a line that
	// may set another type has been queued, unknown ("", as when "event: "
	// and the type would not fit in a line).
	t := d.typ
	if n > 0 && buf[rd.start] == 'e' || len(t)+7 > d.lineMax {
		t = ""
	}
	for n < len(d.q) && p < len(buf) {
		// Blank lines are found without a call.
		c := buf[p]
		if c == '\n' {
			d.q[n] = p << qShift
			n++
			p++
			continue
		}
		if c == '\r' && p+1 < len(buf) && buf[p+1] == '\n' {
			d.q[n] = (p+1)<<qShift | qCR
			crlf++
			n++
			p += 2
			continue
		}
		if c == 'e' {
			// An event field like the last one read, "event: " and the
			// type, is found by comparing, without a search.
			if len(t) > 0 && len(buf)-p > len(t)+8 && string(buf[p:p+7]) == "event: " && string(buf[p+7:p+7+len(t)]) == t {
				if e := p + 7 + len(t); buf[e] == '\n' {
					d.q[n] = e<<qShift | qType
					n++
					p = e + 1
					continue
				} else if buf[e] == '\r' && buf[e+1] == '\n' {
					d.q[n] = (e+1)<<qShift | qType | qCR
					crlf++
					n++
					p = e + 2
					continue
				}
			}
			t = ""
		}
		i := bytes.IndexByte(buf[p:], '\n')
		if i < 0 {
			break
		}
		lf := p + i
		cr := 0
		if i > 0 && buf[lf-1] == '\r' {
			cr = 1
		}
		crlf += cr
		d.q[n] = lf<<qShift | cr
		n++
		p = lf + 1
	}
	if n == 0 {
		d.lfAt, d.lfScan = -1, len(buf)
		d.noBatch = len(buf)
		return false
	}
	clean := false
	if crlf > 0 {
		clean = bytes.Count(buf[rd.start:p], []byte("\r")) == crlf
	} else {
		// No CR line end (an LF stream): the CR cache is searched to the
		// end of the buffer, so that the next batches need no search.
		clean = d.noCR(p)
	}
	if !clean {
		d.lfAt, d.lfScan = d.q[0]>>qShift, d.q[0]>>qShift+1
		d.noBatch = p
		return false
	}
	d.qi, d.qn = 0, n
	// Once the batch is consumed, rd.start is p: the LF cache starts there,
	// and so does the CR cache unless it reaches further.
	d.lfAt, d.lfScan = -1, p
	if d.crScan < p {
		d.crAt, d.crScan = -1, p
	} else if crlf == 0 {
		// An LF stream: once the batch is consumed, the lines up to the
		// next CR need no batch (and, within lineMax, no size check).
		d.plain = d.crScan
		if d.crAt >= p {
			d.plain = d.crAt
		}
		d.plain = min(d.plain, p+d.lineMax)
	}
	return true
}

// Event returns the current event. Its Data is valid until the next Next.
//
// It builds the result from the decoder's fields as one composite literal,
// so that a caller that inlines it and reads one field (dec.Event().Data)
// loads only what that field needs. (Copying a whole stored Event makes the
// caller load it 16 bytes at a time right after dispatch stored it 8 bytes
// at a time: a store-forwarding stall on every event.)
func (d *SSEDecoder) Event() Event {
	data := d.evData
	if d.evInBuf {
		data = d.rd.buf[d.evOff:d.evEnd:d.evEnd]
	}
	return Event{ID: d.idStrs[d.idE&3], Type: d.evType, Data: data, Retry: d.evRetry}
}

// Err returns the error that stopped the decoder: a read error or a
// *LimitError. The end of input is not an error.
func (d *SSEDecoder) Err() error { return d.err }

// LastEventID returns the last event ID: the value of the last id field
// committed by a blank line ("" if none).
func (d *SSEDecoder) LastEventID() string { return d.idStrs[d.idC&3] }

// Retry returns the reconnection time in milliseconds from the last valid
// retry field, and whether there was one.
func (d *SSEDecoder) Retry() (ms int, ok bool) { return d.retry, d.retrySet }

const (
	bom = "\xEF\xBB\xBF"
	// lineSlack lets a line hold an event of the maximum size plus its
	// field name ("data: ").
	lineSlack = 64
)

// line finds the next complete line in the buffer, rd.buf[start:end]
// without its line end, and consumes it; ok is false when more input is
// needed.
func (d *SSEDecoder) line() (start, end int, ok bool) {
	rd := &d.rd
	if d.skipLF {
		if rd.start == rd.end {
			return 0, 0, false
		}
		if rd.buf[rd.start] == '\n' {
			rd.start++
		}
		d.skipLF = false
	}
	if d.bom {
		n := rd.pending()
		if n < len(bom) && rd.err == nil && string(rd.buf[rd.start:rd.end]) == bom[:n] {
			return 0, 0, false // could still become a BOM
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
	end = lf
	if cr >= 0 && (lf < 0 || cr < lf) {
		end = cr
	}
	if end < 0 {
		return 0, 0, false
	}
	start = rd.start
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
	return start, end, true
}

// noCR reports whether rd.buf[rd.start:p] holds no CR, with the CR cache.
func (d *SSEDecoder) noCR(p int) bool {
	rd := &d.rd
	if d.crAt >= rd.start {
		return d.crAt >= p
	}
	if d.crScan >= p {
		return true
	}
	return d.findCR() < 0 || d.crAt >= p
}

// findCR returns the position of the next CR in the buffer (-1 if none),
// from the CR cache or by searching the rest of the buffer.
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

// field handles the line rd.buf[start:end], not blank, in the general way.
func (d *SSEDecoder) field(start, end int) {
	line := d.rd.buf[start:end]
	name, value := line, line[len(line):]
	if i := colon(line); i >= 0 {
		name, value = line[:i], line[i+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	switch string(name) {
	case "":
		// comment
	case "data":
		d.addData(end-len(value), end)
	case "event":
		d.setType(value)
	case "id":
		d.setID(value)
	case "retry":
		if ms, ok := parseRetry(value); ok {
			d.retry, d.retrySet = ms, true
			d.blockRetry, d.blockRetrySet = ms, true
		}
	}
}

// addData appends the value of a data line, rd.buf[off:end], to the data
// buffer. The line has been consumed, so while the buffer is aliased the
// value is moved back in rd.buf to follow it: rd.buf[dataOff:dataEnd] ends
// before the line of the value starts (a line end and "data" at least lie in
// between), so the move only overwrites bytes already read.
func (d *SSEDecoder) addData(off, end int) {
	size := len(d.data) // of the data buffer, final LF included
	if d.aliased {
		size = d.dataEnd - d.dataOff + 1
	}
	if size+end-off > d.max {
		d.err = &LimitError{What: "SSE event", Limit: d.max}
		return
	}
	switch {
	case d.aliased:
		d.join(off, end)
	case size == 0:
		// Most events have one data line: keep it where it is.
		d.dataOff, d.dataEnd, d.aliased = off, end, true
	default:
		d.data = append(d.data, d.rd.buf[off:end]...)
		d.data = append(d.data, '\n')
	}
}

// join appends the data line value rd.buf[off:end] to the aliased data
// buffer, moving it back to follow the buffer with an LF between (see
// addData).
func (d *SSEDecoder) join(off, end int) {
	buf, de := d.rd.buf, d.dataEnd
	buf[de] = '\n'
	d.dataEnd = de + 1 + copy(buf[de+1:], buf[off:end])
}

// setType handles an event field. A type like the last one read is only
// compared.
func (d *SSEDecoder) setType(value []byte) {
	if string(value) != d.typ {
		d.typ, d.evTyp = d.types.intern(value), false
	}
	d.typSet = true
}

// setID handles an id field: a value with NUL is ignored, any other sets the
// last event ID buffer. A value like the buffer's is only compared; a new one
// is made a string once, by newID.
func (d *SSEDecoder) setID(value []byte) {
	if d.isID(value) {
		// Not ignored for holding NUL: an ID primed by setLastEventID
		// may hold one, but then idSet is already true.
		d.idSet = true
		return
	}
	d.newID(value)
}

// isID reports whether value is the ID buffer's value. The last bytes are
// compared first: IDs that change (counters) usually differ there.
func (d *SSEDecoder) isID(value []byte) bool {
	id := d.idStrs[d.idB&3]
	return len(value) == len(id) && (len(value) == 0 || value[len(value)-1] == id[len(value)-1]) && string(value) == id
}

// newID is setID for a value that is not the ID buffer's. Its string is cut
// from an arena (see cutID): a stream whose ID changes every event then
// costs one allocation every few hundred events instead of one per event.
// Next inlines the usual case.
func (d *SSEDecoder) newID(value []byte) {
	if hasNUL(value) {
		return
	}
	slot := d.idSlot()
	if len(value) == 0 || len(value) > idArenaMax {
		d.idStrs[slot] = string(value)
		return
	}
	if len(d.idArena)-d.idUsed < len(value) {
		d.idArena, d.idUsed = make([]byte, idArenaSize), 0
	}
	at := d.idUsed
	d.idUsed += copy(d.idArena[at:], value)
	d.idStrs[slot] = d.cutID(at, len(value))
}

// idSlot returns the slot of idStrs for a new value of the ID buffer, one
// that is neither idC nor idE, and marks the buffer set.
func (d *SSEDecoder) idSlot() int {
	if d.idB == d.idC || d.idB == d.idE {
		d.idB = d.freeID()
	}
	d.idSet = true
	return d.idB
}

// cutID returns idArena[at:at+n], bytes just written, as a string without
// copying them: the way a strings.Builder makes its string, without the
// Builder's copy call for every ID. It is safe because those bytes never
// change again: the arena is only written past idUsed (the word copy of Next
// writes up to 8 bytes from at, past the ID's end only into bytes that no
// string holds yet), and a new block is allocated when it is full. The
// string keeps its block alive.
func (d *SSEDecoder) cutID(at, n int) string {
	return unsafe.String(&d.idArena[at], n)
}

// hasNUL reports whether v holds a NUL byte. A value of up to 8 bytes that
// can be read as 8 (it is a part of a larger buffer) is tested as one word.
func hasNUL(v []byte) bool {
	if len(v) <= 8 && cap(v) >= 8 {
		return hasZero(binary.LittleEndian.Uint64(v[:8]), len(v))
	}
	return bytes.IndexByte(v, 0) >= 0
}

// hasZero reports whether one of the first n (at most 8) bytes of the
// little-endian word w is 0; the others are set to 0xFF first.
func hasZero(w uint64, n int) bool {
	w |= ^uint64(0) << (8 * uint(n))
	return (w-0x0101010101010101)&^w&0x8080808080808080 != 0
}

// emptyID is the slot of idStrs that holds "", never written.
const emptyID = 3

// freeID returns a slot of idStrs that is neither idC nor idE.
func (d *SSEDecoder) freeID() int {
	// Three slots below emptyID, two of them taken at most: the loop
	// stops at 2 or before.
	i := 0
	for i == d.idC || i == d.idE {
		i++
	}
	return i
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

// dispatchAliased is dispatch for the usual event, its data in the read
// buffer, its type the last event's and no retry field; for any other it
// does nothing and reports false.
func (d *SSEDecoder) dispatchAliased() bool {
	if !d.aliased || d.blockRetrySet || d.typSet && !d.evTyp || !d.typSet && d.evType != "" {
		return false
	}
	d.idC, d.idE = d.idB, d.idB
	d.lastIDSet, d.evIDSet = d.idSet, d.idSet
	d.evOff, d.evEnd, d.evInBuf = d.dataOff, d.dataEnd, true
	d.evRetry, d.evRetrySet = 0, false
	d.typSet, d.aliased = false, false // d.data is empty while aliased
	return true
}

// dispatch handles a blank line: it commits the last event ID and, when the
// data buffer is not empty, makes the event current and reports true.
func (d *SSEDecoder) dispatch() bool {
	d.idC, d.lastIDSet = d.idB, d.idSet
	if !d.aliased && len(d.data) == 0 {
		d.typSet = false
		d.blockRetry, d.blockRetrySet = 0, false
		return false
	}
	// Only integers, and the strings that changed (see the comment on
	// idStrs). Event builds the event from these fields.
	if d.aliased {
		d.evOff, d.evEnd, d.evInBuf = d.dataOff, d.dataEnd, true
	} else {
		n := len(d.data) - 1
		d.evData, d.evInBuf = d.data[:n:n], false
	}
	if d.typSet {
		if !d.evTyp {
			d.evType, d.evTyp = d.typ, true
		}
	} else if d.evType != "" {
		d.evType, d.evTyp = "", d.typ == ""
	}
	d.idE = d.idB
	d.evRetry = d.blockRetry
	d.evIDSet, d.evRetrySet = d.idSet, d.blockRetrySet
	d.typSet = false
	if d.blockRetrySet {
		d.blockRetry, d.blockRetrySet = 0, false
	}
	// The event's data keeps its bytes until the next Next.
	d.aliased = false
	d.data = d.data[:0]
	return true
}

const (
	// idArenaSize is the size of the blocks ID strings are cut from. A
	// kept ID keeps its block (at most this many bytes) alive.
	idArenaSize = 1024
	// idArenaMax is the longest ID cut from a block; longer ones get their
	// own string.
	idArenaMax = idArenaSize / 8
)

// unalias copies the data buffer out of rd.buf, before a read that may move
// or overwrite it.
func (d *SSEDecoder) unalias() {
	d.data = append(d.data[:0], d.rd.buf[d.dataOff:d.dataEnd]...)
	d.data = append(d.data, '\n')
	d.aliased = false
}

// clearData empties the data buffer.
func (d *SSEDecoder) clearData() {
	d.data = d.data[:0]
	d.aliased = false
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
