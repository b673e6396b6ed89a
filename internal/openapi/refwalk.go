package openapi

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// cutSharedSchemas replaces the target of every schema $ref in kdoc with an
// empty schema, so that validation visits each shared schema once (see
// validate). It returns the $ref'd schemas that are not the value of a
// components.schemas entry, which validation would otherwise miss, in the
// order first met.
func cutSharedSchemas(kdoc *openapi3.T) []*openapi3.Schema {
	w := &refWalker{seen: map[*openapi3.Schema]bool{}, seenOther: map[any]bool{}}
	w.doc(kdoc)
	components := map[*openapi3.Schema]bool{}
	if kdoc.Components != nil {
		for _, name := range sortedKeys(kdoc.Components.Schemas) {
			if r := kdoc.Components.Schemas[name]; r != nil && r.Ref == "" && r.Value != nil {
				components[r.Value] = true
			}
		}
	}
	stub := &openapi3.Schema{}
	var loose []*openapi3.Schema
	looseSeen := map[*openapi3.Schema]bool{}
	for _, r := range w.refs {
		// A $ref to a component with 3.1 siblings resolves to a copy of the
		// component; the component itself is validated.
		// A $ref into a component (#/components/schemas/X/properties/y)
		// is validated with the component.
		if strings.HasPrefix(r.Ref, "#/components/schemas/") {
			continue
		}
		if !components[r.Value] && !looseSeen[r.Value] {
			looseSeen[r.Value] = true
			loose = append(loose, r.Value)
		}
	}
	for _, r := range w.refs {
		r.Value = stub
	}
	return loose
}

// refWalker visits every schema in a document once and collects the
// SchemaRefs that are $refs. Maps are visited in sorted key order so the
// result does not depend on map order.
type refWalker struct {
	seen      map[*openapi3.Schema]bool
	seenOther map[any]bool
	refs      []*openapi3.SchemaRef
}

func (w *refWalker) doc(d *openapi3.T) {
	if c := d.Components; c != nil {
		for _, k := range sortedKeys(c.Schemas) {
			w.schemaRef(c.Schemas[k])
		}
		for _, k := range sortedKeys(c.Parameters) {
			if r := c.Parameters[k]; r != nil {
				w.parameter(r.Value)
			}
		}
		for _, k := range sortedKeys(c.Headers) {
			if r := c.Headers[k]; r != nil && r.Value != nil {
				w.parameter(&r.Value.Parameter)
			}
		}
		for _, k := range sortedKeys(c.RequestBodies) {
			if r := c.RequestBodies[k]; r != nil && r.Value != nil {
				w.content(r.Value.Content)
			}
		}
		for _, k := range sortedKeys(c.Responses) {
			if r := c.Responses[k]; r != nil {
				w.response(r.Value)
			}
		}
		for _, k := range sortedKeys(c.Callbacks) {
			if r := c.Callbacks[k]; r != nil {
				w.callback(r.Value)
			}
		}
	}
	if d.Paths != nil {
		m := d.Paths.Map()
		for _, k := range sortedKeys(m) {
			w.pathItem(m[k])
		}
	}
	for _, k := range sortedKeys(d.Webhooks) {
		w.pathItem(d.Webhooks[k])
	}
}

func (w *refWalker) once(v any) bool {
	if w.seenOther[v] {
		return false
	}
	w.seenOther[v] = true
	return true
}

func (w *refWalker) pathItem(p *openapi3.PathItem) {
	if p == nil || !w.once(p) {
		return
	}
	w.parameters(p.Parameters)
	ops := p.Operations()
	for _, k := range sortedKeys(ops) {
		op := ops[k]
		if op == nil {
			continue
		}
		w.parameters(op.Parameters)
		if op.RequestBody != nil && op.RequestBody.Value != nil {
			w.content(op.RequestBody.Value.Content)
		}
		if op.Responses != nil {
			m := op.Responses.Map()
			for _, code := range sortedKeys(m) {
				if r := m[code]; r != nil {
					w.response(r.Value)
				}
			}
		}
		for _, name := range sortedKeys(op.Callbacks) {
			if r := op.Callbacks[name]; r != nil {
				w.callback(r.Value)
			}
		}
	}
}

func (w *refWalker) callback(cb *openapi3.Callback) {
	if cb == nil || !w.once(cb) {
		return
	}
	m := cb.Map()
	for _, k := range sortedKeys(m) {
		w.pathItem(m[k])
	}
}

func (w *refWalker) parameters(ps openapi3.Parameters) {
	for _, r := range ps {
		if r != nil {
			w.parameter(r.Value)
		}
	}
}

func (w *refWalker) parameter(p *openapi3.Parameter) {
	if p == nil || !w.once(p) {
		return
	}
	w.schemaRef(p.Schema)
	w.content(p.Content)
}

func (w *refWalker) response(r *openapi3.Response) {
	if r == nil || !w.once(r) {
		return
	}
	for _, k := range sortedKeys(r.Headers) {
		if h := r.Headers[k]; h != nil && h.Value != nil {
			w.parameter(&h.Value.Parameter)
		}
	}
	w.content(r.Content)
}

func (w *refWalker) content(c openapi3.Content) {
	for _, k := range sortedKeys(c) {
		mt := c[k]
		if mt == nil {
			continue
		}
		w.schemaRef(mt.Schema)
		w.schemaRef(mt.ItemSchema)
		for _, e := range sortedKeys(mt.Encoding) {
			if enc := mt.Encoding[e]; enc != nil {
				for _, h := range sortedKeys(enc.Headers) {
					if hr := enc.Headers[h]; hr != nil && hr.Value != nil {
						w.parameter(&hr.Value.Parameter)
					}
				}
			}
		}
	}
}

func (w *refWalker) schemaRef(r *openapi3.SchemaRef) {
	if r == nil {
		return
	}
	if r.Ref != "" && r.Value != nil {
		w.refs = append(w.refs, r)
	}
	w.schema(r.Value)
}

func (w *refWalker) schemaRefs(rs openapi3.SchemaRefs) {
	for _, r := range rs {
		w.schemaRef(r)
	}
}

func (w *refWalker) schemas(m openapi3.Schemas) {
	for _, k := range sortedKeys(m) {
		w.schemaRef(m[k])
	}
}

func (w *refWalker) schema(s *openapi3.Schema) {
	if s == nil || w.seen[s] {
		return
	}
	w.seen[s] = true
	w.schemaRefs(s.OneOf)
	w.schemaRefs(s.AnyOf)
	w.schemaRefs(s.AllOf)
	w.schemaRef(s.Not)
	w.schemaRef(s.Items)
	w.schemas(s.Properties)
	w.schemaRef(s.AdditionalProperties.Schema)
	w.schemaRefs(s.PrefixItems)
	w.schemaRef(s.Contains)
	w.schemas(s.PatternProperties)
	w.schemas(s.DependentSchemas)
	w.schemaRef(s.PropertyNames)
	w.schemaRef(s.UnevaluatedItems.Schema)
	w.schemaRef(s.UnevaluatedProperties.Schema)
	w.schemaRef(s.If)
	w.schemaRef(s.Then)
	w.schemaRef(s.Else)
	w.schemas(s.Defs)
	w.schemaRef(s.ContentSchema)
}
