package naming

import "strings"

// uncountable words keep their spelling in Singular. Read-only.
var uncountable = map[string]bool{
	"data": true, "metadata": true, "news": true, "series": true, "species": true, "status": true,
	"info": true, "information": true, "equipment": true, "feedback": true, "media": true,
	"analytics": true, "access": true, "address": true, "business": true,
	"process": true, "class": true, "alias": true, "canvas": true, "bus": true, "gas": true,
	"usage": true, "billing": true, "auth": true, "chat": true, "audio": true,
}

// irregular plurals and their singulars. Read-only.
var irregular = map[string]string{
	"people": "person", "children": "child", "men": "man", "women": "woman", "indices": "index",
	"matrices": "matrix", "vertices": "vertex", "analyses": "analysis", "criteria": "criterion",
	"leaves": "leaf", "lives": "life", "knives": "knife", "wives": "wife", "halves": "half",
}

// Singular returns the singular of an English noun in snake_case or
// lower case: "completions" is completion, "categories" category,
// "statuses" status, "data" data. Only the last word of a snake_case name
// changes ("vector_stores" is vector_store).
func Singular(s string) string {
	if i := strings.LastIndexAny(s, "_-."); i >= 0 {
		return s[:i+1] + Singular(s[i+1:])
	}
	lower := strings.ToLower(s)
	if uncountable[lower] || len(lower) < 3 {
		return s
	}
	if sing, ok := irregular[lower]; ok {
		return matchCase(s, sing)
	}
	switch {
	case strings.HasSuffix(lower, "ies") && len(lower) > 4:
		return s[:len(s)-3] + matchCase(s[len(s)-3:], "y")
	case strings.HasSuffix(lower, "sses"), strings.HasSuffix(lower, "shes"), strings.HasSuffix(lower, "ches"),
		strings.HasSuffix(lower, "xes"), strings.HasSuffix(lower, "zes"), strings.HasSuffix(lower, "uses"):
		return s[:len(s)-2]
	case strings.HasSuffix(lower, "ss"), strings.HasSuffix(lower, "us"), strings.HasSuffix(lower, "is"):
		return s
	case strings.HasSuffix(lower, "s"):
		return s[:len(s)-1]
	}
	return s
}

// matchCase spells repl in upper case when orig is all upper case.
func matchCase(orig, repl string) string {
	if orig == strings.ToUpper(orig) && orig != strings.ToLower(orig) {
		return strings.ToUpper(repl)
	}
	return repl
}
