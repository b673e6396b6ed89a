package streaming

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/sdkgen/sdkgen/templates/runtime/internal/apijson"
)

// NDJSONDecoder reads newline-delimited JSON (application/x-ndjson,
// application/jsonl): one JSON value per line, LF or CRLF, blank lines
// skipped, and a last line without LF still parsed. A line that is not valid
// JSON stops the decoder with an error naming its line number.
//
// Event.Data aliases the read buffer (valid until the next Next); Type, ID and
// Retry are empty. It allocates nothing per event.
type NDJSONDecoder struct {
	rd   reader
	max  int
	scan int // buf[rd.start:scan] has no LF
	line int // lines consumed so far
	ev   Event
	err  error
	done bool
}

// NewNDJSONDecoder returns a decoder that reads JSON lines from r. maxLineSize
// bounds one line; 0 or less means DefaultMaxEventSize.
func NewNDJSONDecoder(r io.Reader, maxLineSize int) *NDJSONDecoder {
	d := &NDJSONDecoder{max: limitOrDefault(maxLineSize)}
	d.rd.max = d.max
	d.rd.reset(r)
	return d
}

// Next advances to the next JSON value.
func (d *NDJSONDecoder) Next() bool {
	if d.err != nil || d.done {
		return false
	}
	d.ev = Event{}
	rd := &d.rd
	for {
		if i := bytes.IndexByte(rd.buf[d.scan:rd.end], '\n'); i >= 0 {
			end := d.scan + i
			line := rd.buf[rd.start:end]
			rd.start, d.scan = end+1, end+1
			if d.value(line) {
				return true
			}
			if d.err != nil {
				return false
			}
			continue
		}
		d.scan = rd.end
		if rd.err != nil {
			if rd.err != io.EOF {
				d.err = rd.err // a partial last line is not trusted
				return false
			}
			d.done = true
			if rd.start < rd.end {
				line := rd.buf[rd.start:rd.end]
				rd.start = rd.end
				return d.value(line)
			}
			return false
		}
		if rd.pending() > d.max {
			d.err = &LimitError{What: "NDJSON line", Limit: d.max}
			return false
		}
		d.scan -= rd.fill()
	}
}

// value handles one line and reports whether it is an event.
func (d *NDJSONDecoder) value(line []byte) bool {
	d.line++
	if len(line) > d.max { // before trimming, as the unterminated check counts
		d.err = &LimitError{What: "NDJSON line", Limit: d.max}
		return false
	}
	line = apijson.TrimSpace(line)
	if len(line) == 0 {
		return false
	}
	if !json.Valid(line) {
		d.err = &SyntaxError{Format: "NDJSON", Line: d.line, Start: quoteStart(line)}
		return false
	}
	d.ev.Data = line
	return true
}

// Event returns the current value; Data is valid until the next Next.
func (d *NDJSONDecoder) Event() Event { return d.ev }

// Err returns the error that stopped the decoder, or nil at a clean end.
func (d *NDJSONDecoder) Err() error { return d.err }

// SyntaxError reports a line or record that is not valid JSON.
type SyntaxError struct {
	// Format is "NDJSON" or "JSON-seq".
	Format string
	// Line is the 1-based line number (NDJSON) or record number (JSON-seq).
	Line int
	// Start is the beginning of the offending text, quoted.
	Start string
}

// Error names the line or record and quotes its start.
func (e *SyntaxError) Error() string {
	unit := "line"
	if e.Format == "JSON-seq" {
		unit = "record"
	}
	return fmt.Sprintf("streaming: %s %s %d is not valid JSON: %s", e.Format, unit, e.Line, e.Start)
}

// quoteStart quotes the first 64 bytes of b, marking a cut with "...".
func quoteStart(b []byte) string {
	const n = 64
	if len(b) <= n {
		return strconv.Quote(string(b))
	}
	return strconv.Quote(string(b[:n])) + "..."
}

// JSONSeqDecoder reads an RFC 7464 JSON text sequence
// (application/json-seq): each record starts with RS (0x1E) and holds one
// JSON text, usually followed by LF. A record is handed out as soon as its
// JSON text is complete and followed by LF (or by the next RS, or the end of
// input), so a live stream is never held back waiting for the next record.
// A JSON text that follows a complete one on a new line without an RS is
// taken as a record of its own, as NDJSON would. Unlike the RFC's advice to
// skip them, a record that is not valid JSON stops
// the decoder with an error naming its number: an SDK must not drop data
// silently.
type JSONSeqDecoder struct {
	rd     reader
	max    int
	scan   int // next byte to look at
	depth  int // bracket depth of the current record
	inStr  bool
	esc    bool
	filled bool // the current record has something besides white space
	record int  // records seen so far
	ev     Event
	err    error
	done   bool
}

// NewJSONSeqDecoder returns a decoder that reads JSON-seq records from r.
// maxRecordSize bounds one record; 0 or less means DefaultMaxEventSize.
func NewJSONSeqDecoder(r io.Reader, maxRecordSize int) *JSONSeqDecoder {
	d := &JSONSeqDecoder{max: limitOrDefault(maxRecordSize)}
	d.rd.max = d.max
	d.rd.reset(r)
	return d
}

// Next advances to the next record.
func (d *JSONSeqDecoder) Next() bool {
	if d.err != nil || d.done {
		return false
	}
	d.ev = Event{}
	rd := &d.rd
	for {
		for ; d.scan < rd.end; d.scan++ {
			c := rd.buf[d.scan]
			if c == 0x1E {
				rec := rd.buf[rd.start:d.scan]
				filled := d.filled
				d.startRecord(d.scan + 1)
				if filled {
					d.scan++
					return d.emit(rec)
				}
				continue
			}
			if d.inStr {
				switch {
				case d.esc:
					d.esc = false
				case c == '\\':
					d.esc = true
				case c == '"':
					d.inStr = false
				}
				continue
			}
			switch c {
			case ' ', '\t', '\r':
			case '\n':
				if d.filled && d.depth <= 0 {
					rec := rd.buf[rd.start:d.scan]
					d.scan++
					d.startRecord(d.scan)
					return d.emit(rec)
				}
			case '"':
				d.inStr, d.filled = true, true
			case '{', '[':
				d.depth++
				d.filled = true
			case '}', ']':
				d.depth--
				d.filled = true
			default:
				d.filled = true
			}
		}
		if rd.err != nil {
			if rd.err != io.EOF {
				d.err = rd.err
				return false
			}
			d.done = true
			if d.filled {
				rec := rd.buf[rd.start:rd.end]
				rd.start = rd.end
				return d.emit(rec)
			}
			return false
		}
		if rd.pending() > d.max {
			d.err = &LimitError{What: "JSON-seq record", Limit: d.max}
			return false
		}
		d.scan -= rd.fill()
	}
}

// startRecord marks rd.buf[at:] as the start of a new record.
func (d *JSONSeqDecoder) startRecord(at int) {
	d.rd.start = at
	d.depth, d.inStr, d.esc, d.filled = 0, false, false, false
}

func (d *JSONSeqDecoder) emit(rec []byte) bool {
	d.record++
	if len(rec) > d.max { // before trimming, as the unterminated check counts
		d.err = &LimitError{What: "JSON-seq record", Limit: d.max}
		return false
	}
	rec = apijson.TrimSpace(rec)
	if !json.Valid(rec) {
		d.err = &SyntaxError{Format: "JSON-seq", Line: d.record, Start: quoteStart(rec)}
		return false
	}
	d.ev.Data = rec
	return true
}

// Event returns the current record; Data is valid until the next Next.
func (d *JSONSeqDecoder) Event() Event { return d.ev }

// Err returns the error that stopped the decoder, or nil at a clean end.
func (d *JSONSeqDecoder) Err() error { return d.err }
