package apijson

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Reader decodes JSON without reflection for the UnmarshalJSON methods
// generated for the models of stream events. It handles the common case,
// and gives up on anything it would not decode exactly as encoding/json
// does (a syntax error, a value of the wrong type, a key that matches a
// field only case-insensitively or through an escape, a field given twice,
// a number out of range): then Unmarshal decodes the same bytes with
// encoding/json, which produces its usual value or error. So the result is encoding/json's, only faster, when decoding into
// a zero value, as the SDK always does. Into a value that already holds a
// map or a pointer it differs: the reader replaces them where encoding/json
// would decode into them (merging map keys, keeping the pointed-to value).
//
// Once failed, every method returns at once, so generated code unwinds
// without checks of its own.
type Reader struct {
	data   []byte
	pos    int
	failed bool
	key    []byte
	keyAt  int  // where the key's opening quote is
	plain  bool // the key has no escapes and no non-ASCII bytes: key is its name
	first  bool // the next NextKey or NextItem is the first of its value
	depth  int  // objects and arrays open
}

// maxDepth is encoding/json's nesting limit: deeper input is an error there,
// and here it must not grow the stack without bound.
const maxDepth = 10000

// Unmarshal decodes data into m with read, the generated reflection-free
// decoder of T. The bytes are copied once, and every RawJSON of the value
// and of the models inside it is a slice of that copy. When read gives up,
// m is restored and decoded by std (encoding/json) instead.
func Unmarshal[T any](data []byte, m *T, read func(*T, *Reader), std func(*T, []byte) error) error {
	saved := *m
	r := Reader{data: append([]byte(nil), data...)}
	read(m, &r)
	r.skipSpace()
	if !r.failed && r.pos == len(r.data) {
		return nil
	}
	*m = saved
	return std(m, data)
}

// IsNull reports whether data is the JSON null, for the encoding/json
// fallback of a generated UnmarshalJSON: like the fast path, it leaves the
// model as it was.
func IsNull(data []byte) bool {
	r := Reader{data: data}
	return r.Null() && r.Start() == len(data)
}

// Keep returns a copy of data without the whitespace around it, for the
// RawJSON of a model decoded by encoding/json: the same bytes the fast
// path keeps.
func Keep(data []byte) json.RawMessage {
	return append(json.RawMessage(nil), TrimSpace(data)...)
}

// IsSpace reports JSON whitespace: space, tab, LF and CR.
func IsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// TrimSpace returns b without the JSON whitespace around it.
func TrimSpace(b []byte) []byte {
	for len(b) > 0 && IsSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && IsSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// fail gives up.
func (r *Reader) fail() { r.failed = true; r.pos = len(r.data) }

func (r *Reader) skipSpace() {
	for r.pos < len(r.data) && IsSpace(r.data[r.pos]) {
		r.pos++
	}
}

// peek returns the first byte of the next value, or 0 at the end.
func (r *Reader) peek() byte {
	r.skipSpace()
	if r.failed || r.pos >= len(r.data) {
		return 0
	}
	return r.data[r.pos]
}

// Start returns where the next value starts, for Since.
func (r *Reader) Start() int {
	r.skipSpace()
	return r.pos
}

// Since returns the bytes read from start on: the JSON of the value that
// started there. Its capacity is its length, so appending to it copies.
func (r *Reader) Since(start int) json.RawMessage {
	if r.failed {
		return nil
	}
	return r.data[start:r.pos:r.pos]
}

// literal consumes word (null, true or false) or fails.
func (r *Reader) literal(word string) {
	end := r.pos + len(word)
	if end > len(r.data) || string(r.data[r.pos:end]) != word {
		r.fail()
		return
	}
	if end < len(r.data) && !isDelimiter(r.data[end]) {
		r.fail()
		return
	}
	r.pos = end
}

// isDelimiter reports the bytes that may follow a literal or a number.
func isDelimiter(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ',', '}', ']':
		return true
	}
	return false
}

// open enters an object or array at r.pos.
func (r *Reader) open() bool {
	if r.depth++; r.depth > maxDepth {
		r.fail()
		return false
	}
	r.pos++
	r.first = true
	return true
}

// close leaves an object or array at its closing byte.
func (r *Reader) close() {
	r.pos++
	r.depth--
}

// Null consumes the next value if it is null and reports whether it was.
func (r *Reader) Null() bool {
	if r.peek() != 'n' {
		return false
	}
	r.literal("null")
	return !r.failed
}

// BeginObject starts reading an object, for NextKey. It returns false for
// null (consumed: decoding null into a struct leaves it as it was) and when
// the value is not an object (the reader fails).
func (r *Reader) BeginObject() bool { return r.begin('{') }

// begin opens the object or array that starts with c, for BeginObject and
// BeginArray.
func (r *Reader) begin(c byte) bool {
	switch r.peek() {
	case c:
		return r.open()
	case 'n':
		r.literal("null")
	default:
		r.fail()
	}
	return false
}

// NextKey moves to the next property of the object being read and reports
// whether there is one; Key is its name and the reader is at its value,
// which the caller must read or Skip. It returns false after the closing
// brace. It is for the properties of a model: the keys of a map are read
// with NextMapKey.
func (r *Reader) NextKey() bool {
	ok := r.nextKey()
	if ok && !r.plain {
		// An escaped or non-ASCII key may still name a field
		// (encoding/json unescapes and folds case): leave it to
		// encoding/json.
		r.fail()
		return false
	}
	return ok
}

// nextKey is NextKey for keys of any spelling: it sets key, keyAt and
// plain (see Reader).
func (r *Reader) nextKey() bool {
	c := r.peek()
	if r.first {
		r.first = false
		if c == '}' {
			r.close()
			return false
		}
	} else {
		switch c {
		case '}':
			r.close()
			return false
		case ',':
			r.pos++
			c = r.peek()
		default:
			r.fail()
			return false
		}
	}
	if c != '"' {
		r.fail()
		return false
	}
	at := r.pos
	end := at + 1
	for end < len(r.data) && r.data[end] != '"' {
		if b := r.data[end]; b == '\\' || b < 0x20 || b >= 0x80 {
			break
		}
		end++
	}
	plain := end < len(r.data) && r.data[end] == '"'
	if !plain {
		after, valid := skipQuoted(r.data, at)
		if !valid {
			r.fail()
			return false
		}
		end = after - 1
	}
	r.key, r.keyAt, r.plain = r.data[at+1:end], at, plain
	r.pos = end + 1
	if r.peek() != ':' {
		r.fail()
		return false
	}
	r.pos++
	return true
}

// Field returns the JSON of the top-level property key of the JSON object
// data, without decoding the object: the first occurrence (what a stream's
// rules look at), or false when data is not an object, has no such key, or
// is malformed before it. Only an escaped key allocates. encoding/json, and
// so a decoded event, keeps the last occurrence instead: stopping at the
// first keeps the lookup short, and JSON with a key twice is not valid
// input to any API this serves.
func Field(data []byte, key string) ([]byte, bool) {
	r := Reader{data: data}
	if !r.BeginObject() {
		return nil, false
	}
	for r.nextKey() {
		match := r.ReadKey() == key // only an escaped key allocates
		v := r.Value()
		if r.failed {
			return nil, false
		}
		if match {
			return v, true
		}
	}
	return nil, false
}

// Key is the name of the current property.
func (r *Reader) Key() []byte { return r.key }

// Once marks a field as read, in a bit set of the fields of one object. A
// field read twice fails the reader, because encoding/json merges a
// repeated object or array into the first; what follows is then skipped.
func (r *Reader) Once(seen *uint64, bit uint64) {
	if *seen&bit != 0 {
		r.fail()
	}
	*seen |= bit
}

// Other skips the value of a property the model has no field for. known
// lists the model's JSON names folded as encoding/json folds them (upper
// case), each followed by a NUL byte (and the list starts with one): a key
// that matches one of them in another case is a field to encoding/json, so
// the reader fails.
func (r *Reader) Other(known string) {
	var buf [64]byte
	folded := append(buf[:0], 0)
	for _, c := range r.key {
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		folded = append(folded, c)
	}
	if strings.Contains(known, string(append(folded, 0))) {
		r.fail()
		return
	}
	r.Skip()
}

// BeginArray starts reading an array, for NextItem. It returns false for
// null (consumed) and when the value is not an array (the reader fails).
func (r *Reader) BeginArray() bool { return r.begin('[') }

// NextItem moves to the next element of the array being read and reports
// whether there is one; the caller must read or Skip it.
func (r *Reader) NextItem() bool {
	c := r.peek()
	if r.first {
		r.first = false
		if c == ']' {
			r.close()
			return false
		}
		return !r.failed
	}
	switch c {
	case ']':
		r.close()
		return false
	case ',':
		r.pos++
		return true
	}
	r.fail()
	return false
}

// ReadString decodes a string into dst; null leaves dst as it was.
func (r *Reader) ReadString(dst *string) {
	switch r.peek() {
	case '"':
		if s, ok := r.readString(); ok {
			*dst = s
		}
	case 'n':
		r.literal("null")
	default:
		r.fail()
	}
}

// readString reads the string at r.pos.
func (r *Reader) readString() (string, bool) {
	start := r.pos + 1
	ascii := true
	for i := start; i < len(r.data); i++ {
		c := r.data[i]
		if c == '"' {
			if span := r.data[start:i]; ascii || utf8.Valid(span) {
				r.pos = i + 1
				return string(span), true
			}
			break
		}
		if c == '\\' || c < 0x20 {
			break
		}
		if c >= 0x80 {
			ascii = false
		}
	}
	end, s, ok := unquote(r.data, r.pos)
	if !ok {
		r.fail()
		return "", false
	}
	r.pos = end
	return s, true
}

// ReadBool decodes true or false into dst; null leaves dst as it was.
func (r *Reader) ReadBool(dst *bool) {
	switch r.peek() {
	case 't':
		r.literal("true")
		if !r.failed {
			*dst = true
		}
	case 'f':
		r.literal("false")
		if !r.failed {
			*dst = false
		}
	case 'n':
		r.literal("null")
	default:
		r.fail()
	}
}

// digitsAt returns the index after the ASCII digits from d[i] on, and
// whether there is at least one.
func digitsAt(d []byte, i int) (int, bool) {
	j := i
	for i < len(d) && '0' <= d[i] && d[i] <= '9' {
		i++
	}
	return i, i > j
}

// number returns the bytes of the JSON number at r.pos, checked against
// the grammar, and whether it is an integer (no fraction or exponent).
func (r *Reader) number() ([]byte, bool) {
	d := r.data
	start, i := r.pos, r.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		i, _ = digitsAt(d, i)
	default:
		r.fail()
		return nil, false
	}
	integer, ok := true, true
	if i < len(d) && d[i] == '.' {
		integer = false
		i, ok = digitsAt(d, i+1)
	}
	if ok && i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		integer = false
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		i, ok = digitsAt(d, i)
	}
	if !ok {
		r.fail()
		return nil, false
	}
	if i < len(d) && !isDelimiter(d[i]) {
		r.fail()
		return nil, false
	}
	r.pos = i
	return d[start:i], integer
}

// ReadInt decodes an integer into dst; null leaves dst as it was. A
// fraction, an exponent or a value out of range fails, as encoding/json
// reports those as errors.
func (r *Reader) ReadInt(dst *int64) {
	if r.peek() == 'n' {
		r.literal("null")
		return
	}
	full, integer := r.number()
	if !integer {
		r.fail()
		return
	}
	n := len(full) // digits
	if full[0] == '-' {
		n--
	}
	if n > 18 { // may overflow: let strconv decide
		v, err := strconv.ParseInt(string(full), 10, 64)
		if err != nil {
			r.fail()
			return
		}
		*dst = v
		return
	}
	v, neg := digits(full)
	if neg {
		v = -v
	}
	*dst = v
}

// digits reads a checked JSON integer of at most 18 digits: its magnitude,
// and whether it has a minus sign.
func digits(b []byte) (v int64, neg bool) {
	if neg = b[0] == '-'; neg {
		b = b[1:]
	}
	for _, c := range b {
		v = v*10 + int64(c-'0')
	}
	return v, neg
}

// ReadFloat decodes a number into dst; null leaves dst as it was. A value
// out of range fails.
func (r *Reader) ReadFloat(dst *float64) {
	if r.peek() == 'n' {
		r.literal("null")
		return
	}
	b, integer := r.number()
	if r.failed {
		return
	}
	if integer && len(b) <= 15 {
		// Exactly representable: no need for strconv.
		v, neg := digits(b)
		f := float64(v)
		if neg {
			f = -f
		}
		*dst = f
		return
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		r.fail()
		return
	}
	*dst = v
}

// Skip skips the next value, checking its syntax.
func (r *Reader) Skip() {
	switch c := r.peek(); c {
	case '{':
		if r.open() {
			// Any key will do here: only the syntax is checked.
			for r.nextKey() {
				r.Skip()
			}
		}
	case '[':
		if r.open() {
			for r.NextItem() {
				r.Skip()
			}
		}
	case '"':
		r.skipString()
	case 't':
		r.literal("true")
	case 'f':
		r.literal("false")
	case 'n':
		r.literal("null")
	default:
		r.number() // fails on anything else
	}
}

// skipString skips the string at r.pos, checking it as readString would.
func (r *Reader) skipString() {
	for i := r.pos + 1; i < len(r.data); i++ {
		c := r.data[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return
		case c == '\\' || c < 0x20:
			end, ok := skipQuoted(r.data, r.pos)
			if !ok {
				r.fail()
				return
			}
			r.pos = end
			return
		}
	}
	r.fail()
}

// Value returns the JSON of the next value, checked, and moves past it: for
// types that decode themselves (unions, times) or through encoding/json.
func (r *Reader) Value() []byte {
	start := r.Start()
	r.Skip()
	return r.Since(start)
}

// Decode decodes the next value into dst with encoding/json: for the types
// the reader has no fast path for (any, and types with their own
// UnmarshalJSON). An error fails the reader.
func (r *Reader) Decode(dst any) {
	v := r.Value()
	if r.failed {
		return
	}
	if json.Unmarshal(v, dst) != nil {
		r.fail()
	}
}

// Decoder is a type with its own UnmarshalJSON.
type Decoder interface{ UnmarshalJSON([]byte) error }

// DecodeSelf gives the next value to dst's own UnmarshalJSON, as
// encoding/json would (null included). An error fails the reader.
func (r *Reader) DecodeSelf(dst Decoder) {
	v := r.Value()
	if r.failed {
		return
	}
	if dst.UnmarshalJSON(v) != nil {
		r.fail()
	}
}

// ReadRaw stores the next value's JSON in dst, as encoding/json does for a
// json.RawMessage.
func (r *Reader) ReadRaw(dst *json.RawMessage) {
	v := r.Value()
	if !r.failed {
		*dst = v
	}
}

// NextMapKey is NextKey for the keys of a map, which ReadKey decodes: any
// key, escaped or not, is read on the fast path.
func (r *Reader) NextMapKey() bool { return r.nextKey() }

// ReadKey decodes the current property's name as a map key, as
// encoding/json does (escapes resolved, invalid UTF-8 replaced).
func (r *Reader) ReadKey() string {
	if r.plain {
		return string(r.key)
	}
	_, s, _ := unquote(r.data, r.keyAt) // nextKey checked its syntax
	return s
}
