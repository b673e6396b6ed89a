package ir

import (
	"github.com/sdkgen/sdkgen/internal/config"
	"github.com/sdkgen/sdkgen/internal/naming"
)

// claimModels gives every schema named in the config's models its Go name
// (the model key in PascalCase) before anything else takes names, and
// records model paths for stream_event_model.
func (b *builder) claimModels() {
	b.cfg.WalkResources(func(path string, r *config.Resource) {
		for _, m := range r.Models {
			b.claimModel(path, m)
		}
	})
}

// claimModel claims the Go name of one configured model.
func (b *builder) claimModel(path string, m *config.Model) {
	s := b.schemasByName[m.Schema]
	if s == nil {
		names := make([]string, 0, len(b.doc.Schemas))
		for _, x := range b.doc.Schemas {
			names = append(names, x.Name)
		}
		b.diags.Errorf(m.Pos, "Config/UnknownSchema", suggest(m.Schema, names, "use a name from components.schemas"),
			"model %s.%s names schema %q, which is not in components.schemas", path, m.Name, m.Schema)
		return
	}
	name := naming.Exported(m.Name)
	if owner, taken := b.names.Owner(name); taken {
		b.diags.Errorf(m.Pos, "Config/DuplicateModel", "rename one of the two model keys",
			"model %s.%s is named %s in Go, which %s already uses", path, m.Name, name, owner)
		return
	}
	b.modelPaths[path+"."+m.Name] = s
	if prev, ok := b.modelNames[s]; ok {
		b.diags.Warnf(m.Pos, "Config/DuplicateModel", "map each schema once",
			"schema %q is mapped again as %s.%s; it stays %s", m.Schema, path, m.Name, prev)
		return
	}
	b.names.Claim(name, "model "+path+"."+m.Name)
	b.modelNames[s] = name
}

// breakValueCycles makes struct fields pointers where structs would
// otherwise contain themselves by value (a recursive schema), which Go
// cannot compile.
func breakValueCycles(types []*Type) {
	// Edges: struct -> struct it holds by value.
	edges := map[*Type][]*Field{}
	for _, t := range types {
		if t.Kind != Struct {
			continue
		}
		for _, f := range t.Fields {
			if f.Type.Kind == Named && f.Type.Type.Kind == Struct {
				edges[t] = append(edges[t], f)
			}
		}
	}
	// Depth-first search; a field leading back to a type on the stack closes
	// a cycle and becomes a pointer.
	state := map[*Type]int{} // 0 new, 1 on stack, 2 done
	var visit func(*Type)
	visit = func(t *Type) {
		state[t] = 1
		for _, f := range edges[t] {
			next := f.Type.Type
			switch state[next] {
			case 1:
				f.Type = &TypeRef{Kind: Pointer, Elem: f.Type}
			case 0:
				visit(next)
			}
		}
		state[t] = 2
	}
	for _, t := range types {
		if state[t] == 0 && t.Kind == Struct {
			visit(t)
		}
	}
}
