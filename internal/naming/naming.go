// Package naming turns names from the spec and the config into Go
// identifiers. Names are public API of every generated SDK, so the rules live
// in one place and are table-tested: word splitting, Go initialisms, reserved
// words, and a final token.IsIdentifier check.
package naming

import (
	"go/token"
	"strings"
	"unicode"
)

// initialisms are written all upper case in Go names (ID, URL, JSONPath).
// Read-only.
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "CSV": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true, "IDS": true,
	"IP": true, "JSON": true, "JWT": true, "LHS": true, "MFA": true, "OS": true, "QPS": true, "RAM": true,
	"RHS": true, "RPC": true, "SDK": true, "SLA": true, "SMS": true, "SMTP": true, "SQL": true,
	"SSH": true, "SSO": true, "TCP": true, "TLS": true, "TTL": true, "UDP": true, "UI": true,
	"UID": true, "URI": true, "URL": true, "URLS": true, "UTF8": true, "UUID": true, "VM": true,
	"XML": true, "XMPP": true, "XSRF": true, "XSS": true,
}

// symbolWords name values made only of symbols ("+", "-", ">="), so that
// enum constants for them stay distinct and readable.
var symbolWords = map[rune]string{
	'+': "Plus", '-': "Minus", '*': "Star", '/': "Slash", '.': "Dot", '<': "Lt", '>': "Gt",
	'=': "Eq", '!': "Not", '_': "Underscore", '@': "At", '#': "Hash", '$': "Dollar", '%': "Percent",
	'&': "And", '|': "Or", '~': "Tilde", '^': "Caret", '?': "Question", ':': "Colon", ',': "Comma",
	' ': "Space", '`': "Backquote", '\\': "Backslash", '"': "Quote", '\'': "Apostrophe",
	'(': "LParen", ')': "RParen", '[': "LBracket", ']': "RBracket", '{': "LBrace", '}': "RBrace",
}

// Words splits a name into words at separators, at lower-to-upper case
// changes, and before the last capital of a run of capitals that is followed
// by lower case ("HTTPServer" is HTTP, Server). Letters and digits outside
// ASCII are dropped: generated identifiers stay ASCII.
func Words(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			flush()
			continue
		}
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			switch {
			case unicode.IsUpper(r) && unicode.IsLower(prev):
				flush()
			case unicode.IsUpper(r) && unicode.IsDigit(prev) && len(cur) > 1:
				// "v2Beta" splits as v2, Beta; a lone digit keeps its letters ("2FA").
				flush()
			case unicode.IsUpper(prev) && unicode.IsLower(r) && len(cur) > 1 && allUpper(cur):
				// "HTTPServer": move the S to the next word.
				last := cur[len(cur)-1]
				cur = cur[:len(cur)-1]
				flush()
				cur = append(cur, last)
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

func allUpper(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// Exported returns the PascalCase Go name for s, with initialisms upper case:
// "max_tokens" is MaxTokens, "json_path" JSONPath, "petId" PetID. A name
// that would start with a digit gets a leading "V"; a name with no letters or
// digits is spelt from its symbols ("+" is Plus); an empty one is "Empty".
func Exported(s string) string {
	words := Words(s)
	if len(words) == 0 {
		return symbolName(s)
	}
	var b strings.Builder
	for _, w := range words {
		b.WriteString(titleWord(w))
	}
	out := b.String()
	if out[0] >= '0' && out[0] <= '9' {
		out = "V" + out
	}
	return out
}

// Unexported returns the camelCase Go name for s, safe to use as a local
// variable or parameter: "PetID" is petID, "URLPath" urlPath, "type" type_.
func Unexported(s string) string {
	words := Words(s)
	if len(words) == 0 {
		return Safe(lowerFirst(symbolName(s)))
	}
	var b strings.Builder
	for i, w := range words {
		if i == 0 {
			b.WriteString(strings.ToLower(w))
			continue
		}
		b.WriteString(titleWord(w))
	}
	out := b.String()
	if out[0] >= '0' && out[0] <= '9' {
		out = "v" + out
	}
	return Safe(out)
}

// Package returns a Go package name for s: lower case letters and digits,
// never a keyword; "sdk" when nothing is left.
func Package(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r <= unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if out == "" || (out[0] >= '0' && out[0] <= '9') {
		out = "sdk" + out
	}
	if token.IsKeyword(out) || predeclared[out] {
		out += "sdk"
	}
	return out
}

// Safe makes an unexported identifier usable: a Go keyword or predeclared
// identifier gets a trailing underscore.
func Safe(s string) string {
	if token.IsKeyword(s) || predeclared[s] {
		return s + "_"
	}
	return s
}

// IsIdentifier reports whether s is a valid Go identifier that is not a
// keyword: the final check every generated name passes.
func IsIdentifier(s string) bool { return token.IsIdentifier(s) }

// predeclared are Go's predeclared identifiers; shadowing them in generated
// code is legal but confusing, so unexported names avoid them.
var predeclared = map[string]bool{
	"any": true, "append": true, "bool": true, "byte": true, "cap": true, "clear": true, "close": true,
	"comparable": true, "complex": true, "complex128": true, "complex64": true, "copy": true,
	"delete": true, "error": true, "false": true, "float32": true, "float64": true, "imag": true,
	"int": true, "int16": true, "int32": true, "int64": true, "int8": true, "iota": true, "len": true,
	"make": true, "max": true, "min": true, "new": true, "nil": true, "panic": true, "print": true,
	"println": true, "real": true, "recover": true, "rune": true, "string": true, "true": true,
	"uint": true, "uint16": true, "uint32": true, "uint64": true, "uint8": true, "uintptr": true,
}

func titleWord(w string) string {
	if up := strings.ToUpper(w); initialisms[up] {
		if up == "IDS" {
			return "IDs"
		}
		if up == "URLS" {
			return "URLs"
		}
		return up
	}
	return strings.ToUpper(w[:1]) + strings.ToLower(w[1:])
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func symbolName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if w, ok := symbolWords[r]; ok {
			b.WriteString(w)
		}
	}
	if b.Len() == 0 {
		return "Empty"
	}
	return b.String()
}
