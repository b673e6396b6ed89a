package openapi

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sdkgen/sdkgen/internal/diag"
	"gopkg.in/yaml.v3"
)

// converter turns a kin-openapi document into the model, walking the node
// tree alongside for positions and written order.
type converter struct {
	l    *loader
	kdoc *openapi3.T
	v2   bool
	is31 bool
	// schemas memoises the conversion by kin-openapi schema, which gives
	// component identity and turns recursion into cycles.
	schemas map[*openapi3.Schema]*Schema
}

func newConverter(l *loader, kdoc *openapi3.T) *converter {
	return &converter{
		l:       l,
		kdoc:    kdoc,
		v2:      l.v2,
		is31:    !l.v2 && !strings.HasPrefix(l.version, "3.0"),
		schemas: make(map[*openapi3.Schema]*Schema),
	}
}

// loc is where something is written: a source file, the key node it is
// under in its parent mapping (if any) and its value node. Any part may be
// nil when the tree does not show the thing, e.g. for what openapi2conv
// makes up; positions then degrade to the file alone.
type loc struct {
	c   *converter
	src *source
	key *yaml.Node
	val *yaml.Node
}

// pos is the position of the key if there is one (as for an operation, the
// line of "get:"), else of the value.
func (at loc) pos() diag.Pos {
	if at.key != nil {
		return at.src.pos(at.key)
	}
	return at.src.pos(at.val)
}

func (at loc) child(key string) loc {
	out := loc{c: at.c, src: at.src}
	if at.val != nil {
		k, v := at.c.l.nav.get(at.val, key)
		out.key, out.val = k, deref(v)
	}
	return out
}

func (at loc) index(i int) loc {
	return loc{c: at.c, src: at.src, val: deref(item(at.val, i))}
}

func (at loc) has(key string) bool {
	k, _ := at.c.l.nav.get(at.val, key)
	return k != nil
}

func (at loc) str(key string) string {
	s, _ := at.c.l.nav.str(at.val, key)
	return s
}

// items returns the elements of the sequence at at.
func (at loc) items() []loc {
	if at.val == nil || at.val.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]loc, len(at.val.Content))
	for i := range out {
		out[i] = at.index(i)
	}
	return out
}

// follow resolves a $ref written at at (following chains), and returns at
// itself when there is none.
func (at loc) follow() loc {
	for range maxAliasChain {
		_, rn := at.c.l.nav.get(at.val, "$ref")
		rn = deref(rn)
		if rn == nil || rn.Kind != yaml.ScalarNode {
			return at
		}
		ref := rn.Value
		if at.src == at.c.l.root {
			ref = at.c.l.rewrites.rewritten(rn, ref)
		}
		next := at.c.resolve(at.src, ref)
		if next.val == nil {
			return at
		}
		at = next
	}
	return at
}

func (c *converter) rootLoc() loc { return loc{c: c, src: c.l.root, val: c.l.root.root} }

// followRef returns where the target of a $ref is written: through the $ref
// in the tree at at when there is one, else through kin-openapi's ref.
func (c *converter) followRef(at loc, ref string) loc {
	if at.val != nil && at.has("$ref") {
		return at.follow()
	}
	src := at.src
	if src == nil {
		src = c.l.root
	}
	if c.v2 {
		ref = v2Ref(ref)
	}
	return c.resolve(src, ref)
}

// resolve finds the target of ref written in src.
func (c *converter) resolve(src *source, ref string) loc {
	if src == nil {
		return loc{c: c}
	}
	file, frag, _ := strings.Cut(ref, "#")
	target := src
	if file != "" {
		target = c.l.sourceFor(c.l.resolvePath(c.sourcePath(src), file))
		if target == nil {
			return loc{c: c, src: &source{file: c.l.resolvePath(c.sourcePath(src), file)}}
		}
	}
	k, v := c.l.nav.pointer(target.root, frag)
	return loc{c: c, src: target, key: k, val: v}
}

// sourcePath is the location kin-openapi gave src.
func (c *converter) sourcePath(src *source) string {
	if src == c.l.root {
		return c.l.rootPath
	}
	return src.file
}

// v2Ref turns a reference as openapi2conv rewrote it back into the Swagger
// 2.0 form written in the file.
func v2Ref(ref string) string {
	for _, r := range [...][2]string{
		{"#/components/schemas/", "#/definitions/"},
		{"#/components/parameters/", "#/parameters/"},
		{"#/components/requestBodies/", "#/parameters/"},
		{"#/components/responses/", "#/responses/"},
		{"#/components/securitySchemes/", "#/securityDefinitions/"},
	} {
		if rest, ok := strings.CutPrefix(ref, r[0]); ok {
			return r[1] + rest
		}
	}
	return ref
}

// componentLoc is where components.<kind>.<name> is written.
func (c *converter) componentLoc(kind, name string) loc {
	root := c.rootLoc()
	if !c.v2 {
		return root.child("components").child(kind).child(name)
	}
	switch kind {
	case "schemas":
		return root.child("definitions").child(name)
	case "securitySchemes":
		return root.child("securityDefinitions").child(name)
	case "requestBodies":
		kind = "parameters"
	}
	return root.child(kind).child(name)
}

// orderedKeys orders names as the mapping at at writes them; names it does
// not show follow in sorted order.
func (c *converter) orderedKeys(at loc, names []string) []string {
	if len(names) <= 1 {
		return names
	}
	return orderBy(names, c.l.nav.keys(at.val))
}

// orderBy sorts names in the order of written, then the rest by name. It
// sorts in place and returns names.
func orderBy(names, written []string) []string {
	rank := make(map[string]int, len(names))
	for i, k := range written {
		if _, ok := rank[k]; !ok {
			rank[k] = i
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return cmp.Compare(ra, rb)
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a, b)
	})
	return names
}

func mapKeys[V any](m map[string]V) []string {
	return slices.Collect(maps.Keys(m))
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// document builds the model.
func (c *converter) document() *Document {
	k := c.kdoc
	doc := &Document{File: c.l.file, Version: c.l.version}
	if k.Info != nil {
		doc.Title = k.Info.Title
		doc.Description = k.Info.Description
		doc.APIVersion = k.Info.Version
	}
	doc.Schemas = c.componentSchemas()
	doc.Servers = c.servers()
	doc.Operations = c.operations()
	doc.SecuritySchemes = c.securitySchemes()
	doc.Security = c.security(k.Security, c.rootLoc().child("security"))
	doc.Tags = c.tags()
	return doc
}

// componentSchemas converts components.schemas. Every component's model is
// made before any is filled, so a $ref met while filling one finds the
// named object of another.
func (c *converter) componentSchemas() []*Schema {
	if c.kdoc.Components == nil || len(c.kdoc.Components.Schemas) == 0 {
		return nil
	}
	names := sortedKeys(c.kdoc.Components.Schemas)
	out := make([]*Schema, 0, len(names))
	type pending struct {
		m  *Schema
		s  *openapi3.Schema
		at loc
	}
	var fill []pending
	var aliases []int
	for _, name := range names {
		r := c.kdoc.Components.Schemas[name]
		if r == nil || r.Value == nil {
			continue
		}
		at := c.componentLoc("schemas", name)
		if _, done := c.schemas[r.Value]; done || r.Ref != "" {
			// An alias (A: {$ref: B}) or a second name for one schema: its
			// own named model, with the target as its only allOf.
			aliases = append(aliases, len(out))
			out = append(out, &Schema{Name: name, Pos: at.pos()})
			continue
		}
		m := &Schema{Name: name}
		c.schemas[r.Value] = m
		fill = append(fill, pending{m, r.Value, at})
		out = append(out, m)
	}
	for _, p := range fill {
		c.fillSchema(p.m, p.s, p.at)
	}
	for _, i := range aliases {
		r := c.kdoc.Components.Schemas[out[i].Name]
		if t := c.schemaRef(r, c.componentLoc("schemas", out[i].Name)); t != nil && t != out[i] {
			out[i].AllOf = []*Schema{t}
		}
	}
	return out
}

func (c *converter) servers() []*Server {
	var out []*Server
	list := c.rootLoc().child("servers")
	if c.v2 {
		// openapi2conv builds servers from host, basePath and schemes.
		list = loc{c: c, src: c.l.root}
		for _, key := range []string{"host", "basePath"} {
			if at := c.rootLoc().child(key); at.key != nil {
				list.key = at.key
				break
			}
		}
	}
	for i, s := range c.kdoc.Servers {
		if s == nil {
			continue
		}
		at := list
		if !c.v2 {
			at = list.index(i)
		}
		srv := &Server{URL: s.URL, Description: s.Description, Name: at.str("name"), Pos: at.pos()}
		if srv.Name == "" {
			srv.Name, _ = s.Extensions["name"].(string)
		}
		vars := at.child("variables")
		for _, name := range c.orderedKeys(vars, mapKeys(s.Variables)) {
			v := s.Variables[name]
			if v == nil {
				continue
			}
			srv.Variables = append(srv.Variables, &ServerVariable{
				Name: name, Default: v.Default, Enum: slices.Clone(v.Enum), Description: v.Description,
			})
		}
		out = append(out, srv)
	}
	return out
}

func (c *converter) tags() []*Tag {
	var out []*Tag
	list := c.rootLoc().child("tags")
	for i, t := range c.kdoc.Tags {
		if t == nil {
			continue
		}
		at := list.index(i)
		tag := &Tag{Name: t.Name, Description: t.Description, Parent: at.str("parent"), Pos: at.pos()}
		if tag.Parent == "" {
			tag.Parent, _ = t.Extensions["parent"].(string)
		}
		out = append(out, tag)
	}
	return out
}

func (c *converter) securitySchemes() []*SecurityScheme {
	if c.kdoc.Components == nil {
		return nil
	}
	var out []*SecurityScheme
	for _, key := range sortedKeys(c.kdoc.Components.SecuritySchemes) {
		r := c.kdoc.Components.SecuritySchemes[key]
		if r == nil || r.Value == nil {
			continue
		}
		s := r.Value
		at := c.componentLoc("securitySchemes", key).follow()
		out = append(out, &SecurityScheme{
			Key: key, Type: s.Type, Scheme: s.Scheme, BearerFormat: s.BearerFormat, In: s.In,
			ParamName: s.Name, Description: s.Description, Pos: at.pos(),
		})
	}
	return out
}

// security converts a list of security requirements; the schemes of each
// are in written order. nil stays nil (inherit), empty stays empty.
func (c *converter) security(reqs openapi3.SecurityRequirements, at loc) []SecurityRequirement {
	if reqs == nil {
		return nil
	}
	out := make([]SecurityRequirement, 0, len(reqs))
	for i, r := range reqs {
		out = append(out, SecurityRequirement{Schemes: c.orderedKeys(at.index(i), mapKeys(r))})
	}
	return out
}
