package openapi

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// appendNumber writes a YAML number as JSON. Forms JSON lacks (0x1F, 1_000,
// .5, +1) are converted; infinities, NaN and numbers out of float64's range
// become strings.
func appendNumber(out []byte, v string) []byte {
	if isJSONNumber(v) {
		if len(v) > 15 || strings.ContainsAny(v, "eE") {
			// 1e700 is valid JSON that no float64 holds; it would stop the
			// load, so it goes through as a string.
			if f, err := strconv.ParseFloat(v, 64); err != nil || math.IsInf(f, 0) {
				return appendJSONString(out, v)
			}
		}
		return append(out, v...)
	}
	s := strings.ReplaceAll(v, "_", "")
	s = strings.TrimPrefix(s, "+")
	if i, err := strconv.ParseInt(s, 0, 64); err == nil {
		return strconv.AppendInt(out, i, 10)
	}
	if u, err := strconv.ParseUint(s, 0, 64); err == nil {
		return strconv.AppendUint(out, u, 10)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return strconv.AppendFloat(out, f, 'g', -1, 64)
	}
	return appendJSONString(out, v)
}

// isJSONNumber reports whether s follows the JSON number grammar.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	return i == len(s)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendJSONString(out []byte, s string) []byte {
	out = append(out, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			out = append(out, s[start:i]...)
			switch c {
			case '"', '\\':
				out = append(out, '\\', c)
			case '\n':
				out = append(out, '\\', 'n')
			case '\r':
				out = append(out, '\\', 'r')
			case '\t':
				out = append(out, '\\', 't')
			default:
				out = append(out, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			out = append(out, s[start:i]...)
			out = append(out, "\ufffd"...)
			i += size
			start = i
			continue
		}
		i += size
	}
	out = append(out, s[start:]...)
	return append(out, '"')
}
