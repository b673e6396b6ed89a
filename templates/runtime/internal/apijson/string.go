package apijson

import (
	"unicode/utf16"
	"unicode/utf8"
)

// Unquote decodes the JSON string v (quotes included) exactly as
// encoding/json does; ok is false when v is not one whole JSON string.
func Unquote(v []byte) (s string, ok bool) {
	end, s, ok := unquote(v, 0)
	return s, ok && end == len(v)
}

// unquote decodes the JSON string starting at b[i] == '"' as encoding/json
// does: escapes resolved, a lone or broken surrogate and each invalid UTF-8
// byte replaced by U+FFFD. It returns the index after the closing quote; ok
// is false for a syntax error (an unknown escape, a control character, no
// closing quote).
func unquote(b []byte, i int) (end int, s string, ok bool) {
	out := make([]byte, 0, 32)
	for j := i + 1; j < len(b); {
		c := b[j]
		switch {
		case c == '"':
			return j + 1, string(out), true
		case c < 0x20:
			return 0, "", false
		case c == '\\':
			if j+1 >= len(b) {
				return 0, "", false
			}
			switch e := b[j+1]; e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := hex4(b, j+2)
				if !ok {
					return 0, "", false
				}
				j += 6
				if utf16.IsSurrogate(r) {
					if r2, ok := hex4(b, j+2); ok && b[j] == '\\' && j+1 < len(b) && b[j+1] == 'u' {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							out = utf8.AppendRune(out, dec)
							j += 6
							continue
						}
					}
				}
				// A lone surrogate is written as U+FFFD, as encoding/json does.
				out = utf8.AppendRune(out, r)
				continue
			default:
				return 0, "", false
			}
			j += 2
		case c < utf8.RuneSelf:
			out = append(out, c)
			j++
		default:
			r, size := utf8.DecodeRune(b[j:])
			if r == utf8.RuneError && size == 1 {
				out = utf8.AppendRune(out, utf8.RuneError)
			} else {
				out = append(out, b[j:j+size]...)
			}
			j += size
		}
	}
	return 0, "", false
}

// hex4 decodes the four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	return r, true
}

// skipQuoted checks the JSON string starting at b[i] == '"' and returns the
// index after it.
func skipQuoted(b []byte, i int) (int, bool) {
	for j := i + 1; j < len(b); {
		c := b[j]
		switch {
		case c == '"':
			return j + 1, true
		case c < 0x20:
			return 0, false
		case c == '\\':
			if j+1 >= len(b) {
				return 0, false
			}
			switch b[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if _, ok := hex4(b, j+2); !ok {
					return 0, false
				}
				j += 6
			default:
				return 0, false
			}
		default:
			j++
		}
	}
	return 0, false
}
