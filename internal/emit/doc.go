package emit

import (
	doccomment "go/doc/comment"
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"
)

// comment renders text as the doc comment of a top-level declaration, in
// the form gofmt gives doc comments (go/doc/comment: headings, code blocks,
// lists), so jennifer's one formatting pass is already gofmt's fixed point.
// Every line is built here and handed to jennifer already starting with
// "//", so nothing in a description can end the comment early, open a block
// comment or form a directive: the text always follows "// " or "//\t".
func comment(text string) jen.Code {
	lines := commentLines(text)
	if len(lines) == 0 {
		return jen.Null()
	}
	var parser doccomment.Parser
	var printer doccomment.Printer
	// Printer.Comment gives the text without comment markers; they are
	// added here as gofmt adds them: "// " before text, "//" alone for a
	// blank line, "//" before a code block's tab.
	printed := strings.TrimSuffix(string(printer.Comment(parser.Parse(strings.Join(lines, "\n")))), "\n")
	g := []jen.Code{}
	for i, l := range strings.Split(printed, "\n") {
		if i > 0 {
			g = append(g, jen.Line())
		}
		switch {
		case l == "":
			l = "//"
		case strings.HasPrefix(l, "\t"):
			l = "//" + l
		default:
			l = "// " + l
		}
		g = append(g, jen.Comment(l))
	}
	return jen.Add(g...)
}

// fieldComment renders text as // lines for a struct field, which gofmt
// leaves as written.
func fieldComment(text string) jen.Code {
	lines := commentLines(text)
	if len(lines) == 0 {
		return jen.Null()
	}
	g := make([]jen.Code, 0, len(lines)*2)
	for i, l := range lines {
		if i > 0 {
			g = append(g, jen.Line())
		}
		if l == "" {
			g = append(g, jen.Comment("//"))
		} else {
			g = append(g, jen.Comment("// "+l))
		}
	}
	return jen.Add(g...)
}

// commentLines splits text into clean comment lines: control characters
// dropped, trailing space trimmed, runs of blank lines folded, leading and
// trailing blank lines removed.
func commentLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []string
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimRightFunc(strings.Map(func(r rune) rune {
			if r == '\t' {
				return ' '
			}
			if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
				return -1
			}
			return r
		}, raw), unicode.IsSpace)
		if line == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		if strings.HasPrefix(line, "+build") {
			// "// +build" is an old-style build constraint; indent it so it
			// can never be read as one.
			line = " " + line
		}
		out = append(out, line)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// docFor is a doc comment that starts with the identifier's name, as Go
// doc comments do: the spec's text when it already starts with the name,
// else lead, then the spec's text as its own paragraph.
func docFor(name, lead, text string, extra ...string) string {
	text = strings.TrimSpace(text)
	var parts []string
	if text != "" && strings.HasPrefix(text, name+" ") {
		parts = append(parts, text)
	} else {
		parts = append(parts, name+" "+lead)
		if text != "" {
			parts = append(parts, text)
		}
	}
	for _, e := range extra {
		if e != "" {
			parts = append(parts, e)
		}
	}
	return strings.Join(parts, "\n\n")
}
