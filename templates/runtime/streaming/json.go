package streaming

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// Small allocation-free helpers to look at the top level of a JSON object
// without decoding it: the stream needs one property (the event type or the
// error property) per event, and encoding/json would allocate a map.

// topLevelField returns the raw value of key in the JSON object data. It
// returns false when data is not an object (or is malformed before key) or
// has no such key. The first occurrence wins.
func topLevelField(data []byte, key string) ([]byte, bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}
	i++
	for {
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != '"' {
			return nil, false // '}' or malformed
		}
		kEnd, escaped := scanString(data, i)
		if kEnd < 0 {
			return nil, false
		}
		k := data[i+1 : kEnd-1]
		var found bool
		if escaped {
			var s string
			found = json.Unmarshal(data[i:kEnd], &s) == nil && s == key
		} else {
			found = string(k) == key
		}
		i = skipSpace(data, kEnd)
		if i >= len(data) || data[i] != ':' {
			return nil, false
		}
		i = skipSpace(data, i+1)
		vEnd := skipValue(data, i)
		if vEnd < 0 {
			return nil, false
		}
		if found {
			return data[i:vEnd], true
		}
		i = skipSpace(data, vEnd)
		if i >= len(data) || data[i] != ',' {
			return nil, false
		}
		i++
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isJSONSpace(b[i]) {
		i++
	}
	return i
}

// scanString returns the index after the string starting at b[i] == '"', and
// whether it contains escapes; -1 if it is not terminated.
func scanString(b []byte, i int) (int, bool) {
	escaped := false
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j + 1, escaped
		}
	}
	return -1, false
}

// skipValue returns the index after the JSON value starting at b[i], or -1.
// It checks structure only as far as needed to find the end.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		end, _ := scanString(b, i)
		return end
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, _ := scanString(b, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && !isJSONSpace(b[j]) && b[j] != ',' && b[j] != '}' && b[j] != ']' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

// isNull reports whether a raw JSON value is null.
func isNull(v []byte) bool { return string(v) == "null" }

// stringValue returns the text of a raw JSON string value. Plain strings are
// returned as a slice of v (no allocation); escaped ones are decoded.
func stringValue(v []byte) (plain []byte, decoded string, ok bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return nil, "", false
	}
	inner := v[1 : len(v)-1]
	for _, c := range inner {
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			var s string
			if json.Unmarshal(v, &s) != nil {
				return nil, "", false
			}
			return nil, s, true
		}
	}
	return inner, "", true
}

// appendEnvelope writes {"id":..,"event":..,"data":..,"retry":..}: data is
// embedded as JSON when it is valid JSON, else as a JSON string. Absent fields
// are left out.
func appendEnvelope(b []byte, ev Event, hasID bool) []byte {
	b = append(b, '{')
	if hasID {
		b = append(b, `"id":`...)
		b = appendJSONString(b, ev.ID)
		b = append(b, ',')
	}
	if ev.Type != "" {
		b = append(b, `"event":`...)
		b = appendJSONString(b, ev.Type)
		b = append(b, ',')
	}
	b = append(b, `"data":`...)
	if data := trimJSONSpace(ev.Data); len(data) > 0 && json.Valid(data) {
		b = append(b, data...)
	} else {
		b = appendJSONString(b, string(ev.Data))
	}
	if ev.Retry > 0 {
		b = append(b, `,"retry":`...)
		b = strconv.AppendInt(b, int64(ev.Retry), 10)
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes U+FFFD
// as encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
