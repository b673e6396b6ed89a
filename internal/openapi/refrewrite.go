package openapi

import (
	"bytes"
	"strings"

	"gopkg.in/yaml.v3"
)

// JSON Schema 2020-12 has two ways to refer to a schema that kin-openapi
// v0.152 does not resolve; the JSON writer rewrites both into JSON pointers:
//
//   - by $id and $anchor: {$ref: /schemas/pet#pet_id} names the schema whose
//     $id is /schemas/pet, and in it the one whose $anchor is pet_id;
//   - "#/$defs/X" written inside a schema that has $defs of its own, as
//     pydantic writes it (Mistral's spec). Strictly this points at the
//     document's $defs, which an OpenAPI document does not have; it is
//     resolved against the nearest enclosing schema with that $defs entry,
//     which is what was meant, with a warning.

// schemaIDs indexes $id and $anchor: "id" and "id#anchor" (and "#anchor"
// for anchors outside any $id) to the JSON pointer of the schema.
type schemaIDs map[string]string

// collectIDs walks the tree for $id and $anchor, only when the bytes
// mention them at all.
func collectIDs(data []byte, root *yaml.Node) schemaIDs {
	if !bytes.Contains(data, []byte("$id")) && !bytes.Contains(data, []byte("$anchor")) {
		return nil
	}
	ids := schemaIDs{}
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node, ptr, resource string)
	walk = func(n *yaml.Node, ptr, resource string) {
		n = deref(n)
		if n == nil || seen[n] || len(ptr) > 1<<16 {
			return
		}
		seen[n] = true
		switch n.Kind {
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, ptr+"/"+itoa(i), resource)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], deref(n.Content[i+1])
				if v == nil || v.Kind != yaml.ScalarNode {
					continue
				}
				switch k.Value {
				case "$id":
					resource = strings.TrimSuffix(v.Value, "#")
					if _, dup := ids[resource]; !dup {
						ids[resource] = ptr
					}
				case "$anchor":
					if key := resource + "#" + v.Value; ids[key] == "" {
						ids[key] = ptr
					}
				}
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], ptr+"/"+escapePointer(n.Content[i].Value), resource)
			}
		}
	}
	walk(root, "", "")
	return ids
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// rewriteRef returns the JSON pointer form of ref when it is one of the two
// forms above and resolves, else ref itself.
func (w *jsonWriter) rewriteRef(ref string, at *yaml.Node) string {
	if strings.HasPrefix(ref, "#/$defs/") {
		return w.enclosingDefs(ref, at)
	}
	if w.ids == nil || strings.HasPrefix(ref, "#/") {
		return ref
	}
	base, frag, _ := strings.Cut(ref, "#")
	ptr, ok := w.ids[base]
	if !ok {
		if anchor, ok := w.ids[base+"#"+frag]; ok && frag != "" {
			return "#" + anchor
		}
		return ref
	}
	switch {
	case frag == "":
		return "#" + ptr
	case strings.HasPrefix(frag, "/"):
		return "#" + ptr + frag
	}
	if anchor, ok := w.ids[base+"#"+frag]; ok {
		return "#" + anchor
	}
	return ref
}

// enclosingDefs resolves "#/$defs/X/..." against the innermost schema being
// written that has X in its $defs, unless the document itself has $defs.
func (w *jsonWriter) enclosingDefs(ref string, at *yaml.Node) string {
	if k, _ := w.nav.get(w.src.root, "$defs"); k != nil {
		return ref
	}
	name, _, _ := strings.Cut(strings.TrimPrefix(ref, "#/$defs/"), "/")
	name = unescapePointer(name)
	for i := len(w.stack) - 1; i >= 0; i-- {
		defs := w.nav.value(w.stack[i].node, "$defs")
		if k, _ := w.nav.get(defs, name); k == nil {
			continue
		}
		var b strings.Builder
		b.WriteByte('#')
		for _, p := range w.path[:w.stack[i].depth] {
			b.WriteByte('/')
			b.WriteString(escapePointer(p))
		}
		b.WriteString(strings.TrimPrefix(ref, "#"))
		if w.localDefs == 0 {
			w.firstLocalDefs = w.src.pos(at)
		}
		w.localDefs++
		return b.String()
	}
	return ref
}

// warnLocalDefs reports, once, the "#/$defs/X" references that were
// resolved against an enclosing schema.
func (w *jsonWriter) warnLocalDefs() {
	if w.localDefs == 0 {
		return
	}
	w.diags.Warnf(w.firstLocalDefs, "Spec/Invalid",
		"write the full pointer (#/paths/.../$defs/X), or move the schemas to components.schemas",
		"%d $ref like \"#/$defs/X\" point at the document's $defs, which do not exist; "+
			"sdkgen resolves them against the $defs of the schema that contains them", w.localDefs)
}

// refRewrites maps the $ref value nodes the writer rewrote to what it
// wrote, so that the converter follows them the same way.
type refRewrites map[*yaml.Node]string

// rewritten returns the $ref in effect for the $ref value node n.
func (r refRewrites) rewritten(n *yaml.Node, ref string) string {
	if s, ok := r[n]; ok {
		return s
	}
	return ref
}
