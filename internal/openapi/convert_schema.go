package openapi

import (
	"cmp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// schemaRef converts a schema that may be a $ref. at is where the schema
// (or the $ref) is written.
func (c *converter) schemaRef(r *openapi3.SchemaRef, at loc) *Schema {
	if r == nil {
		return nil
	}
	if r.Ref == "" {
		return c.schema(r.Value, at, "")
	}
	target := c.followRef(at, r.Ref)
	if c.is31 && c.hasRefSiblings(at) {
		if w := c.refWithSiblings(r, at, target); w != nil {
			return w
		}
	}
	m := c.schema(r.Value, target, r.Ref)
	if m != nil && m.Ref != "" {
		if written := at.str("$ref"); written != "" && m.Ref == r.Ref {
			// The reference as written, not as rewritten for kin-openapi.
			m.Ref = written
		}
	}
	return m
}

// schema converts one kin-openapi schema, once: a schema reached again (a
// second $ref to a component, or recursion) is the same *Schema.
func (c *converter) schema(s *openapi3.Schema, at loc, ref string) *Schema {
	if s == nil {
		return nil
	}
	if m, ok := c.schemas[s]; ok {
		return m
	}
	m := &Schema{}
	c.schemas[s] = m
	if ref != "" && !c.isComponentRef(ref) {
		m.Ref = ref
		m.Name = externalComponentName(ref)
	}
	c.fillSchema(m, s, at)
	return m
}

// fillSchema copies s into m. Children are converted with their positions
// in the tree under at.
func (c *converter) fillSchema(m *Schema, s *openapi3.Schema, at loc) {
	m.Pos = at.pos()
	if s.Type != nil {
		m.Types = slices.Clone([]string(*s.Type))
	}
	m.Nullable = s.Nullable || slices.Contains(m.Types, "null")
	if s.Nullable && len(m.Types) > 0 && !slices.Contains(m.Types, "null") {
		m.Types = append(m.Types, "null")
	}
	m.Format = s.Format
	m.Title = s.Title
	m.Description = s.Description
	m.Deprecated = s.Deprecated
	m.ReadOnly = s.ReadOnly
	m.WriteOnly = s.WriteOnly
	m.Required = slices.Clone(s.Required)
	m.Properties = c.properties(s, at)
	if s.AdditionalProperties.Has != nil {
		b := *s.AdditionalProperties.Has
		m.AdditionalPropertiesAllowed = &b
	}
	m.AdditionalProperties = c.schemaRef(s.AdditionalProperties.Schema, at.child("additionalProperties"))
	m.Items = c.schemaRef(s.Items, at.child("items"))
	m.PrefixItems = c.schemaList(s.PrefixItems, at.child("prefixItems"))
	m.Enum = slices.Clone(s.Enum)
	m.Const = s.Const
	m.HasConst = s.Const != nil || at.has("const")
	m.Default = s.Default
	m.Example = s.Example
	if m.Example == nil && len(s.Examples) > 0 {
		m.Example = s.Examples[0]
	}
	m.OneOf = c.schemaList(s.OneOf, at.child("oneOf"))
	m.AnyOf = c.schemaList(s.AnyOf, at.child("anyOf"))
	m.AllOf = c.schemaList(s.AllOf, at.child("allOf"))
	m.Not = c.schemaRef(s.Not, at.child("not"))
	if s.Always != nil {
		b := *s.Always
		m.Always = &b
	}
	m.Extensions = extensions(s.Extensions)
	if s.Discriminator != nil {
		m.Discriminator = c.discriminator(s, at)
	}
}

func (c *converter) schemaList(rs openapi3.SchemaRefs, at loc) []*Schema {
	if len(rs) == 0 {
		return nil
	}
	out := make([]*Schema, 0, len(rs))
	for i, r := range rs {
		if s := c.schemaRef(r, at.index(i)); s != nil {
			out = append(out, s)
		}
	}
	return out
}

// properties converts the properties of s in the order they are written,
// which the node tree knows and kin-openapi's map does not. Properties the
// tree does not show (it always should) follow in name order.
func (c *converter) properties(s *openapi3.Schema, at loc) []*Property {
	if len(s.Properties) == 0 {
		return nil
	}
	pat := at.child("properties")
	names := c.orderedKeys(pat, mapKeys(s.Properties))
	out := make([]*Property, 0, len(names))
	for _, name := range names {
		r := s.Properties[name]
		out = append(out, &Property{
			Name:     name,
			Schema:   c.schemaRef(r, pat.child(name)),
			Required: slices.Contains(s.Required, name),
		})
	}
	return out
}

func (c *converter) discriminator(s *openapi3.Schema, at loc) *Discriminator {
	d := s.Discriminator
	out := &Discriminator{PropertyName: d.PropertyName}
	for _, value := range sortedKeys(d.Mapping) {
		mr := d.Mapping[value]
		dm := &DiscriminatorMapping{Value: value, Ref: mr.Ref}
		switch {
		case mr.Value != nil:
			dm.Schema = c.schema(mr.Value, c.followRef(loc{c: c, src: at.src}, mr.Ref), mr.Ref)
		case !strings.Contains(mr.Ref, "/"):
			// A bare name refers to a component schema.
			dm.Schema = c.component(mr.Ref)
		default:
			name := cmp.Or(componentName(mr.Ref, "#/components/schemas/"), componentName(mr.Ref, "#/definitions/"))
			if name != "" {
				dm.Schema = c.component(name)
				break
			}
			// Any other reference: the oneOf or anyOf entry with that $ref.
			for _, r := range slices.Concat(s.OneOf, s.AnyOf) {
				if r != nil && r.Ref == mr.Ref && r.Value != nil {
					dm.Schema = c.schemas[r.Value]
					break
				}
			}
		}
		out.Mapping = append(out.Mapping, dm)
	}
	return out
}

// hasRefSiblings reports whether the $ref written at at has keywords next to
// it other than x- extensions.
func (c *converter) hasRefSiblings(at loc) bool {
	if at.val == nil || at.val.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(at.val.Content); i += 2 {
		k := deref(at.val.Content[i])
		if k != nil && k.Value != "$ref" && !strings.HasPrefix(k.Value, "x-") {
			return true
		}
	}
	return false
}

// refWithSiblings handles an OpenAPI 3.1 $ref to a component with keywords
// next to it ({$ref: Pet, description: "the pet"}). kin-openapi resolves it
// to a modified copy of the component, which would lose the component's
// identity. Instead the model gets a schema that carries the sibling
// annotations and has the component (and, if there are sibling assertions,
// a schema of them) as its allOf: JSON Schema 2020-12's meaning of $ref with
// siblings. It returns nil when the target is not a local component.
func (c *converter) refWithSiblings(r *openapi3.SchemaRef, at, target loc) *Schema {
	if !c.isComponentRef(r.Ref) || r.Value == nil {
		return nil
	}
	name := componentName(r.Ref, c.schemaPrefix())
	cr := c.kdoc.Components.Schemas[name]
	if cr == nil || cr.Value == nil || cr.Value == r.Value {
		return nil
	}
	orig, cp := cr.Value, r.Value
	if m, ok := c.schemas[cp]; ok {
		return m
	}
	m := &Schema{Pos: at.pos()}
	c.schemas[cp] = m
	m.AllOf = []*Schema{c.schema(orig, target, "")}
	if len(cp.AllOf) > len(orig.AllOf) {
		// kin-openapi appends the sibling assertions as the last allOf entry.
		if s := c.schemaRef(cp.AllOf[len(cp.AllOf)-1], at); s != nil {
			m.AllOf = append(m.AllOf, s)
		}
	}
	if cp.Title != orig.Title {
		m.Title = cp.Title
	}
	if cp.Description != orig.Description {
		m.Description = cp.Description
	}
	m.Deprecated = cp.Deprecated && !orig.Deprecated
	m.ReadOnly = cp.ReadOnly && !orig.ReadOnly
	m.WriteOnly = cp.WriteOnly && !orig.WriteOnly
	if at.has("default") {
		m.Default = cp.Default
	}
	if at.has("example") {
		m.Example = cp.Example
	} else if at.has("examples") && len(cp.Examples) > 0 {
		m.Example = cp.Examples[0]
	}
	return m
}

// component returns the model of the component schema name, or nil.
func (c *converter) component(name string) *Schema {
	if c.kdoc.Components == nil {
		return nil
	}
	r := c.kdoc.Components.Schemas[name]
	if r == nil || r.Value == nil {
		return nil
	}
	return c.schema(r.Value, c.componentLoc("schemas", name), "")
}

// schemaPrefix is where component schemas live in the source document.
func (c *converter) schemaPrefix() string {
	if c.v2 {
		return "#/definitions/"
	}
	return "#/components/schemas/"
}

// isComponentRef reports whether ref names a component schema of the root
// document, as kin-openapi writes it.
func (c *converter) isComponentRef(ref string) bool {
	name := componentName(ref, "#/components/schemas/")
	return name != "" && c.kdoc.Components != nil && c.kdoc.Components.Schemas[name] != nil
}

// componentName returns X for prefix+X with no further pointer steps.
func componentName(ref, prefix string) string {
	name, ok := strings.CutPrefix(ref, prefix)
	if !ok || name == "" || strings.Contains(name, "/") {
		return ""
	}
	return unescapePointer(name)
}

// externalComponentName names a schema that a $ref takes from another
// file's components ("common.yaml#/components/schemas/Error" is "Error").
func externalComponentName(ref string) string {
	file, frag, ok := strings.Cut(ref, "#")
	if !ok || file == "" {
		return ""
	}
	for _, prefix := range []string{"/components/schemas/", "/definitions/"} {
		if name := componentName(frag, prefix); name != "" {
			return name
		}
	}
	return ""
}

// extensions copies the x- keys of m.
func extensions(m map[string]any) map[string]any {
	var out map[string]any
	for k, v := range m {
		if strings.HasPrefix(k, "x-") {
			if out == nil {
				out = make(map[string]any)
			}
			out[k] = v
		}
	}
	return out
}
