package openapi

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// maxDepth bounds the nesting of a document, so hostile input cannot exhaust
// the stack of the scanner, the JSON writer or kin-openapi.
const maxDepth = 1000

// jsonSyntaxError is a JSON syntax error at a 1-based line and byte column.
type jsonSyntaxError struct {
	line, col int
	msg       string
}

func (e *jsonSyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.line, e.col, e.msg)
}

// scanJSON parses a JSON document into a yaml.Node tree, so that JSON and
// YAML specs share one position-carrying representation. yaml.v3 itself
// cannot be used for JSON: it rejects valid JSON such as "\/" escapes and
// UTF-16 surrogate pairs. Columns count bytes.
func scanJSON(data []byte) (*yaml.Node, error) {
	s := &jsonScanner{data: data, line: 1}
	if strings.HasPrefix(string(data[:min(3, len(data))]), "\ufeff") {
		s.pos = 3
	}
	s.skipSpace()
	n, err := s.value(0)
	if err != nil {
		return nil, err
	}
	s.skipSpace()
	if s.pos < len(s.data) {
		return nil, s.errorf("unexpected %s after the top-level value", s.describe())
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: 1, Column: 1, Content: []*yaml.Node{n}}, nil
}

type jsonScanner struct {
	data      []byte
	pos       int
	line      int
	lineStart int
	buf       []byte
}

func (s *jsonScanner) errorf(format string, args ...any) error {
	return &jsonSyntaxError{line: s.line, col: s.pos - s.lineStart + 1, msg: fmt.Sprintf(format, args...)}
}

// describe names the byte at the current position for an error message.
func (s *jsonScanner) describe() string {
	if s.pos >= len(s.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(s.data[s.pos:])
	return fmt.Sprintf("character %q", r)
}

func (s *jsonScanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case '\n':
			s.pos++
			s.line++
			s.lineStart = s.pos
		case ' ', '\t', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *jsonScanner) node(kind yaml.Kind, tag string) *yaml.Node {
	return &yaml.Node{Kind: kind, Tag: tag, Line: s.line, Column: s.pos - s.lineStart + 1}
}

func (s *jsonScanner) value(depth int) (*yaml.Node, error) {
	if depth > maxDepth {
		return nil, s.errorf("nesting deeper than %d levels", maxDepth)
	}
	if s.pos >= len(s.data) {
		return nil, s.errorf("unexpected end of input, expecting a value")
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.object(depth)
	case c == '[':
		return s.array(depth)
	case c == '"':
		n := s.node(yaml.ScalarNode, "!!str")
		v, err := s.str()
		n.Value = v
		n.Style = yaml.DoubleQuotedStyle
		return n, err
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	}
	for _, lit := range [...]struct{ text, tag string }{{"true", "!!bool"}, {"false", "!!bool"}, {"null", "!!null"}} {
		if strings.HasPrefix(string(s.data[s.pos:min(len(s.data), s.pos+5)]), lit.text) {
			n := s.node(yaml.ScalarNode, lit.tag)
			n.Value = lit.text
			s.pos += len(lit.text)
			return n, nil
		}
	}
	return nil, s.errorf("unexpected %s, expecting a value", s.describe())
}

func (s *jsonScanner) object(depth int) (*yaml.Node, error) {
	n := s.node(yaml.MappingNode, "!!map")
	n.Style = yaml.FlowStyle
	s.pos++ // {
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return n, nil
	}
	for {
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return nil, s.errorf("unexpected %s, expecting a string key", s.describe())
		}
		k := s.node(yaml.ScalarNode, "!!str")
		k.Style = yaml.DoubleQuotedStyle
		key, err := s.str()
		if err != nil {
			return nil, err
		}
		k.Value = key
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return nil, s.errorf("unexpected %s after object key %q, expecting ':'", s.describe(), key)
		}
		s.pos++
		s.skipSpace()
		v, err := s.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, k, v)
		s.skipSpace()
		if s.pos < len(s.data) && s.data[s.pos] == ',' {
			s.pos++
			s.skipSpace()
			continue
		}
		if s.pos < len(s.data) && s.data[s.pos] == '}' {
			s.pos++
			return n, nil
		}
		return nil, s.errorf("unexpected %s in object, expecting ',' or '}'", s.describe())
	}
}

func (s *jsonScanner) array(depth int) (*yaml.Node, error) {
	n := s.node(yaml.SequenceNode, "!!seq")
	n.Style = yaml.FlowStyle
	s.pos++ // [
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		return n, nil
	}
	for {
		v, err := s.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, v)
		s.skipSpace()
		if s.pos < len(s.data) && s.data[s.pos] == ',' {
			s.pos++
			s.skipSpace()
			continue
		}
		if s.pos < len(s.data) && s.data[s.pos] == ']' {
			s.pos++
			return n, nil
		}
		return nil, s.errorf("unexpected %s in array, expecting ',' or ']'", s.describe())
	}
}

func (s *jsonScanner) number() (*yaml.Node, error) {
	n := s.node(yaml.ScalarNode, "!!int")
	start := s.pos
	d := s.data
	if d[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(d) && d[s.pos] == '0':
		s.pos++
	case s.pos < len(d) && d[s.pos] >= '1' && d[s.pos] <= '9':
		s.digits()
	default:
		return nil, s.errorf("invalid number: expecting a digit, found %s", s.describe())
	}
	if s.pos < len(d) && d[s.pos] == '.' {
		n.Tag = "!!float"
		s.pos++
		if s.digits() == 0 {
			return nil, s.errorf("invalid number: expecting a digit after '.', found %s", s.describe())
		}
	}
	if s.pos < len(d) && (d[s.pos] == 'e' || d[s.pos] == 'E') {
		n.Tag = "!!float"
		s.pos++
		if s.pos < len(d) && (d[s.pos] == '+' || d[s.pos] == '-') {
			s.pos++
		}
		if s.digits() == 0 {
			return nil, s.errorf("invalid number: expecting a digit in the exponent, found %s", s.describe())
		}
	}
	n.Value = string(d[start:s.pos])
	return n, nil
}

func (s *jsonScanner) digits() int {
	start := s.pos
	for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
		s.pos++
	}
	return s.pos - start
}

// str reads a string starting at the opening quote and returns its value.
func (s *jsonScanner) str() (string, error) {
	s.pos++ // opening quote
	start := s.pos
	// Fast path: no escapes.
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		if c == '"' {
			v := s.data[start:s.pos]
			s.pos++
			if !utf8.Valid(v) {
				return validUTF8(v), nil
			}
			return string(v), nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		s.pos++
	}
	s.buf = append(s.buf[:0], s.data[start:s.pos]...)
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return validUTF8(s.buf), nil
		case c < 0x20:
			return "", s.errorf("invalid control character %q in string", rune(c))
		case c != '\\':
			s.buf = append(s.buf, c)
			s.pos++
			continue
		}
		s.pos++ // backslash
		if s.pos >= len(s.data) {
			break
		}
		e := s.data[s.pos]
		s.pos++
		switch e {
		case '"', '\\', '/':
			s.buf = append(s.buf, e)
		case 'b':
			s.buf = append(s.buf, '\b')
		case 'f':
			s.buf = append(s.buf, '\f')
		case 'n':
			s.buf = append(s.buf, '\n')
		case 'r':
			s.buf = append(s.buf, '\r')
		case 't':
			s.buf = append(s.buf, '\t')
		case 'u':
			r, ok := s.hex4()
			if !ok {
				return "", s.errorf("invalid \\u escape in string")
			}
			if utf16.IsSurrogate(r) {
				// A high surrogate followed by a low one is one rune; a lone
				// surrogate becomes U+FFFD, as encoding/json does.
				save := s.pos
				if s.pos+1 < len(s.data) && s.data[s.pos] == '\\' && s.data[s.pos+1] == 'u' {
					s.pos += 2
					if r2, ok := s.hex4(); ok {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							s.buf = utf8.AppendRune(s.buf, d)
							continue
						}
					}
				}
				s.pos = save
				r = utf8.RuneError
			}
			s.buf = utf8.AppendRune(s.buf, r)
		default:
			s.pos--
			return "", s.errorf("invalid escape '\\%c' in string", e)
		}
	}
	return "", s.errorf("unterminated string")
}

func (s *jsonScanner) hex4() (rune, bool) {
	if s.pos+4 > len(s.data) {
		return 0, false
	}
	var r rune
	for _, c := range s.data[s.pos : s.pos+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	s.pos += 4
	return r, true
}

// validUTF8 replaces each invalid byte with U+FFFD, as encoding/json does.
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			out = append(out, "\ufffd"...)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return string(out)
}
