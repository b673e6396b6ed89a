package openapi

import (
	"strconv"
	"strings"

	"github.com/sdkgen/sdkgen/internal/diag"
	"gopkg.in/yaml.v3"
)

// source is one parsed input file: the root spec or a file a $ref points to.
// Its node tree is what positions, key order and version detection come
// from; kin-openapi is loaded with origins off, which is much cheaper.
type source struct {
	// file names the source in diagnostics.
	file string
	// root is the document's top-level value; nil when it is empty.
	root *yaml.Node
}

// pos returns the position of n in src.
func (src *source) pos(n *yaml.Node) diag.Pos {
	if src == nil {
		return diag.Pos{}
	}
	if n == nil {
		return diag.Pos{File: src.file}
	}
	return diag.Pos{File: src.file, Line: n.Line, Col: n.Column}
}

// nav looks things up in node trees. Mappings with many keys are indexed on
// first use, because components.schemas and paths are searched once per
// $ref and per operation.
type nav struct {
	index map[*yaml.Node]map[string]int
}

// indexThreshold is the mapping size from which lookups use an index.
const indexThreshold = 16

// maxAliasChain bounds alias-to-alias chains.
const maxAliasChain = 64

// deref follows aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxAliasChain; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	if n != nil && n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return deref(n.Content[0])
	}
	return n
}

// isMap reports whether n (after aliases) is a mapping.
func isMap(n *yaml.Node) bool {
	n = deref(n)
	return n != nil && n.Kind == yaml.MappingNode
}

// hasMerge reports whether the mapping m uses YAML merge keys ("<<").
func hasMerge(m *yaml.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Tag == "!!merge" {
			return true
		}
	}
	return false
}

// get returns the key and value nodes of key in mapping m (nil, nil when
// absent). As in JSON, the last of duplicate keys wins; keys written in the
// mapping win over merged ones.
func (nv *nav) get(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	if len(m.Content) >= 2*indexThreshold {
		idx, ok := nv.index[m]
		if !ok {
			idx = make(map[string]int, len(m.Content)/2)
			for i := 0; i+1 < len(m.Content); i += 2 {
				if kn := deref(m.Content[i]); kn != nil && kn.Kind == yaml.ScalarNode && kn.Tag != "!!merge" {
					idx[kn.Value] = i
				}
			}
			if nv.index == nil {
				nv.index = make(map[*yaml.Node]map[string]int)
			}
			nv.index[m] = idx
		}
		if i, ok := idx[key]; ok {
			return m.Content[i], m.Content[i+1]
		}
	} else {
		for i := len(m.Content) - 2; i >= 0; i -= 2 {
			kn := m.Content[i]
			if kn.Kind == yaml.AliasNode {
				kn = deref(kn)
			}
			if kn != nil && kn.Kind == yaml.ScalarNode && kn.Value == key && kn.Tag != "!!merge" {
				return m.Content[i], m.Content[i+1]
			}
		}
	}
	if !hasMerge(m) {
		return nil, nil
	}
	// Merged mappings, each looked at once: a merge can form a cycle
	// (B: &b {<<: *b}) or a diamond.
	seen := map[*yaml.Node]bool{m: true}
	queue := mergeSources(m)
	for len(queue) > 0 {
		src := queue[0]
		queue = queue[1:]
		if seen[src] {
			continue
		}
		seen[src] = true
		for i := len(src.Content) - 2; i >= 0; i -= 2 {
			kn := deref(src.Content[i])
			if kn != nil && kn.Kind == yaml.ScalarNode && kn.Value == key && kn.Tag != "!!merge" {
				return src.Content[i], src.Content[i+1]
			}
		}
		queue = append(queue, mergeSources(src)...)
	}
	return nil, nil
}

// value returns the value node of key in mapping m, after aliases.
func (nv *nav) value(m *yaml.Node, key string) *yaml.Node {
	_, v := nv.get(m, key)
	return deref(v)
}

// str returns the scalar value of key in m and whether it is there.
func (nv *nav) str(m *yaml.Node, key string) (string, bool) {
	v := nv.value(m, key)
	if v == nil || v.Kind != yaml.ScalarNode {
		return "", false
	}
	return v.Value, true
}

// mergeSources lists the mappings merged into m by "<<" keys, in priority order.
func mergeSources(m *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind != yaml.ScalarNode || m.Content[i].Tag != "!!merge" {
			continue
		}
		v := deref(m.Content[i+1])
		switch {
		case v == nil:
		case v.Kind == yaml.MappingNode:
			out = append(out, v)
		case v.Kind == yaml.SequenceNode:
			for _, c := range v.Content {
				if c = deref(c); c != nil && c.Kind == yaml.MappingNode {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// pair is one entry of a mapping.
type pair struct {
	key  string
	k, v *yaml.Node
}

// pairs returns the entries of mapping m in written order, merge keys
// expanded and duplicates removed (the last value wins, at the place of the
// first). Non-scalar keys are left out.
func (nv *nav) pairs(m *yaml.Node) []pair {
	ps, _ := nv.mergedPairs(m)
	return ps
}

// mergedPairs is pairs, and also reports whether m merges a mapping that
// contains it, which YAML does not allow; the cycle is cut.
func (nv *nav) mergedPairs(m *yaml.Node) (out []pair, cyclic bool) {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, false
	}
	out = make([]pair, 0, len(m.Content)/2)
	merged := false
	// Each mapping contributes once, in merge priority order.
	seen := map[*yaml.Node]bool{}
	var add func(n *yaml.Node, onPath map[*yaml.Node]bool)
	add = func(n *yaml.Node, onPath map[*yaml.Node]bool) {
		if onPath[n] {
			cyclic = true
			return
		}
		if seen[n] {
			return
		}
		seen[n] = true
		onPath[n] = true
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn := deref(n.Content[i])
			if kn == nil || kn.Kind != yaml.ScalarNode {
				continue
			}
			if kn.Tag == "!!merge" {
				merged = true
				continue
			}
			out = append(out, pair{key: kn.Value, k: n.Content[i], v: n.Content[i+1]})
		}
		for _, src := range mergeSources(n) {
			add(src, onPath)
		}
		delete(onPath, n)
	}
	add(m, map[*yaml.Node]bool{})
	return dedupPairs(out, merged), cyclic
}

// dedupPairs removes duplicate keys. Written keys were appended before
// merged ones, so for a merged mapping the first occurrence wins; otherwise
// the last value wins, at the place of the first.
func dedupPairs(ps []pair, merged bool) []pair {
	if len(ps) < 2 {
		return ps
	}
	seen := make(map[string]int, len(ps))
	out := ps[:0]
	for _, p := range ps {
		if i, ok := seen[p.key]; ok {
			if !merged {
				out[i].k, out[i].v = p.k, p.v
			}
			continue
		}
		seen[p.key] = len(out)
		out = append(out, p)
	}
	return out
}

// keys returns the keys of mapping m in written order.
func (nv *nav) keys(m *yaml.Node) []string {
	ps := nv.pairs(m)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.key
	}
	return out
}

// item returns element i of sequence s.
func item(s *yaml.Node, i int) *yaml.Node {
	s = deref(s)
	if s == nil || s.Kind != yaml.SequenceNode || i < 0 || i >= len(s.Content) {
		return nil
	}
	return s.Content[i]
}

// pointer resolves a JSON pointer fragment ("/components/schemas/Pet" or
// "#/components/schemas/Pet") in root and returns the key node of the last
// step (nil for a sequence item or the root) and the value node.
func (nv *nav) pointer(root *yaml.Node, frag string) (k, v *yaml.Node) {
	frag = strings.TrimPrefix(frag, "#")
	v = deref(root)
	if frag == "" {
		return nil, v
	}
	if !strings.HasPrefix(frag, "/") {
		return nil, nil
	}
	for _, tok := range strings.Split(frag[1:], "/") {
		tok = unescapePointer(tok)
		switch {
		case v == nil:
			return nil, nil
		case v.Kind == yaml.MappingNode:
			k, v = nv.get(v, tok)
			v = deref(v)
		case v.Kind == yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil {
				return nil, nil
			}
			k, v = nil, deref(item(v, i))
		default:
			return nil, nil
		}
	}
	return k, v
}

// unescapePointer undoes JSON pointer (~0, ~1) and URI (%xx) escaping.
func unescapePointer(tok string) string {
	if strings.Contains(tok, "%") {
		if u, err := unescapePercent(tok); err == nil {
			tok = u
		}
	}
	if strings.Contains(tok, "~") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
	}
	return tok
}

// unescapePercent decodes %xx escapes, as in a URI fragment.
func unescapePercent(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", strconv.ErrSyntax
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", err
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return b.String(), nil
}

// escapePointer escapes one JSON pointer token.
func escapePointer(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// findRef returns the first mapping in the tree under n (in document order)
// whose $ref is ref. It is used on error paths only.
func findRef(n *yaml.Node, ref string) *yaml.Node {
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node) *yaml.Node
	walk = func(n *yaml.Node) *yaml.Node {
		if n == nil || seen[n] {
			return nil
		}
		seen[n] = true
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				if r := walk(c); r != nil {
					return r
				}
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "$ref" && v.Kind == yaml.ScalarNode && v.Value == ref {
					return v
				}
				if r := walk(v); r != nil {
					return r
				}
			}
		}
		return nil
	}
	return walk(n)
}
