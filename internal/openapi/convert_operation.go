package openapi

import (
	"cmp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// fixedMethods are the Path Item fields, in the model's method order.
var fixedMethods = [...]string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "QUERY"}

// operations converts every method of every path, paths in the order the
// document writes them (kin-openapi's map loses it; paths the tree does not
// show follow sorted), methods in the model's order.
func (c *converter) operations() []*Operation {
	if c.kdoc.Paths == nil {
		return nil
	}
	items := c.kdoc.Paths.Map()
	pathsAt := c.rootLoc().child("paths")
	var out []*Operation
	for _, p := range c.orderedKeys(pathsAt, mapKeys(items)) {
		item := items[p]
		if item == nil {
			continue
		}
		at := pathsAt.child(p)
		itemAt := at.follow()
		if itemAt.val == at.val {
			itemAt = at
		}
		for _, method := range fixedMethods {
			if op := item.GetOperation(method); op != nil {
				out = append(out, c.operation(p, method, item, op, itemAt.child(strings.ToLower(method)), itemAt))
			}
		}
		// Other methods: CONNECT, which kin-openapi reads as a field, and
		// OpenAPI 3.2 additionalOperations, alphabetically.
		others := map[string]loc{}
		if item.Connect != nil {
			others["CONNECT"] = itemAt.child("connect")
		}
		addAt := itemAt.child("additionalOperations")
		for _, name := range sortedKeys(item.AdditionalOperations) {
			m := strings.ToUpper(name)
			if _, fixed := others[m]; !fixed && !slices.Contains(fixedMethods[:], m) {
				others[m] = addAt.child(name)
			}
		}
		for _, m := range sortedKeys(others) {
			op := item.Connect
			if m != "CONNECT" || op == nil {
				op = additional(item, m)
			}
			if op != nil {
				out = append(out, c.operation(p, m, item, op, others[m], itemAt))
			}
		}
	}
	return out
}

// additional finds an additionalOperations entry by upper-case method.
func additional(item *openapi3.PathItem, method string) *openapi3.Operation {
	for _, name := range sortedKeys(item.AdditionalOperations) {
		if strings.ToUpper(name) == method {
			return item.AdditionalOperations[name]
		}
	}
	return nil
}

func (c *converter) operation(path, method string, item *openapi3.PathItem, op *openapi3.Operation, at, itemAt loc) *Operation {
	o := &Operation{
		Method:      method,
		Path:        path,
		OperationID: op.OperationID,
		Summary:     op.Summary,
		Description: op.Description,
		Tags:        slices.Clone(op.Tags),
		Deprecated:  op.Deprecated,
		Pos:         at.pos(),
	}
	o.Parameters = c.parameters(item.Parameters, itemAt.child("parameters"), op.Parameters, at.child("parameters"))
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		o.RequestBody = c.requestBody(op.RequestBody.Value, at, itemAt)
	}
	o.Responses = c.responses(op.Responses, at)
	if op.Security != nil {
		o.Security = c.security(*op.Security, at.child("security"))
	}
	return o
}

// parameters merges path-level and operation-level parameters: the
// path-level ones an operation does not override (same name and in), then
// the operation's, each list in written order.
func (c *converter) parameters(pathLevel openapi3.Parameters, pathAt loc, opLevel openapi3.Parameters, opAt loc) []*Parameter {
	var out []*Parameter
	own := map[string]bool{}
	for _, r := range opLevel {
		if r != nil && r.Value != nil {
			own[r.Value.In+"\x00"+r.Value.Name] = true
		}
	}
	pathLocs := c.paramLocs(pathAt)
	for _, r := range pathLevel {
		if r != nil && r.Value != nil && !own[r.Value.In+"\x00"+r.Value.Name] {
			out = append(out, c.parameter(r.Value, pathLocs[r.Value.In+"\x00"+r.Value.Name]))
		}
	}
	opLocs := c.paramLocs(opAt)
	for _, r := range opLevel {
		if r != nil && r.Value != nil {
			out = append(out, c.parameter(r.Value, opLocs[r.Value.In+"\x00"+r.Value.Name]))
		}
	}
	return out
}

// paramLocs indexes the parameter list at at by in and name, following
// $refs. Matching by name rather than index copes with Swagger 2.0, whose
// body and formData parameters openapi2conv takes out of the list.
func (c *converter) paramLocs(at loc) map[string]loc {
	out := map[string]loc{}
	for _, p := range at.items() {
		p = p.follow()
		key := p.str("in") + "\x00" + p.str("name")
		if _, dup := out[key]; !dup {
			out[key] = p
		}
	}
	return out
}

func (c *converter) parameter(p *openapi3.Parameter, at loc) *Parameter {
	if at.c == nil {
		at = loc{c: c, src: c.l.root}
	}
	out := &Parameter{
		Name:        p.Name,
		In:          p.In,
		Description: p.Description,
		Required:    p.Required,
		Deprecated:  p.Deprecated,
		Style:       p.Style,
		Explode:     cloneBool(p.Explode),
		Example:     p.Example,
		Pos:         at.pos(),
	}
	schemaAt := at.child("schema")
	if c.v2 {
		// A Swagger 2.0 parameter has its type inline.
		schemaAt = loc{c: c, src: at.src, val: at.val}
	}
	out.Schema = c.schemaRef(p.Schema, schemaAt)
	out.Content = c.content(p.Content, at.child("content"), nil)
	if out.Example == nil {
		out.Example = firstExample(p.Examples, at.child("examples"))
	}
	return out
}

func (c *converter) requestBody(rb *openapi3.RequestBody, opAt, itemAt loc) *RequestBody {
	at := opAt.child("requestBody").follow()
	var ms *mediaSource
	if c.v2 {
		at, ms = c.v2Body(opAt, itemAt)
	}
	return &RequestBody{
		Description: rb.Description,
		Required:    rb.Required,
		Content:     c.content(rb.Content, at.child("content"), ms),
		Pos:         at.pos(),
	}
}

func (c *converter) responses(rs *openapi3.Responses, opAt loc) []*Response {
	if rs == nil {
		return nil
	}
	at := opAt.child("responses")
	m := rs.Map()
	codes := mapKeys(m)
	slices.SortFunc(codes, compareStatus)
	out := make([]*Response, 0, len(codes))
	for _, code := range codes {
		r := m[code]
		if r == nil || r.Value == nil {
			continue
		}
		rat := at.child(code).follow()
		var ms *mediaSource
		content := r.Value.Content
		if c.v2 {
			// Every produces type shares the response's one schema.
			ms = &mediaSource{order: c.v2List(opAt, "produces"), at: func(string) loc { return rat }}
			content = v2Produces(content, ms.order)
		}
		resp := &Response{
			Status:  code,
			Content: c.content(content, rat.child("content"), ms),
			Headers: c.headers(r.Value.Headers, rat.child("headers")),
			Pos:     rat.pos(),
		}
		if r.Value.Description != nil {
			resp.Description = *r.Value.Description
		}
		out = append(out, resp)
	}
	return out
}

// compareStatus orders "100".."599", then "1XX".."5XX", then "default".
func compareStatus(a, b string) int {
	rank := func(s string) int {
		switch {
		case strings.EqualFold(s, "default"):
			return 2
		case len(s) == 3 && strings.ContainsAny(s[1:], "xX"):
			return 1
		}
		return 0
	}
	return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(strings.ToUpper(a), strings.ToUpper(b)))
}

func (c *converter) headers(hs openapi3.Headers, at loc) []*Header {
	var out []*Header
	for _, name := range c.orderedKeys(at, mapKeys(hs)) {
		r := hs[name]
		if r == nil || r.Value == nil {
			continue
		}
		hat := at.child(name).follow()
		h := &Header{Name: name, Description: r.Value.Description, Required: r.Value.Required}
		schemaAt := hat.child("schema")
		if c.v2 {
			schemaAt = loc{c: c, src: hat.src, val: hat.val}
		}
		h.Schema = c.schemaRef(r.Value.Schema, schemaAt)
		if h.Schema == nil {
			// A header described by content: the schema of its one media type.
			for _, mt := range c.content(r.Value.Content, hat.child("content"), nil) {
				h.Schema = mt.Schema
				break
			}
		}
		out = append(out, h)
	}
	return out
}

// mediaSource says where the media types of a Swagger 2.0 content map come
// from: their order is that of consumes or produces, and at gives the place
// each one's schema is written.
type mediaSource struct {
	order []string
	at    func(string) loc
}

// content converts a content map in written order (for Swagger 2.0, the
// order of consumes or produces). Where nothing tells the order, it is
// application/json first, then by name.
func (c *converter) content(ct openapi3.Content, at loc, ms *mediaSource) []*MediaType {
	if len(ct) == 0 {
		return nil
	}
	names := mapKeys(ct)
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(mediaRank(a), mediaRank(b)), strings.Compare(a, b))
	})
	if ms == nil {
		names = c.orderedKeys(at, names)
	} else {
		names = orderBy(names, ms.order)
	}
	out := make([]*MediaType, 0, len(names))
	for _, name := range names {
		mt := ct[name]
		if mt == nil {
			continue
		}
		mat := at.child(name).follow()
		if ms != nil {
			mat = ms.at(name)
		}
		m := &MediaType{
			Name:       name,
			Schema:     c.schemaRef(mt.Schema, mat.child("schema")),
			ItemSchema: c.schemaRef(mt.ItemSchema, mat.child("itemSchema")),
			Example:    mt.Example,
			Pos:        mat.pos(),
		}
		if m.Example == nil {
			m.Example = firstExample(mt.Examples, mat.child("examples"))
		}
		encAt := mat.child("encoding")
		for _, prop := range c.orderedKeys(encAt, sortedKeys(mt.Encoding)) {
			e := mt.Encoding[prop]
			if e == nil {
				continue
			}
			m.Encoding = append(m.Encoding, &Encoding{
				Property: prop, ContentType: e.ContentType, Style: e.Style, Explode: cloneBool(e.Explode),
			})
		}
		out = append(out, m)
	}
	return out
}

// mediaRank puts application/json first when order is otherwise unknown.
func mediaRank(name string) int {
	if name == "application/json" {
		return 0
	}
	return 1
}

// firstExample returns the value of the first named example, in written
// order (by name when the tree does not show them).
func firstExample(ex openapi3.Examples, at loc) any {
	if len(ex) == 0 {
		return nil
	}
	for _, name := range at.c.orderedKeys(at, sortedKeys(ex)) {
		if r := ex[name]; r != nil && r.Value != nil && r.Value.Value != nil {
			return r.Value.Value
		}
	}
	return nil
}

func cloneBool(b *bool) *bool {
	if b == nil {
		return nil
	}
	v := *b
	return &v
}
