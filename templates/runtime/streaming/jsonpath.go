package streaming

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// JSONPathBuilder rebuilds a JSON value from the (path, delta) pairs that
// structured-output streams send: each delta is text appended to the value
// at its path ("people[0].name", "$.summary", "items[2]"). Use it while the
// stream runs to show partial results, then Decode the final value into the
// output type. The zero value is ready to use.
type JSONPathBuilder struct {
	root *pathNode
}

// pathNode is one node of the value being built.
type pathNode struct {
	keys   []string // object keys in arrival order
	fields map[string]*pathNode
	items  []*pathNode // array elements; nil entries are null
	text   strings.Builder
	kind   byte // 0 unset, 'o' object, 'a' array, 's' leaf text
}

// pathStep is one step of a path: an object key or an array index.
type pathStep struct {
	key   string
	index int
	isIdx bool
}

// maxPathIndex bounds array indexes so a hostile path cannot allocate
// without limit.
const maxPathIndex = 1 << 20

// Add appends delta to the text at path. It fails when the path is
// malformed or contradicts an earlier one (an object where an array was).
func (b *JSONPathBuilder) Add(path, delta string) error {
	steps, err := parsePath(path)
	if err != nil {
		return err
	}
	if b.root == nil {
		b.root = &pathNode{}
	}
	n := b.root
	for _, st := range steps {
		if n, err = n.child(st); err != nil {
			return fmt.Errorf("json path %q: %w", path, err)
		}
	}
	if n.kind != 0 && n.kind != 's' {
		return fmt.Errorf("json path %q: text added to an object or array", path)
	}
	n.kind = 's'
	n.text.WriteString(delta)
	return nil
}

// child returns (creating it) the node one step below n.
func (n *pathNode) child(st pathStep) (*pathNode, error) {
	if st.isIdx {
		if n.kind != 0 && n.kind != 'a' {
			return nil, fmt.Errorf("index [%d] into a non-array", st.index)
		}
		n.kind = 'a'
		for len(n.items) <= st.index {
			n.items = append(n.items, nil)
		}
		if n.items[st.index] == nil {
			n.items[st.index] = &pathNode{}
		}
		return n.items[st.index], nil
	}
	if n.kind != 0 && n.kind != 'o' {
		return nil, fmt.Errorf("key %q into a non-object", st.key)
	}
	n.kind = 'o'
	if n.fields == nil {
		n.fields = map[string]*pathNode{}
	}
	c, ok := n.fields[st.key]
	if !ok {
		c = &pathNode{}
		n.fields[st.key] = c
		n.keys = append(n.keys, st.key)
	}
	return c, nil
}

// parsePath splits "a.b[0]['c.d']" into steps; a leading "$" is the root.
func parsePath(path string) ([]pathStep, error) {
	p := strings.TrimPrefix(path, "$")
	var steps []pathStep
	for len(p) > 0 {
		switch p[0] {
		case '.':
			p = p[1:]
		case '[':
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return nil, fmt.Errorf("json path %q: unclosed [", path)
			}
			inner := p[1:end]
			if len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0] {
				steps = append(steps, pathStep{key: inner[1 : len(inner)-1]})
			} else {
				i, err := strconv.Atoi(inner)
				if err != nil || i < 0 || i > maxPathIndex {
					return nil, fmt.Errorf("json path %q: bad index [%s]", path, inner)
				}
				steps = append(steps, pathStep{index: i, isIdx: true})
			}
			p = p[end+1:]
			continue
		}
		end := strings.IndexAny(p, ".[")
		if end < 0 {
			end = len(p)
		}
		if end > 0 {
			steps = append(steps, pathStep{key: p[:end]})
		}
		p = p[end:]
	}
	return steps, nil
}

// JSON renders the value built so far. Leaves whose text is a JSON number,
// true, false or null are written as such, other leaves as strings; Decode
// types leaves by the destination instead.
func (b *JSONPathBuilder) JSON() []byte {
	var buf bytes.Buffer
	b.root.render(&buf, nil)
	return buf.Bytes()
}

// Decode decodes the value built so far into v, a pointer. Each leaf is
// written as a string where v's type at that path is a string, and as the
// literal it spells where v expects a number or a boolean.
func (b *JSONPathBuilder) Decode(v any) error {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		return fmt.Errorf("JSONPathBuilder.Decode: need a pointer, got %T", v)
	}
	var buf bytes.Buffer
	b.root.render(&buf, t.Elem())
	return json.Unmarshal(buf.Bytes(), v)
}

// render writes n as JSON, typing leaves by t (nil: by their text).
func (n *pathNode) render(buf *bytes.Buffer, t reflect.Type) {
	t = derefType(t)
	switch {
	case n == nil || n.kind == 0:
		buf.WriteString("null")
	case n.kind == 'o':
		buf.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			key, _ := json.Marshal(k)
			buf.Write(key)
			buf.WriteByte(':')
			n.fields[k].render(buf, fieldType(t, k))
		}
		buf.WriteByte('}')
	case n.kind == 'a':
		buf.WriteByte('[')
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i, c := range n.items {
			if i > 0 {
				buf.WriteByte(',')
			}
			c.render(buf, elem)
		}
		buf.WriteByte(']')
	default:
		text := n.text.String()
		if wantsLiteral(t) && json.Valid([]byte(text)) || t == nil && isLiteral(text) {
			buf.WriteString(text)
			return
		}
		s, _ := json.Marshal(text)
		buf.Write(s)
	}
}

// wantsLiteral reports destination types a leaf's text is written raw for.
func wantsLiteral(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// isLiteral reports JSON numbers, true, false and null.
func isLiteral(text string) bool {
	if text == "true" || text == "false" || text == "null" {
		return true
	}
	if text == "" || !(text[0] == '-' || (text[0] >= '0' && text[0] <= '9')) {
		return false
	}
	return json.Valid([]byte(text))
}

func derefType(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// fieldType is the type of the struct field or map value named key, by the
// rules encoding/json uses (the json tag, else the name, case-insensitively).
func fieldType(t reflect.Type, key string) reflect.Type {
	switch {
	case t == nil:
		return nil
	case t.Kind() == reflect.Map:
		return t.Elem()
	case t.Kind() != reflect.Struct:
		return nil
	}
	var fold reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f.Type
		}
		if fold == nil && strings.EqualFold(name, key) {
			fold = f.Type
		}
	}
	return fold
}

// CollectText reads the rest of s and joins the text each event carries,
// as delta returns it; it returns the text and the stream's error.
func CollectText[T any](s *Stream[T], delta func(T) string) (string, error) {
	var b strings.Builder
	for s.Next() {
		b.WriteString(delta(s.Current()))
	}
	return b.String(), s.Err()
}

// CollectJSONPaths reads the rest of s, rebuilds the JSON value from the
// (path, delta) pairs pathDelta finds in each event (ok false skips one),
// and decodes it into out.
func CollectJSONPaths[T any](s *Stream[T], pathDelta func(T) (path, delta string, ok bool), out any) error {
	var b JSONPathBuilder
	for s.Next() {
		if path, delta, ok := pathDelta(s.Current()); ok {
			if err := b.Add(path, delta); err != nil {
				return err
			}
		}
	}
	if err := s.Err(); err != nil {
		return err
	}
	return b.Decode(out)
}
