package main

import (
	"fmt"
	"strings"

	"github.com/sdkgen/sdkgen/internal/diag"
	"github.com/sdkgen/sdkgen/internal/writer"
)

// report prints every diagnostic, one a line, then a summary line, to
// standard error. It prints nothing for an empty list.
func (a *app) report(l diag.List) {
	if len(l) == 0 {
		return
	}
	for _, d := range l {
		fmt.Fprintln(a.stderr, d)
	}
	fmt.Fprintf(a.stderr, "sdkgen: %s\n", summary(l))
}

// summary counts diagnostics: "2 errors, 1 warning", with notes added when
// there are any.
func summary(l diag.List) string {
	errs, warns := l.Count()
	notes := 0
	for _, d := range l {
		if d.Severity == diag.Note {
			notes++
		}
	}
	parts := []string{plural(errs, "error"), plural(warns, "warning")}
	if notes > 0 {
		parts = append(parts, plural(notes, "note"))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// printStale lists, on standard output, the files -check found out of date
// and a short diff of each.
func (a *app) printStale(c *writer.Changes) {
	for _, ch := range c.Pending() {
		fmt.Fprintf(a.stdout, "%-8s %s\n", ch.Action, ch.Path)
	}
	fmt.Fprintln(a.stdout)
	c.Diff(a.stdout)
}
