package config

import (
	"slices"

	"gopkg.in/yaml.v3"
)

// paginations decodes the top-level pagination list.
func (d *decoder) paginations(c *Config, e entry) {
	first := map[string]*Pagination{}
	for i, it := range d.items(e.v, e.where) {
		p := d.pagination(it, index(e.where, i))
		if p == nil {
			continue
		}
		if prev, dup := first[p.Name]; dup && p.Name != "" {
			d.diags.Errorf(p.Pos, "Config/DuplicateName", "rename one of them",
				"%s: a pagination scheme named %q is already defined at line %d", index(e.where, i), p.Name, prev.Pos.Line)
			continue
		}
		first[p.Name] = p
		c.Pagination = append(c.Pagination, p)
	}
}

// pagination decodes one scheme: name, type, and the request and response
// properties with their x-stainless-pagination-property purposes.
func (d *decoder) pagination(n *yaml.Node, where string) *Pagination {
	p := &Pagination{Pos: d.pos(n)}
	if isNull(n) || resolve(n).Kind != yaml.MappingNode {
		d.expected(n, where, "a map with name, type, request and response")
		return nil
	}
	fs, unknown := d.fields(n, where, paginationKeys)
	for _, f := range fs {
		switch f.key {
		case "name":
			if s, ok := d.requiredStr(f.v, f.where); ok {
				p.Name = s
			}
		case "type":
			if s, ok := d.requiredStr(f.v, f.where); ok {
				p.Type = s
			}
		case "request":
			p.Request = d.paginationProps(f.v, f.where, false)
		case "response":
			p.Response = d.paginationProps(f.v, f.where, true)
		}
	}
	if !unknown {
		for _, key := range []string{"name", "type"} {
			if !has(fs, key) {
				d.diags.Errorf(p.Pos, "Config/MissingKey", "", "%s: the pagination scheme has no %s", where, key)
			}
		}
	}
	return p
}

// has reports whether the key was present (its value may have been wrong,
// which was reported already).
func has(fs []entry, key string) bool {
	return slices.ContainsFunc(fs, func(f entry) bool { return f.key == key })
}

// paginationProps decodes a map of property name -> schema. Each schema is
// JSON Schema-like and is read loosely: its type and its
// x-stainless-pagination-property.purpose; other keys are ignored. In a
// response, the items array is the property with purpose "items", else the
// first array-typed property.
func (d *decoder) paginationProps(n *yaml.Node, where string, response bool) []*PaginationProperty {
	var out []*PaginationProperty
	for _, e := range d.entries(n, where) {
		p := &PaginationProperty{Name: e.key, Pos: d.pos(e.k)}
		for _, f := range d.entries(e.v, e.where) {
			switch f.key {
			case "type":
				p.Type = plainString(f.v) // may also be a JSON Schema list of types
			case "x-stainless-pagination-property":
				for _, g := range d.entries(f.v, f.where) {
					if g.key == "purpose" {
						if s, ok := d.str(g.v, g.where); ok {
							p.Purpose = s
						}
					}
				}
			}
		}
		out = append(out, p)
	}
	if response {
		markItems(out)
	}
	return out
}

func markItems(props []*PaginationProperty) {
	for _, p := range props {
		if p.Purpose == "items" {
			p.IsItems = true
			return
		}
	}
	for _, p := range props {
		if p.Type == "array" {
			p.IsItems = true
			return
		}
	}
}

// plainString returns the value of a string scalar, or "" for anything else.
func plainString(n *yaml.Node) string {
	if r := resolve(n); r != nil && r.Kind == yaml.ScalarNode && r.ShortTag() == "!!str" {
		return r.Value
	}
	return ""
}
