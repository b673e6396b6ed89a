package config

import (
	"strings"

	"github.com/sdkgen/sdkgen/internal/diag"
)

// WalkResources calls fn for every resource and subresource in file order,
// parents before children, with its dotted path ("chat.completions").
func (c *Config) WalkResources(fn func(path string, r *Resource)) {
	var walk func(prefix string, rs []*Resource)
	walk = func(prefix string, rs []*Resource) {
		for _, r := range rs {
			p := join(prefix, r.Name)
			fn(p, r)
			walk(p, r.Subresources)
		}
	}
	walk("", c.Resources)
}

// ModelPaths lists the path of every configured model in file order, as
// stream_event_model names them: "chat.completions.chat_completion_chunk",
// or "$shared.x" for a model under resources.$shared.
func (c *Config) ModelPaths() []string {
	var out []string
	c.WalkResources(func(path string, r *Resource) {
		for _, m := range r.Models {
			out = append(out, path+"."+m.Name)
		}
	})
	return out
}

// SuggestModel returns the configured model path nearest to a path that was
// not found, for "did you mean". It first tries edit distance, then the words
// the paths share ("chat.completion.chunk" suggests
// "chat.completions.chat_completion_chunk").
func (c *Config) SuggestModel(path string) (string, bool) {
	paths := c.ModelPaths()
	if s, ok := diag.Nearest(path, paths); ok {
		return s, true
	}
	want := words(path)
	best, bestScore := "", 0
	for _, p := range paths {
		have := words(p)
		score := 0
		for w := range want {
			if have[w] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	return best, bestScore > 0 && 2*bestScore >= len(want)
}

// words splits a model path into its words, singular and lower case.
func words(path string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(path), func(r rune) bool { return r == '.' || r == '_' || r == '$' }) {
		out[strings.TrimSuffix(w, "s")] = true
	}
	return out
}
