package openapi

import (
	"slices"
	"strconv"
	"strings"

	"github.com/sdkgen/sdkgen/internal/diag"
	"gopkg.in/yaml.v3"
)

// jsonWriter turns a node tree into the JSON that kin-openapi decodes. Going
// through our own writer rather than kin-openapi's YAML path means the YAML
// is parsed once, into nodes that keep positions and key order, and
// kin-openapi takes its fast encoding/json path.
//
// On the way it expands aliases and merge keys (with a size budget), inlines
// OpenAPI 3.2 media type $refs (kin-openapi v0.152 has no
// components.mediaTypes), warns about duplicate keys, and quotes numbers and
// booleans written where OpenAPI wants a string (info.version: 1.0), which
// would otherwise stop the load.
type jsonWriter struct {
	src   *source
	nav   *nav
	diags *diag.List
	out   []byte
	limit int
	// expanding holds the aliases and media type $refs being written, to
	// catch one that contains itself.
	expanding []*yaml.Node
	err       *diag.Diagnostic
	// openapi, when set, replaces the document's openapi field.
	openapi string
	// path holds the keys (and sequence indexes) from the root to the value
	// being written, and stack the mappings on the way with their depth in
	// path; both for resolving "#/$defs/X" (see refrewrite.go).
	path  []string
	stack []frame
	ids   schemaIDs
	// rewrites records rewritten $refs; localDefs counts "#/$defs/X" ones.
	rewrites       refRewrites
	localDefs      int
	firstLocalDefs diag.Pos
	// values counts the example and schema values (see valueKeys) the
	// writer is inside of.
	values int
	// warned counts warnings by kind, for the cap.
	warned map[string]int
	// parts and whole: see jsonDoc; containers lists the paths,
	// components and components.schemas keys met.
	parts      []jsonPart
	whole      bool
	containers []string
}

// jsonDoc is the JSON written for kin-openapi, with what the writer noted on
// the way for the split load (splitload.go).
type jsonDoc struct {
	js       []byte
	rewrites refRewrites
	// parts are the values of the root's paths entries (but x- ones) and
	// components.schemas entries, as ranges of js in written order.
	parts []jsonPart
	// whole is set when the document must be loaded in one piece: a $ref
	// or a discriminator mapping may name another file, or paths,
	// components or components.schemas appears twice (kin-openapi keeps the
	// last paths or components but merges the schemas; parts would hold
	// all of them).
	whole bool
}

// jsonPart is one entry's value, js[start:end].
type jsonPart struct {
	key        string
	schema     bool // a components.schemas entry, else a path item
	start, end int
}

type frame struct {
	node  *yaml.Node
	depth int
}

// wctx says where in an OpenAPI document a node is, for the few places
// where a scalar must be a string. Everything else is ctxNone.
type wctx uint8

const (
	ctxNone wctx = iota
	ctxRoot
	ctxInfo
	ctxServers
	ctxServer
	ctxVars
	ctxVar
	ctxStrings
	ctxPaths
	ctxPathItem
	ctxOps
	ctxOp
	ctxTags
	ctxTag
)

// stringFields lists, per context, the keys whose value must be a string.
var stringFields = map[wctx]map[string]bool{
	ctxRoot:     {"openapi": true, "swagger": true, "host": true, "basePath": true},
	ctxInfo:     {"title": true, "version": true, "description": true, "summary": true, "termsOfService": true},
	ctxServer:   {"url": true, "description": true, "name": true},
	ctxVar:      {"default": true, "description": true},
	ctxPathItem: {"summary": true, "description": true},
	ctxOp:       {"operationId": true, "summary": true, "description": true},
	ctxTag:      {"name": true, "description": true, "summary": true, "parent": true, "kind": true},
}

// child returns the context of the value under key in a mapping in ctx.
func (c wctx) child(key string) wctx {
	switch c {
	case ctxRoot:
		switch key {
		case "info":
			return ctxInfo
		case "servers":
			return ctxServers
		case "paths", "webhooks":
			return ctxPaths
		case "tags":
			return ctxTags
		}
	case ctxServer:
		if key == "variables" {
			return ctxVars
		}
	case ctxVars:
		return ctxVar
	case ctxVar:
		if key == "enum" {
			return ctxStrings
		}
	case ctxPaths:
		return ctxPathItem
	case ctxPathItem:
		switch key {
		case "servers":
			return ctxServers
		case "additionalOperations":
			return ctxOps
		case "parameters", "$ref", "summary", "description":
			return ctxNone
		}
		if strings.HasPrefix(key, "x-") {
			return ctxNone
		}
		return ctxOp
	case ctxOps:
		return ctxOp
	case ctxOp:
		switch key {
		case "tags":
			return ctxStrings
		case "servers":
			return ctxServers
		}
	}
	return ctxNone
}

// elem returns the context of the items of a sequence in ctx.
func (c wctx) elem() wctx {
	switch c {
	case ctxServers:
		return ctxServer
	case ctxTags:
		return ctxTag
	case ctxStrings:
		return ctxStrings
	}
	return ctxNone
}

// toJSON writes the tree under root as JSON. A non-nil diagnostic means the
// document cannot be loaded.
func toJSON(src *source, nv *nav, data []byte, openapi string, diags *diag.List) (jsonDoc, *diag.Diagnostic) {
	inputSize := len(data)
	w := &jsonWriter{src: src, nav: nv, diags: diags, openapi: openapi, rewrites: refRewrites{}}
	w.ids = collectIDs(data, src.root)
	// The budget stops alias bombs ("billion laughs") without limiting real
	// specs, which hardly use aliases.
	w.limit = 4<<20 + 16*inputSize
	w.out = make([]byte, 0, inputSize+inputSize/8)
	w.value(src.root, ctxRoot, "", 0)
	if w.err != nil {
		return jsonDoc{}, w.err
	}
	w.warnLocalDefs()
	w.summarize()
	return jsonDoc{js: w.out, rewrites: w.rewrites, parts: w.parts, whole: w.whole}, nil
}

func (w *jsonWriter) fail(n *yaml.Node, code, fix, format string, args ...any) {
	if w.err != nil {
		return
	}
	var l diag.List
	l.Errorf(w.src.pos(n), code, fix, format, args...)
	w.err = &l[0]
}

func (w *jsonWriter) value(n *yaml.Node, ctx wctx, label string, depth int) {
	if w.err != nil {
		return
	}
	if depth > maxDepth {
		w.fail(n, "Spec/Syntax", "", "the document nests deeper than %d levels", maxDepth)
		return
	}
	if len(w.out) > w.limit {
		w.fail(n, "Spec/Syntax", "use fewer YAML aliases, or expand them in the file",
			"the document expands to more than %d MB through YAML aliases", w.limit>>20)
		return
	}
	if n == nil {
		w.out = append(w.out, "null"...)
		return
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			w.out = append(w.out, "null"...)
			return
		}
		w.value(n.Content[0], ctx, label, depth)
	case yaml.AliasNode:
		if w.enter(n.Alias) {
			w.value(n.Alias, ctx, label, depth+1)
			w.leave()
		} else {
			w.fail(n, "Spec/Syntax", "an anchor cannot be used inside its own value",
				"alias *%s refers to a value that contains it", n.Value)
		}
	case yaml.MappingNode:
		w.mapping(n, ctx, label, depth)
	case yaml.SequenceNode:
		w.out = append(w.out, '[')
		ectx := ctx.elem()
		first := true
		for i, c := range n.Content {
			if w.skipNull(c, "", c) {
				continue
			}
			if !first {
				w.out = append(w.out, ',')
			}
			first = false
			el := ""
			if ectx != ctxNone {
				el = label + "[" + strconv.Itoa(i) + "]"
			}
			w.path = append(w.path, itoa(i))
			w.value(c, ectx, el, depth+1)
			w.path = w.path[:len(w.path)-1]
		}
		w.out = append(w.out, ']')
	case yaml.ScalarNode:
		w.scalar(n, false, label)
	default:
		w.out = append(w.out, "null"...)
	}
}

func (w *jsonWriter) enter(n *yaml.Node) bool {
	for _, e := range w.expanding {
		if e == n {
			return false
		}
	}
	w.expanding = append(w.expanding, n)
	return true
}

func (w *jsonWriter) leave() { w.expanding = w.expanding[:len(w.expanding)-1] }

const mediaTypeRefPrefix = "#/components/mediaTypes/"

func (w *jsonWriter) mapping(n *yaml.Node, ctx wctx, label string, depth int) {
	if target := w.mediaTypeRef(n); target != nil {
		if w.enter(target) {
			w.value(target, ctxNone, "", depth+1)
			w.leave()
		} else {
			w.fail(n, "Spec/UnresolvedRef", "", "media type $ref refers to itself")
		}
		return
	}
	w.stack = append(w.stack, frame{n, len(w.path)})
	defer func() { w.stack = w.stack[:len(w.stack)-1] }()
	w.out = append(w.out, '{')
	if hasMerge(n) {
		ps, cyclic := w.nav.mergedPairs(n)
		srcs := mergeSources(n)
		entered := 0
		for i, src := range srcs {
			if slices.Contains(srcs[:i], src) {
				continue // <<: [*a, *a]
			}
			if !w.enter(src) {
				cyclic = true
				break
			}
			entered++
		}
		defer func() { w.expanding = w.expanding[:len(w.expanding)-entered] }()
		if cyclic {
			at := n
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Tag == "!!merge" {
					at = n.Content[i]
					break
				}
			}
			w.fail(at, "Spec/Syntax", "an anchor cannot be merged into its own value",
				"a merge key (<<) refers to a mapping that contains it")
			return
		}
		first := true
		for _, p := range ps {
			if w.skipNull(p.k, p.key, p.v) {
				continue
			}
			if !first {
				w.out = append(w.out, ',')
			}
			first = false
			w.entry(p.key, p.v, ctx, label, depth)
		}
		w.out = append(w.out, '}')
		return
	}
	var seen map[string]bool
	if len(n.Content) > 16 {
		seen = make(map[string]bool, len(n.Content)/2)
	}
	first := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn := deref(n.Content[i])
		if kn == nil || kn.Kind != yaml.ScalarNode {
			w.warn("key", w.src.pos(n.Content[i]), "Spec/Syntax", "use a plain string as the key",
				"mapping key is not a string; the entry is ignored")
			continue
		}
		key := kn.Value
		dup := false
		if seen != nil {
			dup = seen[key]
			seen[key] = true
		} else {
			for j := 0; j < i; j += 2 {
				if pk := deref(n.Content[j]); pk != nil && pk.Kind == yaml.ScalarNode && pk.Value == key {
					dup = true
					break
				}
			}
		}
		if dup {
			w.warn("duplicate", w.src.pos(n.Content[i]), "Spec/Syntax", "remove one of them",
				"duplicate key %q; the last one wins", key)
		}
		if w.skipNull(n.Content[i], key, n.Content[i+1]) {
			continue
		}
		if !first {
			w.out = append(w.out, ',')
		}
		first = false
		w.entry(key, n.Content[i+1], ctx, label, depth)
	}
	w.out = append(w.out, '}')
}

func (w *jsonWriter) entry(key string, v *yaml.Node, ctx wctx, label string, depth int) {
	w.out = appendJSONString(w.out, key)
	w.out = append(w.out, ':')
	part := -1
	switch n := len(w.path); {
	case n == 0 && (key == "paths" || key == "components"), n == 1 && w.path[0] == "components" && key == "schemas":
		// Three different keys: each names its place.
		if slices.Contains(w.containers, key) {
			w.whole = true
		}
		w.containers = append(w.containers, key)
	case n == 1 && w.path[0] == "paths" && !strings.HasPrefix(key, "x-"):
		w.parts = append(w.parts, jsonPart{key: key, start: len(w.out)})
		part = len(w.parts) - 1
	case n == 2 && w.path[0] == "components" && w.path[1] == "schemas":
		w.parts = append(w.parts, jsonPart{key: key, schema: true, start: len(w.out)})
		part = len(w.parts) - 1
	}
	w.path = append(w.path, key)
	value := w.isValueKey(key, len(w.path)-2)
	if value {
		w.values++
	}
	w.entryValue(key, v, ctx, label, depth)
	if value {
		w.values--
	}
	w.path = w.path[:len(w.path)-1]
	if part >= 0 {
		w.parts[part].end = len(w.out)
	}
}

// isRef reports whether the value under key (at the end of w.path) is a
// reference: a $ref, or a discriminator mapping value.
func (w *jsonWriter) isRef(key string) bool {
	if key == "$ref" {
		return true
	}
	n := len(w.path)
	return n >= 3 && w.path[n-3] == "discriminator" && w.path[n-2] == "mapping"
}

// mediaTypeRef returns the target of a {$ref: '#/components/mediaTypes/X'}
// mapping, or nil.
func (w *jsonWriter) mediaTypeRef(n *yaml.Node) *yaml.Node {
	if len(n.Content) < 2 || len(n.Content) > 8 {
		return nil
	}
	ref, ok := w.nav.str(n, "$ref")
	if !ok || !strings.HasPrefix(ref, mediaTypeRefPrefix) {
		return nil
	}
	_, target := w.nav.pointer(w.src.root, ref)
	if target == nil {
		w.diags.Errorf(w.src.pos(n), "Spec/UnresolvedRef", "define it under components.mediaTypes or correct the reference",
			"$ref %q does not resolve", ref)
		return nil
	}
	return target
}

// scalar writes a scalar. With str set, a number or boolean is written as a
// string and a warning says to quote it.
func (w *jsonWriter) scalar(n *yaml.Node, str bool, label string) {
	tag := n.ShortTag()
	if str && (tag == "!!int" || tag == "!!float" || tag == "!!bool") {
		kind := "number"
		if tag == "!!bool" {
			kind = "boolean"
		}
		w.warn("string", w.src.pos(n), "Spec/Invalid", "quote it: \""+n.Value+"\"",
			"%s is the %s %s, but OpenAPI requires a string", label, kind, n.Value)
		w.out = appendJSONString(w.out, n.Value)
		return
	}
	switch tag {
	case "!!null":
		w.out = append(w.out, "null"...)
	case "!!bool":
		if strings.EqualFold(n.Value, "true") {
			w.out = append(w.out, "true"...)
		} else {
			w.out = append(w.out, "false"...)
		}
	case "!!int", "!!float":
		w.out = appendNumber(w.out, n.Value)
	default:
		w.out = appendJSONString(w.out, n.Value)
	}
}
