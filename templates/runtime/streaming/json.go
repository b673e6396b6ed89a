package streaming

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/sdkgen/sdkgen/templates/runtime/internal/apijson"
)

// stringValue returns the text of a raw JSON string value. Plain strings are
// returned as a slice of v (no allocation); escaped ones are decoded.
func stringValue(v []byte) (plain []byte, decoded string, ok bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return nil, "", false
	}
	inner := v[1 : len(v)-1]
	for _, c := range inner {
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			s, ok := apijson.Unquote(v)
			return nil, s, ok
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
	if data := apijson.TrimSpace(ev.Data); len(data) > 0 && json.Valid(data) {
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
