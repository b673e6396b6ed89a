package writer

import (
	"fmt"
	"io"
	"strings"
)

const (
	// diffContext is how many unchanged lines surround each change.
	diffContext = 3
	// diffMaxLines caps the hunk lines printed per file, so -check output in
	// CI stays readable when a whole file changes.
	diffMaxLines = 60
	// diffMaxEdits bounds the work of the line diff; beyond it the differing
	// middle of the file is shown as removed and then added.
	diffMaxEdits = 1000
)

// Diff writes a short unified diff of every file that would change, in path
// order: "--- a/path" and "+++ b/path" headers (/dev/null for a new or
// deleted file), then hunks with a few lines of context, at most diffMaxLines
// hunk lines per file.
func (c *Changes) Diff(w io.Writer) {
	for _, ch := range c.Pending() {
		from, to := "a/"+ch.Path, "b/"+ch.Path
		switch ch.Action {
		case Create:
			from = "/dev/null"
		case Delete:
			to = "/dev/null"
		}
		fmt.Fprintf(w, "--- %s\n+++ %s\n", from, to)
		writeHunks(w, diffLines(splitLines(ch.Old), splitLines(ch.New)))
	}
}

// splitLines splits text after each newline. A last line without one
// stays distinct from the same line with one, so that change shows too.
func splitLines(b []byte) []string {
	lines := strings.SplitAfter(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// op is one line of an edit script.
type op struct {
	kind byte // ' ', '-' or '+'
	text string
	a, b int // 0-based line numbers in old and new before this line
}

// diffLines returns an edit script turning a into b: Myers' algorithm
// after trimming the common prefix and suffix.
func diffLines(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := range pre {
		ops = append(ops, op{' ', a[i], i, i})
	}
	for _, o := range myers(a[pre:len(a)-suf], b[pre:len(b)-suf]) {
		o.a += pre
		o.b += pre
		ops = append(ops, o)
	}
	for i := range suf {
		ai, bi := len(a)-suf+i, len(b)-suf+i
		ops = append(ops, op{' ', a[ai], ai, bi})
	}
	return ops
}

// myers returns the shortest edit script from a to b, or, when that needs
// more than diffMaxEdits edits, all of a removed and all of b added.
func myers(a, b []string) []op {
	n, m := len(a), len(b)
	// v[k+off] is the furthest x reached on diagonal k = x-y. trace[d] keeps
	// v over diagonals -d..d as it was before step d, for the walk back.
	off := n + m + 1
	v := make([]int, 2*off+1)
	var trace [][]int
	end := -1
	for d := 0; d <= min(n+m, diffMaxEdits) && end < 0; d++ {
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: insert b[y-1]
			} else {
				x = v[off+k-1] + 1 // right: delete a[x-1]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				end = d
				break
			}
		}
	}
	if end < 0 {
		ops := make([]op, 0, n+m)
		for i, s := range a {
			ops = append(ops, op{'-', s, i, 0})
		}
		for j, s := range b {
			ops = append(ops, op{'+', s, n, j})
		}
		return ops
	}

	var rev []op
	x, y := n, m
	for d := end; d > 0; d-- {
		prev := trace[d] // indexed by k+d
		k := x - y
		var pk int
		if k == -d || (k != d && prev[k-1+d] < prev[k+1+d]) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := prev[pk+d]
		py := px - pk
		for x > px && y > py {
			x, y = x-1, y-1
			rev = append(rev, op{' ', a[x], x, y})
		}
		if x == px {
			y--
			rev = append(rev, op{'+', b[y], x, y})
		} else {
			x--
			rev = append(rev, op{'-', a[x], x, y})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, op{' ', a[x], x, y})
	}
	ops := make([]op, len(rev))
	for i, o := range rev {
		ops[len(rev)-1-i] = o
	}
	return ops
}

// writeHunks prints the changes in ops as unified-diff hunks with
// diffContext lines of context, stopping after diffMaxLines lines.
func writeHunks(w io.Writer, ops []op) {
	printed := 0
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk runs from the context before this change to the context
		// after the last change closer than two contexts away.
		start := max(0, i-diffContext)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j
			} else if j-end > 2*diffContext {
				break
			}
		}
		stop := min(len(ops), end+1+diffContext)
		hunk := ops[start:stop]
		var na, nb int
		for _, o := range hunk {
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(w, "@@ -%s +%s @@\n", hunkRange(hunk[0].a, na), hunkRange(hunk[0].b, nb))
		for n, o := range hunk {
			if printed == diffMaxLines {
				fmt.Fprintf(w, "... (%d more changed lines not shown)\n", remaining(hunk[n:], ops[stop:]))
				return
			}
			fmt.Fprintf(w, "%c%s\n", o.kind, strings.TrimSuffix(o.text, "\n"))
			if !strings.HasSuffix(o.text, "\n") {
				fmt.Fprintln(w, `\ No newline at end of file`)
			}
			printed++
		}
		i = stop
	}
}

// hunkRange renders a unified-diff line range: 1-based start and count, with
// the start one line earlier when the range is empty, as diff(1) does.
func hunkRange(start, count int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if count == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}

// remaining counts the changed lines not printed: in the rest of this hunk
// and after it.
func remaining(hunk, rest []op) int {
	n := 0
	for _, o := range append(hunk[:len(hunk):len(hunk)], rest...) {
		if o.kind != ' ' {
			n++
		}
	}
	return n
}
