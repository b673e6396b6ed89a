package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// scaledSpec describes a spec made n times as big by scaleSpec.
type scaledSpec struct {
	n                        int
	bytes                    int
	paths, operations, comps int
}

// scaleSpec returns the OpenAPI 3 document data made n times as big, and
// what it holds. Copy k (k = 2..n) of every path item (and webhook) is added
// with the path's resource segment (its first segment that is neither a
// version such as v1 nor a parameter) suffixed with _cK, and its operations'
// operationIds and tags suffixed with _cK (the tags are declared too); copy k
// of every component (schemas, parameters, responses, request bodies and the
// other reusable kinds, not the security schemes, which operations name
// rather than $ref) is added under its name suffixed with CK. Every $ref and
// discriminator mapping inside a copy points at the same copy, so the copies
// are as connected as the original and a generator does n times the work;
// and a copy's operations fall into resources of their own, as the
// original's do, whether a generator groups them by tag or by resource
// segment, so that the n-times spec has n times as many resources (files,
// for sdkgen) of the same sizes, not one more resource per copy holding all
// of its operations. The document is always decoded and encoded again
// (yaml.v3, 2-space indent), n = 1 included, so that all sizes share one
// format.
func scaleSpec(data []byte, n int) ([]byte, scaledSpec, error) {
	info := scaledSpec{n: n}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, info, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, info, errors.New("the spec is not a YAML or JSON object")
	}
	root := doc.Content[0]
	if mapValue(root, "openapi") == nil {
		return nil, info, errors.New("not an OpenAPI 3 document (no openapi key)")
	}
	paths := mapValue(root, "paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		return nil, info, errors.New("the spec has no paths")
	}
	webhooks := mapValue(root, "webhooks")
	comps := mapValue(root, "components")
	names := componentNames(comps)
	tags := mapValue(root, "tags")

	// The originals, before any copy is appended.
	origPaths := paths.Content
	var origWebhooks []*yaml.Node
	if webhooks != nil && webhooks.Kind == yaml.MappingNode {
		origWebhooks = webhooks.Content
	}
	var origTags []*yaml.Node
	if tags != nil && tags.Kind == yaml.SequenceNode {
		origTags = tags.Content
	}
	origComps := map[string][]*yaml.Node{}
	for kind := range names {
		origComps[kind] = mapValue(comps, kind).Content
	}

	for k := 2; k <= n; k++ {
		r := renamer{names: names, schemaSuffix: fmt.Sprintf("C%d", k), opSuffix: fmt.Sprintf("_c%d", k)}
		for i := 0; i < len(origPaths); i += 2 {
			key := r.copy(origPaths[i])
			key.Value = r.path(key.Value)
			paths.Content = append(paths.Content, key, r.copy(origPaths[i+1]))
		}
		for i := 0; i < len(origWebhooks); i += 2 {
			key := r.copy(origWebhooks[i])
			key.Value += r.opSuffix
			webhooks.Content = append(webhooks.Content, key, r.copy(origWebhooks[i+1]))
		}
		for _, tag := range origTags {
			c := r.copy(tag)
			if name := mapValue(c, "name"); name != nil {
				name.Value += r.opSuffix
			}
			tags.Content = append(tags.Content, c)
		}
		for kind, pairs := range origComps {
			m := mapValue(comps, kind)
			for i := 0; i < len(pairs); i += 2 {
				key := r.copy(pairs[i])
				key.Value += r.schemaSuffix
				m.Content = append(m.Content, key, r.copy(pairs[i+1]))
			}
		}
	}

	info.paths = len(paths.Content) / 2
	for i := 1; i < len(paths.Content); i += 2 {
		info.operations += countOperations(paths.Content[i])
	}
	for kind := range names {
		info.comps += len(mapValue(comps, kind).Content) / 2
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, info, err
	}
	if err := enc.Close(); err != nil {
		return nil, info, err
	}
	info.bytes = buf.Len()
	return buf.Bytes(), info, nil
}

// componentNames returns, by component kind, the names of the components
// that copies rename: every kind but securitySchemes.
func componentNames(comps *yaml.Node) map[string]map[string]bool {
	names := map[string]map[string]bool{}
	if comps == nil || comps.Kind != yaml.MappingNode {
		return names
	}
	for i := 0; i+1 < len(comps.Content); i += 2 {
		kind, m := comps.Content[i].Value, comps.Content[i+1]
		if kind == "securitySchemes" || m.Kind != yaml.MappingNode {
			continue
		}
		names[kind] = map[string]bool{}
		for j := 0; j < len(m.Content); j += 2 {
			names[kind][m.Content[j].Value] = true
		}
	}
	return names
}

// isMethod tells whether key of a path item is an operation.
func isMethod(key string) bool {
	switch key {
	case "get", "put", "post", "delete", "options", "head", "patch", "trace", "query":
		return true
	}
	return false
}

// countOperations returns the number of operations of a path item.
func countOperations(item *yaml.Node) int {
	n := 0
	if item.Kind == yaml.MappingNode {
		for i := 0; i < len(item.Content); i += 2 {
			if isMethod(item.Content[i].Value) {
				n++
			}
		}
	}
	return n
}

// mapValue returns the value of key in the mapping node m, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// renamer deep-copies nodes for copy k of the spec, pointing references at
// that copy's components.
type renamer struct {
	names        map[string]map[string]bool
	schemaSuffix string // appended to component names: "C2"
	opSuffix     string // appended to operationIds: "_c2"
}

// copy returns a deep copy of n with $refs, discriminator mappings,
// operationIds and operations' tags renamed. Aliases are expanded and anchors dropped, so that no
// anchor is defined twice.
func (r renamer) copy(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return r.copy(n.Alias)
	}
	c := *n
	c.Anchor = ""
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, child := range n.Content {
		c.Content[i] = r.copy(child)
	}
	if n.Kind != yaml.MappingNode {
		return &c
	}
	for i := 0; i+1 < len(c.Content); i += 2 {
		key, val := c.Content[i].Value, c.Content[i+1]
		switch {
		case key == "$ref" && val.Kind == yaml.ScalarNode:
			val.Value = r.ref(val.Value)
		case key == "operationId" && val.Kind == yaml.ScalarNode:
			val.Value += r.opSuffix
		case key == "tags" && val.Kind == yaml.SequenceNode:
			for _, tag := range val.Content {
				tag.Value += r.opSuffix
			}
		case key == "mapping" && val.Kind == yaml.MappingNode:
			for j := 1; j < len(val.Content); j += 2 {
				v := val.Content[j]
				if strings.HasPrefix(v.Value, "#") {
					v.Value = r.ref(v.Value)
				} else if r.names["schemas"][v.Value] {
					v.Value += r.schemaSuffix // a bare schema name
				}
			}
		}
	}
	return &c
}

// path returns the copy's path: the first segment that is neither empty, a
// version (v1, v2.1) nor a parameter gets the suffix; a path with no such
// segment gets a /cK prefix.
func (r renamer) path(p string) string {
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if seg != "" && !strings.HasPrefix(seg, "{") && !isVersionSegment(seg) {
			segs[i] += r.opSuffix
			return strings.Join(segs, "/")
		}
	}
	return "/" + strings.TrimPrefix(r.opSuffix, "_") + p
}

// isVersionSegment tells whether a path segment is a version: v, a digit,
// then digits and dots.
func isVersionSegment(seg string) bool {
	s := strings.ToLower(seg)
	return len(s) > 1 && s[0] == 'v' && s[1] >= '0' && s[1] <= '9' && strings.Trim(s[1:], "0123456789.") == ""
}

// ref renames a local reference to a component ("#/components/schemas/Foo"
// or deeper into it) to the copy's component; any other reference is
// returned as it is.
func (r renamer) ref(ref string) string {
	const prefix = "#/components/"
	rest, ok := strings.CutPrefix(ref, prefix)
	if !ok {
		return ref
	}
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) < 2 {
		return ref
	}
	name := unescapePointer(parts[1])
	if !r.names[parts[0]][name] {
		return ref
	}
	parts[1] = escapePointer(name + r.schemaSuffix)
	return prefix + strings.Join(parts, "/")
}

// unescapePointer decodes one JSON Pointer token.
func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// escapePointer encodes one JSON Pointer token.
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
