package ir

import (
	"fmt"
	"mime"
	"strings"

	"github.com/sdkgen/sdkgen/internal/naming"
	"github.com/sdkgen/sdkgen/internal/openapi"
)

// methodLocals are the identifiers a generated method body uses itself;
// path arguments must not take them.
var methodLocals = []string{"ctx", "params", "opts", "r", "res", "err", "req", "path", "stream", "raw"}

// method builds one Go method from its operation; names hands out method
// names unique within its service.
func (b *builder) method(bd *binding, names *naming.Scope) *Method {
	op := bd.op
	m := &Method{
		Key:        bd.key,
		Name:       names.Claim(naming.Exported(bd.key), bd.key),
		HTTPMethod: op.Method,
		Path:       op.Path,
		Summary:    op.Summary,
		Doc:        firstNonEmpty(op.Description, op.Summary),
		Pos:        op.Pos,
	}
	if op.Deprecated {
		m.Deprecated = "deprecated in the API spec."
	}
	if bd.cm != nil && bd.cm.Deprecated != "" {
		m.Deprecated = bd.cm.Deprecated
	}
	stem := singularPath(bd.path) + m.Name
	if bd.inferred {
		stem = m.Name
	}
	b.pathParams(m, op)
	m.Streaming = b.streaming(bd, m)
	if m.Streaming != nil && m.Streaming.Discriminator != nil {
		if twin := names.Claim(m.Name+"Streaming", bd.key+" streaming"); twin != m.Name+"Streaming" {
			b.diags.Errorf(op.Pos, "Naming/Collision", "rename one of the two methods in the config",
				"the streaming twin %sStreaming of %s collides with another method of the same resource", m.Name, bd.key)
		}
	}
	b.params(m, op, stem, bd)
	b.response(m, op, stem)
	b.pagination(m, bd, names)
	return m
}

// pathParams collects path parameters in the order the path names them.
func (b *builder) pathParams(m *Method, op *openapi.Operation) {
	scope := naming.NewScope(methodLocals...)
	rest := op.Path
	for {
		open := strings.IndexByte(rest, '{')
		end := strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			return
		}
		name := rest[open+1 : end]
		rest = rest[end+1:]
		var p *openapi.Parameter
		for _, x := range op.Parameters {
			if x.In == "path" && x.Name == name {
				p = x
			}
		}
		t, doc := tString, ""
		if p != nil {
			doc = p.Description
			if p.Schema != nil {
				if k := schemaKind(p.Schema); k == "integer" || k == "number" || k == "boolean" {
					t = scalar(k)
				}
			}
		} else {
			b.diags.Warnf(op.Pos, "Spec/UndeclaredPathParam", "declare it under parameters with in: path",
				"path parameter {%s} of %s %s is not declared; it is taken as a string", name, op.Method, op.Path)
		}
		m.PathParams = append(m.PathParams, &PathParam{Name: name, Arg: scope.Claim(naming.Unexported(name), name), Type: t, Doc: doc})
	}
}

// params builds the params struct: query, header and cookie parameters,
// and the request body (its properties inline when it is a JSON object).
func (b *builder) params(m *Method, op *openapi.Operation, stem string, bd *binding) {
	name := stem + "Params"
	if bd.cm != nil && bd.cm.Streaming != nil && bd.cm.Streaming.ParamsTypeName != "" {
		name = naming.Exported(bd.cm.Streaming.ParamsTypeName)
	}
	t := &Type{Kind: Struct, IsParams: true, Source: op.Method + " " + op.Path + " params", Pos: op.Pos,
		Doc: "holds the parameters of " + m.Name + "."}
	scope := naming.NewScope()
	disc := ""
	if m.Streaming != nil && m.Streaming.Discriminator != nil {
		disc = m.Streaming.Discriminator.Name
	}
	for _, p := range op.Parameters {
		if p.In == "path" || p.In == "querystring" || p.Name == disc {
			continue
		}
		if !validWireName(p.Name) || (p.In == "header" && strings.ContainsAny(p.Name, " :")) {
			b.diags.Warnf(p.Pos, "Spec/UnsupportedParameterName", "rename the parameter in the spec",
				"%s parameter %q of %s %s cannot be sent safely and is left out", p.In, p.Name, op.Method, op.Path)
			continue
		}
		if p.In == "header" && isManagedHeader(p.Name) {
			continue
		}
		fname := scope.Claim(naming.Exported(p.Name), p.Name)
		ft, nullable := b.typeOfNullable(p.Schema, name+fname, true)
		describeInline(ft, name+fname, fmt.Sprintf("the %s %s parameter of %s", p.Name, p.In, m.Name))
		explode := p.Explode == nil || *p.Explode
		if p.Style != "" && p.Style != "form" && p.Explode == nil {
			explode = false
		}
		t.Fields = append(t.Fields, &Field{
			Name: fname, Wire: p.Name, In: p.In, Type: ft, Required: p.Required, Nullable: nullable,
			Style: p.Style, Explode: explode, Doc: p.Description, Deprecated: deprecation(p.Deprecated),
		})
	}
	if rb := op.RequestBody; rb != nil && len(rb.Content) > 0 {
		b.body(m, t, rb, name, scope, disc)
	}
	if len(t.Fields) == 0 {
		return
	}
	m.Params = b.declareParams(t, name)
	b.checkParamsName(m, op, bd)
	if m.Streaming != nil && m.Streaming.Discriminator != nil && bd.cm != nil && bd.cm.Streaming != nil && bd.cm.Streaming.ParamsTypeName != "" {
		for _, suffix := range []string{"Streaming", "NonStreaming"} {
			m.ParamsAliases = append(m.ParamsAliases, b.names.Claim(m.Params.Name+suffix, "params alias"))
		}
	}
}

// checkParamsName reports Streaming/CannotInferParamsName for a dual-mode
// method whose params type is named by default: no params_type_name, and a
// request body that is not a named schema to take the name from.
func (b *builder) checkParamsName(m *Method, op *openapi.Operation, bd *binding) {
	if m.Streaming == nil || m.Streaming.Discriminator == nil || bd.inferred {
		return
	}
	if bd.cm != nil && bd.cm.Streaming != nil && bd.cm.Streaming.ParamsTypeName != "" {
		return
	}
	if rb := op.RequestBody; rb != nil {
		if mt := pickMedia(rb.Content, isJSON); mt != nil && mt.Schema != nil && mt.Schema.Name != "" {
			return
		}
	}
	pos := op.Pos
	if bd.cm != nil && bd.cm.Streaming != nil {
		pos = bd.cm.Streaming.Pos
	}
	b.diags.Warnf(pos, "Streaming/CannotInferParamsName",
		fmt.Sprintf("set resources.%s.methods.%s.streaming.params_type_name", bd.path, bd.key),
		"no model name, $ref or streaming.params_type_name for %s %s; using %q", strings.ToLower(op.Method), op.Path, m.Params.Name)
}

// declareParams files a params struct under a unique name.
func (b *builder) declareParams(t *Type, name string) *Type {
	t.Name = b.names.Claim(name, t.Source)
	b.api.Types = append(b.api.Types, t)
	if b.file != nil {
		b.file.Types = append(b.file.Types, t)
	}
	return t
}

// body adds the request body to the params struct t.
func (b *builder) body(m *Method, t *Type, rb *openapi.RequestBody, name string, scope *naming.Scope, disc string) {
	mt := pickMedia(rb.Content, isJSON)
	if mt == nil {
		if form := pickMedia(rb.Content, isForm); form != nil && form.Schema != nil && schemaKind(form.Schema) == "object" {
			b.formBody(m, t, form, name, scope, disc)
			return
		}
	}
	if mt == nil {
		raw := rb.Content[0]
		m.Body, m.BodyContentType = RawBody, raw.Name
		m.BodyField = scope.Claim("Body", "request body")
		t.Fields = append(t.Fields, &Field{Name: m.BodyField, Type: tReader, Required: rb.Required, Doc: firstNonEmpty(rb.Description, "is sent as the request body ("+raw.Name+").")})
		b.diags.Notef(raw.Pos, "Endpoint/RawBody", "",
			"request body of %s %s (%s) is sent as raw bytes from an io.Reader", m.HTTPMethod, m.Path, raw.Name)
		return
	}
	s := mt.Schema
	if s != nil && schemaKind(s) == "object" {
		props, required := mergedProperties(s)
		if len(props) > 0 {
			m.Body = JSONObject
			var kept []*openapi.Property
			for _, p := range props {
				if p.Name != disc {
					kept = append(kept, p)
				}
			}
			// Inline types of a component body are named after the component,
			// not the params struct: the response may use the same schema.
			hint := name
			if s.Name != "" {
				hint = b.componentName(s)
			}
			for _, f := range b.fields(hint, kept, required, true) {
				f.Name = scope.Claim(f.Name, f.Wire)
				t.Fields = append(t.Fields, f)
			}
			if t.Doc != "" && s.Description != "" {
				t.Doc += "\n\n" + s.Description
			}
			return
		}
	}
	m.Body = JSONValue
	m.BodyField = scope.Claim("Body", "request body")
	ft, _ := b.typeOfNullable(s, name+"Body", false)
	t.Fields = append(t.Fields, &Field{Name: m.BodyField, Type: ft, Required: rb.Required, Doc: firstNonEmpty(rb.Description, "is sent as the JSON request body.")})
}

// isForm reports the form media types sdkgen encodes itself.
func isForm(name string) bool {
	base := mediaBase(name)
	return base == "application/x-www-form-urlencoded" || base == "multipart/form-data"
}

// formBody inlines a form body's properties into the params struct, as a
// JSON object body is; multipart binary properties become io.Readers.
func (b *builder) formBody(m *Method, t *Type, mt *openapi.MediaType, name string, scope *naming.Scope, disc string) {
	multipart := mediaBase(mt.Name) == "multipart/form-data"
	m.Body, m.BodyContentType = FormObject, mediaBase(mt.Name)
	if multipart {
		m.Body = MultipartObject
	}
	props, required := mergedProperties(mt.Schema)
	var kept []*openapi.Property
	for _, p := range props {
		if p.Name != disc {
			kept = append(kept, p)
		}
	}
	hint := name
	if mt.Schema.Name != "" {
		hint = b.componentName(mt.Schema)
	}
	binary := map[string]bool{}
	for _, p := range kept {
		binary[p.Name] = multipart && isBinary(p.Schema)
	}
	for _, f := range b.fields(hint, kept, required, true) {
		if binary[f.Wire] {
			f.Type = tReader
			f.Doc = joinDoc(f.Doc, "Sent as a file: the part is named after the reader's Name() when it has one (an *os.File does).")
		}
		f.Name = scope.Claim(f.Name, f.Wire)
		t.Fields = append(t.Fields, f)
	}
}

// isBinary reports a file property: a string with format binary.
func isBinary(s *openapi.Schema) bool {
	return s != nil && schemaKind(s) == "string" && s.Format == "binary"
}

// joinDoc joins two doc paragraphs.
func joinDoc(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n\n" + b
}

// isManagedHeader reports headers the SDK sets itself.
func isManagedHeader(name string) bool {
	switch strings.ToLower(name) {
	case "accept", "content-type", "authorization", "content-length":
		return true
	}
	return false
}

// response picks the 2xx response type and the declared error types.
func (b *builder) response(m *Method, op *openapi.Operation, stem string) {
	for _, r := range op.Responses {
		if !strings.HasPrefix(r.Status, "2") || len(r.Content) == 0 {
			continue
		}
		if mt := pickMedia(r.Content, isJSON); mt != nil {
			m.Response = b.typeOf(mt.Schema, stem+"Response", false)
			describeInline(m.Response, stem+"Response", "the response of "+m.Name)
			break
		}
		if m.Streaming != nil && m.Streaming.Discriminator == nil {
			break
		}
		if pickMedia(r.Content, func(n string) bool { _, ok := streamFormat(n); return !ok }) != nil {
			m.RawResponse = true
			break
		}
	}
	for _, r := range op.Responses {
		if strings.HasPrefix(r.Status, "2") || strings.HasPrefix(r.Status, "1") || strings.HasPrefix(r.Status, "3") {
			continue
		}
		mt := pickMedia(r.Content, isJSON)
		if mt == nil || mt.Schema == nil || (mt.Schema.Name == "" && b.declared[mt.Schema] == nil) {
			continue
		}
		status := r.Status
		if status != "default" {
			status = strings.ToUpper(status)
		}
		m.Errors = append(m.Errors, &ErrorType{Status: status, Type: b.typeOf(mt.Schema, "", false)})
	}
}

// pickMedia returns the first media type whose name satisfies ok.
func pickMedia(content []*openapi.MediaType, ok func(string) bool) *openapi.MediaType {
	for _, mt := range content {
		if ok(mt.Name) {
			return mt
		}
	}
	return nil
}

// mediaBase is a media type without parameters, lower case.
func mediaBase(name string) string {
	if mt, _, err := mime.ParseMediaType(name); err == nil {
		return mt
	}
	base, _, _ := strings.Cut(name, ";")
	return strings.ToLower(strings.TrimSpace(base))
}

// isJSON reports JSON media types: application/json, */*+json, and */*.
func isJSON(name string) bool {
	base := mediaBase(name)
	if _, ok := streamFormat(base); ok {
		return false
	}
	return base == "application/json" || strings.HasSuffix(base, "+json") || base == "*/*" || base == "text/json"
}
