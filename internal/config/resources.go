package config

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sdkgen/sdkgen/internal/diag"
)

// schemaRefPrefix is the reference form a model may use instead of a name.
const schemaRefPrefix = "#/components/schemas/"

func (d *decoder) resources(c *Config, e entry) {
	if isNull(e.v) {
		return
	}
	c.Resources = []*Resource{}
	for _, r := range d.entries(e.v, e.where) {
		if strings.HasPrefix(r.key, "$") && !slices.Contains(specialResources, r.key) {
			d.badSpecialName(r)
			continue
		}
		if res := d.resource(r, 0); res != nil {
			c.Resources = append(c.Resources, res)
		}
	}
}

// badSpecialName reports a resource name starting with '$' that Stainless
// does not define at that place.
func (d *decoder) badSpecialName(r entry) {
	fix := "only " + strings.Join(specialResources, " and ") + " start with '$', and only directly under resources"
	if s, ok := diag.Nearest(r.key, specialResources); ok && r.where == join("resources", r.key) {
		fix = fmt.Sprintf("did you mean %q?", s)
	}
	d.diags.Errorf(d.pos(r.k), "Config/UnknownKey", fix, "unknown special resource %q in %s", r.key, strings.TrimSuffix(r.where, "."+r.key))
}

func (d *decoder) resource(e entry, depth int) *Resource {
	r := &Resource{Name: e.key, Pos: d.pos(e.k)}
	if depth > maxDepth {
		where := e.where
		if len(where) > 100 {
			where = where[:100] + "..."
		}
		d.diags.Errorf(d.pos(e.k), "Config/InvalidValue", "check for a YAML alias that refers to itself",
			"%s: subresources nest more than %d levels deep", where, maxDepth)
		return nil
	}
	if !isNull(e.v) && resolve(e.v).Kind != yaml.MappingNode {
		d.expected(e.v, e.where, "a map with models, methods or subresources")
		return nil
	}
	fs, _ := d.fields(e.v, e.where, resourceKeys)
	for _, f := range fs {
		switch f.key {
		case "models":
			for _, m := range d.entries(f.v, f.where) {
				if model := d.model(m); model != nil {
					r.Models = append(r.Models, model)
				}
			}
		case "methods":
			for _, m := range d.entries(f.v, f.where) {
				if method := d.method(m); method != nil {
					r.Methods = append(r.Methods, method)
				}
			}
		case "subresources":
			for _, s := range d.entries(f.v, f.where) {
				if strings.HasPrefix(s.key, "$") {
					d.badSpecialName(s)
					continue
				}
				if sub := d.resource(s, depth+1); sub != nil {
					r.Subresources = append(r.Subresources, sub)
				}
			}
		}
	}
	return r
}

// model decodes "name: SchemaName", "name: '#/components/schemas/X'" or the
// map form "name: {type: ...}".
func (d *decoder) model(e entry) *Model {
	v, where := e.v, e.where
	if !isNull(v) && resolve(v).Kind == yaml.MappingNode {
		fs, _ := d.fields(v, where, modelKeys)
		v = nil
		for _, f := range fs {
			if f.key == "type" {
				v, where = f.v, f.where
			}
		}
		if v == nil {
			d.diags.Errorf(d.pos(e.k), "Config/MissingKey", "add type: <schema name>", "%s: the model has no type (the schema it names)", e.where)
			return nil
		}
	}
	s, ok := d.requiredStr(v, where)
	if !ok {
		return nil
	}
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "#") {
		rest, found := strings.CutPrefix(s, schemaRefPrefix)
		if !found || rest == "" {
			d.diags.Errorf(d.pos(v), "Config/InvalidValue", `write a schema name, or "#/components/schemas/<name>"`,
				"%s: %q is not a reference to a schema in #/components/schemas", where, s)
			return nil
		}
		if strings.Contains(rest, "/") {
			d.diags.Warnf(d.pos(v), "Config/Unsupported", "define the schema under #/components/schemas and name it here",
				"%s: %q points inside a schema; sdkgen only maps whole schemas", where, s)
		}
		s = unescapePointer(rest)
	}
	return &Model{Name: e.key, Schema: s, Pos: d.pos(e.k)}
}

// unescapePointer undoes JSON pointer escaping ("~1" is '/', "~0" is '~').
func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// method decodes the shorthand "get /path" or the map form.
func (d *decoder) method(e entry) *Method {
	m := &Method{Name: e.key, Pos: d.pos(e.k)}
	v := resolve(e.v)
	if v != nil && v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" {
		d.endpoint(m, e.v, e.where)
		return m
	}
	if isNull(e.v) || v.Kind != yaml.MappingNode {
		d.expected(e.v, e.where, `an endpoint such as "get /things/{id}", or a map with endpoint`)
		return nil
	}
	fs, unknown := d.fields(e.v, e.where, methodKeys)
	hasEndpoint := false
	for _, f := range fs {
		switch f.key {
		case "endpoint":
			hasEndpoint = true
			if _, ok := d.requiredStr(f.v, f.where); ok {
				d.endpoint(m, f.v, f.where)
			}
		case "type":
			if s, ok := d.requiredStr(f.v, f.where); ok {
				m.Type = s
				if s != "http" {
					d.diags.Warnf(d.pos(f.v), "Config/Unsupported", "",
						"%s: method type %q is not supported by sdkgen yet", f.where, s)
				}
			}
		case "paginated":
			if b, ok := d.boolean(f.v, f.where); ok {
				m.Paginated = &b
			}
		case "pagination":
			if s, ok := d.requiredStr(f.v, f.where); ok {
				m.Pagination, m.PaginationPos = s, d.pos(f.v)
			}
		case "deprecated":
			d.deprecated(m, f)
		case "streaming":
			m.Streaming = d.methodStreaming(f)
		}
	}
	if !hasEndpoint && !unknown && (m.Type == "" || m.Type == "http") {
		d.diags.Errorf(d.pos(e.k), "Config/MissingKey", `add endpoint: "<method> <path>", e.g. endpoint: get /things/{id}`,
			"%s: the method has no endpoint", e.where)
	}
	return m
}

// deprecated reads "deprecated: <message>" or "deprecated: true|false".
func (d *decoder) deprecated(m *Method, f entry) {
	if isNull(f.v) {
		return
	}
	if r := resolve(f.v); r.Kind == yaml.ScalarNode && r.ShortTag() == "!!bool" {
		if b, ok := d.boolean(f.v, f.where); ok && b {
			m.Deprecated = "This method is deprecated."
		}
		return
	}
	if s, ok := d.requiredStr(f.v, f.where); ok {
		m.Deprecated = s
	}
}

// endpoint parses "<method> <path>" into m, reporting Config/InvalidEndpoint
// at the value's position.
func (d *decoder) endpoint(m *Method, n *yaml.Node, where string) {
	s, ok := d.str(n, where)
	if !ok {
		return
	}
	m.EndpointPos = d.pos(n)
	bad := func(fix, format string, args ...any) {
		d.diags.Errorf(d.pos(n), "Config/InvalidEndpoint", fix, "%s: endpoint %q %s", where, s, fmt.Sprintf(format, args...))
	}
	parts := strings.Fields(s)
	const form = `write it as "<method> <path>", e.g. "get /things/{id}"`
	switch {
	case len(parts) == 0:
		bad(form, "is empty")
		return
	case len(parts) == 1 && strings.HasPrefix(parts[0], "/"):
		bad(form, "has no HTTP method")
		return
	case len(parts) == 1:
		bad(form, "has no path")
		return
	case len(parts) > 2:
		bad(form+"; a path has no spaces", "has %d parts, not 2", len(parts))
		return
	}
	verb := strings.ToUpper(parts[0])
	if !slices.Contains(httpMethods, verb) {
		fix := "use one of " + strings.ToLower(strings.Join(httpMethods, ", "))
		if near, ok := diag.Nearest(verb, httpMethods); ok {
			fix = fmt.Sprintf("did you mean %q?", strings.ToLower(near))
		}
		bad(fix, "has an unknown HTTP method %q", parts[0])
		return
	}
	if !strings.HasPrefix(parts[1], "/") {
		bad(fmt.Sprintf("write %q", strings.ToLower(verb)+" /"+parts[1]), "has a path that does not start with '/'")
		return
	}
	m.HTTPMethod, m.Path = verb, parts[1]
}
