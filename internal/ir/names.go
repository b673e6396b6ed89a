package ir

import (
	"strings"

	"github.com/sdkgen/sdkgen/internal/diag"
	"github.com/sdkgen/sdkgen/internal/naming"
)

// suggest renders a "did you mean" fix, or fallback when nothing is close.
func suggest(name string, candidates []string, fallback string) string {
	if near, ok := diag.Nearest(name, candidates); ok {
		return "did you mean " + quote(near) + "?"
	}
	return fallback
}

func quote(s string) string { return `"` + s + `"` }

// snake renders a Go name as a file name stem: ChatCompletion is
// chat_completion.
func snake(goName string) string {
	words := naming.Words(goName)
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	return strings.Join(words, "_")
}

// singularPath is the Go stem of a resource path: chat.completions is
// ChatCompletion.
func singularPath(path string) string {
	var b strings.Builder
	for _, part := range strings.Split(path, ".") {
		if part == "$shared" {
			continue
		}
		b.WriteString(naming.Exported(naming.Singular(part)))
	}
	return b.String()
}

// resourceKey turns a tag or path segment into a resource key:
// "Pet Store" is pet_store.
func resourceKey(s string) string {
	words := naming.Words(s)
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	if len(words) == 0 {
		return "default"
	}
	return strings.Join(words, "_")
}
