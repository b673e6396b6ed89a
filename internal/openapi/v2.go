package openapi

import (
	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// v2List returns the consumes or produces list that applies to the
// operation at opAt: its own, else the document's.
func (c *converter) v2List(opAt loc, field string) []string {
	at := opAt.child(field)
	if at.val == nil {
		at = c.rootLoc().child(field)
	}
	var out []string
	for _, it := range at.items() {
		if it.val != nil && it.val.Kind == yaml.ScalarNode {
			out = append(out, it.val.Value)
		}
	}
	return out
}

// v2Body finds where a Swagger 2.0 request body is written: the body
// parameter (whose schema every consumes type shares), or the formData
// parameters, for which it makes up the object schema openapi2conv built
// so that properties keep their order and positions.
func (c *converter) v2Body(opAt, itemAt loc) (loc, *mediaSource) {
	var params []loc
	params = append(params, opAt.child("parameters").items()...)
	params = append(params, itemAt.child("parameters").items()...)
	var form []loc
	for _, p := range params {
		p = p.follow()
		switch p.str("in") {
		case "body":
			return p, &mediaSource{order: c.v2List(opAt, "consumes"), at: func(string) loc { return p }}
		case "formData":
			form = append(form, p)
		}
	}
	if len(form) == 0 {
		return opAt, &mediaSource{order: c.v2List(opAt, "consumes"), at: func(string) loc { return opAt }}
	}
	first := form[0].val
	props := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: first.Line, Column: first.Column}
	for _, p := range form {
		name := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: p.str("name"), Line: p.val.Line, Column: p.val.Column}
		props.Content = append(props.Content, name, p.val)
	}
	schema := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: first.Line, Column: first.Column,
		Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "properties"}, props}}
	mt := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: first.Line, Column: first.Column,
		Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "schema"}, schema}}
	at := loc{c: c, src: form[0].src, val: mt}
	return at, &mediaSource{order: c.v2List(opAt, "consumes"), at: func(string) loc { return at }}
}

// v2Produces gives a response the content types of the produces list in
// effect. openapi2conv only looks at the operation's own produces, and
// falls back to application/json where the document-level list applies.
func v2Produces(ct openapi3.Content, produces []string) openapi3.Content {
	if len(produces) == 0 || len(ct) == 0 {
		return ct
	}
	var schema *openapi3.SchemaRef
	for _, name := range sortedKeys(ct) {
		if mt := ct[name]; mt != nil && mt.Schema != nil {
			schema = mt.Schema
			break
		}
	}
	if schema == nil {
		return ct
	}
	out := make(openapi3.Content, len(produces)+len(ct))
	for _, name := range produces {
		out[name] = &openapi3.MediaType{Schema: schema}
	}
	for name, mt := range ct {
		if _, ok := out[name]; ok && mt.Example != nil {
			out[name] = &openapi3.MediaType{Schema: schema, Example: mt.Example}
		} else if !ok && (name != "application/json" || mt.Example != nil) {
			out[name] = mt
		}
	}
	return out
}
