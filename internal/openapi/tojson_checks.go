package openapi

import (
	"fmt"
	"strings"

	"github.com/sdkgen/sdkgen/internal/diag"
	"gopkg.in/yaml.v3"
)

// The JSON writer's checks that leave something out, and its warnings.

// warn adds a warning of a kind, at most maxPerKind of each kind; the rest
// are counted by summarize.
func (w *jsonWriter) warn(kind string, pos diag.Pos, code, fix, format string, args ...any) {
	if w.warned == nil {
		w.warned = map[string]int{}
	}
	w.warned[kind]++
	if w.warned[kind] <= maxPerKind {
		w.diags.Warnf(pos, code, fix, format, args...)
	}
}

// writerWarnings names the kinds of warn for the summary lines.
var writerWarnings = map[string]string{
	"key": "non-string key", "duplicate": "duplicate key", "null": "null value", "string": "number or boolean for a string",
}

// summarize counts the warnings warn left out.
func (w *jsonWriter) summarize() {
	for _, kind := range sortedKeys(w.warned) {
		if n := w.warned[kind] - maxPerKind; n > 0 {
			w.diags.Warnf(diag.Pos{File: w.src.file}, "Spec/Invalid", "fix the ones shown and run again to see more",
				"%d more %s warnings like the above not shown", n, writerWarnings[kind])
		}
	}
}

// valueKeys hold example and schema values, where null means null. Anywhere
// else in an OpenAPI document a null (paths: {/a: null}) stands for an
// object that is not there, and kin-openapi can crash on it.
var valueKeys = map[string]bool{
	"example": true, "examples": true, "default": true, "enum": true, "const": true, "value": true,
	"dataValue": true,
}

// nameMaps are the keys under which keys are names (of properties,
// schemas), not keywords: a property called "default" is not a default.
var nameMaps = map[string]bool{
	"properties": true, "patternProperties": true, "dependentSchemas": true, "$defs": true, "definitions": true,
	"schemas": true,
}

// isValueKey reports whether key holds an example or schema value (or an
// extension); w.path[parent] is the key of the mapping it is in.
func (w *jsonWriter) isValueKey(key string, parent int) bool {
	if !valueKeys[key] && !strings.HasPrefix(key, "x-") {
		return false
	}
	return parent < 0 || !nameMaps[w.path[parent]]
}

// skipNull reports whether a null value outside example and schema values
// is left out, and warns when it is.
func (w *jsonWriter) skipNull(at *yaml.Node, key string, v *yaml.Node) bool {
	if w.values > 0 || key != "" && w.isValueKey(key, len(w.path)-1) {
		return false
	}
	if v = deref(v); v != nil && (v.Kind != yaml.ScalarNode || v.ShortTag() != "!!null") {
		return false
	}
	what := "a null list item"
	if key != "" {
		what = fmt.Sprintf("the null value of %q", key)
	}
	fix := "remove it, or give it a value"
	if key == "$ref" {
		fix = "quote the reference ($ref: '#/...'): unquoted, # starts a YAML comment"
	}
	w.warn("null", w.src.pos(at), "Spec/Invalid", fix, "%s is ignored", what)
	return true
}

func (w *jsonWriter) entryValue(key string, v *yaml.Node, ctx wctx, label string, depth int) {
	if sv := deref(v); sv != nil && sv.Kind == yaml.ScalarNode && sv.ShortTag() == "!!str" && w.isRef(key) {
		ref := w.rewriteRef(sv.Value, sv)
		if !strings.HasPrefix(ref, "#") && (key == "$ref" || strings.Contains(ref, "/")) && w.values == 0 {
			// Another file (a mapping value without "/" is a schema name;
			// within example values a $ref is mostly data, and a real one
			// there makes splitLoad fail and give way).
			w.whole = true
		}
		if ref != sv.Value {
			w.rewrites[sv] = ref
			w.out = appendJSONString(w.out, ref)
			return
		}
	}
	if ctx == ctxNone {
		w.value(v, ctxNone, "", depth+1)
		return
	}
	if ctx == ctxRoot && key == "openapi" && w.openapi != "" {
		w.out = appendJSONString(w.out, w.openapi)
		return
	}
	sub := key
	if label != "" {
		sub = label + "." + key
	}
	if stringFields[ctx][key] {
		if sv := deref(v); sv != nil && sv.Kind == yaml.ScalarNode {
			w.scalar(sv, true, sub)
			return
		}
	}
	cctx := ctx.child(key)
	if cctx == ctxNone {
		sub = ""
	}
	w.value(v, cctx, sub, depth+1)
}
