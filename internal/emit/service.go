package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/sdkgen/sdkgen/internal/ir"
)

// resourceFile renders a resource's service, its methods and the types
// declared with it.
func (g *gen) resourceFile(f *ir.File) *jen.File {
	file := g.newFile("", g.api.Package)
	r := f.Resource
	if r == nil {
		for _, t := range f.Types {
			file.Add(g.typeDecl(t))
			file.Line()
		}
		return file
	}
	file.Add(g.serviceDecl(r))
	file.Line()
	file.Add(g.serviceConstructor(r))
	for _, m := range r.Methods {
		file.Line()
		file.Add(g.method(r, m, false))
		if m.Streaming != nil && m.Streaming.Discriminator != nil {
			file.Line()
			file.Add(g.method(r, m, true))
		}
		if m.Pagination != nil {
			file.Line()
			file.Add(g.autoPaging(r, m))
		}
	}
	for _, t := range f.Types {
		file.Line()
		file.Add(g.typeDecl(t))
		for _, m := range r.Methods {
			if m.Params == t {
				for _, alias := range m.ParamsAliases {
					file.Line()
					file.Add(comment(alias + " is " + t.Name + ", named as other languages' docs name it."))
					file.Type().Id(alias).Op("=").Id(t.Name)
				}
			}
		}
	}
	return file
}

// serviceDecl renders the service struct.
func (g *gen) serviceDecl(r *ir.Resource) jen.Code {
	fields := []jen.Code{
		fieldComment("Options are applied to every request of this service, before the call's own."),
		jen.Id("Options").Index().Add(g.qual("option", "RequestOption")),
	}
	for _, sub := range r.Subresources {
		fields = append(fields, jen.Id(sub.Field).Op("*").Id(sub.Service))
	}
	doc := docFor(r.Service, "holds the methods of the "+r.Path+" resource. Use it through the Client; do not construct it.", r.Doc)
	return jen.Add(comment(doc), jen.Line(), jen.Type().Id(r.Service).Struct(fields...))
}

// serviceConstructor renders newXService.
func (g *gen) serviceConstructor(r *ir.Resource) jen.Code {
	values := jen.Dict{jen.Id("Options"): jen.Id("opts")}
	for _, sub := range r.Subresources {
		values[jen.Id(sub.Field)] = jen.Id(constructorName(sub)).Call(jen.Id("opts"))
	}
	return jen.Func().Id(constructorName(r)).Params(jen.Id("opts").Index().Add(g.qual("option", "RequestOption"))).
		Op("*").Id(r.Service).Block(jen.Return(jen.Op("&").Id(r.Service).Values(values)))
}

func constructorName(r *ir.Resource) string { return "new" + r.Service }

// method renders one method, or the streaming twin of a dual-mode method.
func (g *gen) method(r *ir.Resource, m *ir.Method, twin bool) jen.Code {
	name := m.Name
	streams := m.Streaming != nil && (twin || m.Streaming.Discriminator == nil)
	if twin {
		name += "Streaming"
	}
	params := []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	for _, p := range m.PathParams {
		params = append(params, jen.Id(p.Arg).Add(typeExpr(p.Type)))
	}
	if m.Params != nil {
		params = append(params, jen.Id("params").Id(m.Params.Name))
	}
	params = append(params, jen.Id("opts").Op("...").Add(g.qual("option", "RequestOption")))

	var results jen.Code
	var body []jen.Code
	switch {
	case streams:
		results = jen.Params(jen.Op("*").Add(g.qual("streaming", "Stream")).Types(typeExpr(m.Streaming.Event)), jen.Error())
		body = g.streamBody(m, twin)
	case m.Response != nil:
		results = jen.Params(resultType(m.Response), jen.Error())
		body = g.callBody(m, true)
	case m.RawResponse:
		results = jen.Params(jen.Index().Byte(), jen.Error())
		body = g.callBody(m, true)
	default:
		results = jen.Error()
		body = g.callBody(m, false)
	}
	return jen.Add(comment(g.methodDoc(m, name, twin)), jen.Line(),
		jen.Func().Params(jen.Id("r").Op("*").Id(r.Service)).Id(name).Params(params...).Add(results).Block(body...))
}

// methodDoc renders a method's doc comment, ending with its spec line.
func (g *gen) methodDoc(m *ir.Method, name string, twin bool) string {
	lead := "calls " + m.HTTPMethod + " " + m.Path + "."
	switch {
	case twin:
		lead = "is " + m.Name + " with the response streamed: it sets " + m.Streaming.Discriminator.Name +
			" to true and returns each event as it arrives. Close the stream when done."
	case m.Streaming != nil && m.Streaming.Discriminator != nil:
		lead = "calls " + m.HTTPMethod + " " + m.Path + " and returns the whole response; " + name + "Streaming streams it instead."
	case m.Streaming != nil:
		lead = "opens the stream of " + m.HTTPMethod + " " + m.Path + " and returns each event as it arrives. Close the stream when done."
	}
	text := m.Doc
	if twin {
		text = ""
	}
	return docFor(name, lead, text, deprecated(m.Deprecated), "Spec: "+m.HTTPMethod+" "+m.Path)
}

// resultType is what a method returns for a response type: a pointer to a
// struct, anything else by value.
func resultType(t *ir.TypeRef) jen.Code {
	if t.Kind == ir.Named && t.Type.Kind == ir.Struct {
		return jen.Op("*").Add(typeExpr(t))
	}
	return typeExpr(t)
}

// zeroResult is the value returned with an error.
func zeroResult(m *ir.Method) jen.Code {
	switch {
	case m.RawResponse:
		return jen.Nil()
	case m.Response == nil:
		return nil
	}
	switch t := m.Response; {
	case t.Kind == ir.Named && t.Type.Kind == ir.Struct, t.Kind == ir.Slice, t.Kind == ir.Map, t.Kind == ir.Pointer,
		t.Kind == ir.Builtin && (t.Builtin == "any" || t.Builtin == "json.RawMessage"):
		return jen.Nil()
	}
	return jen.Id("res")
}

// requestSetup renders the statements shared by every method: the path,
// the request, its parameters and its body.
func (g *gen) requestSetup(m *ir.Method, failed func() jen.Code) []jen.Code {
	var out []jen.Code
	pathExpr := jen.Lit(m.Path)
	if len(m.PathParams) > 0 {
		args := []jen.Code{jen.Lit(m.Path)}
		for _, p := range m.PathParams {
			args = append(args, jen.Id(p.Arg))
		}
		out = append(out,
			jen.List(jen.Id("path"), jen.Err()).Op(":=").Add(g.qual("internal/requestconfig", "ExpandPath")).Call(args...),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(failed())),
		)
		pathExpr = jen.Id("path")
	}
	out = append(out, jen.Id("req").Op(":=").Add(g.qual("internal/requestconfig", "NewRequest")).Call(jen.Lit(m.HTTPMethod), pathExpr))
	if m.Params == nil {
		return out
	}
	for _, f := range m.Params.Fields {
		switch f.In {
		case "query":
			out = append(out, jen.Id("req").Dot("AddQuery").Call(jen.Lit(f.Wire), jen.Id("params").Dot(f.Name),
				g.qual("internal/requestconfig", queryStyle(f.Style)), jen.Lit(f.Explode)))
		case "header":
			out = append(out, jen.Id("req").Dot("SetHeader").Call(jen.Lit(f.Wire), jen.Id("params").Dot(f.Name)))
		case "cookie":
			out = append(out, jen.Id("req").Dot("AddCookie").Call(jen.Lit(f.Wire), jen.Id("params").Dot(f.Name)))
		}
	}
	switch m.Body {
	case ir.JSONObject:
		out = append(out, jen.Id("req").Dot("Body").Op("=").Id("params"))
	case ir.JSONValue:
		out = append(out, jen.Id("req").Dot("Body").Op("=").Id("params").Dot(m.BodyField))
	case ir.FormObject, ir.MultipartObject:
		encoding := "EncodingForm"
		if m.Body == ir.MultipartObject {
			encoding = "EncodingMultipart"
		}
		out = append(out,
			jen.Id("req").Dot("Body").Op("=").Id("params"),
			jen.Id("req").Dot("Encoding").Op("=").Add(g.qual("internal/requestconfig", encoding)))
	case ir.RawBody:
		out = append(out,
			jen.Id("req").Dot("RawBody").Op("=").Id("params").Dot(m.BodyField),
			jen.Id("req").Dot("ContentType").Op("=").Lit(m.BodyContentType))
	}
	return out
}

// errorTypes renders req.ErrorTypes for the declared error bodies.
func (g *gen) errorTypes(m *ir.Method) []jen.Code {
	if len(m.Errors) == 0 {
		return nil
	}
	values := jen.Dict{}
	for _, e := range m.Errors {
		values[jen.Lit(e.Status)] = jen.Func().Params().Any().Block(jen.Return(jen.New(typeExpr(e.Type))))
	}
	return []jen.Code{jen.Id("req").Dot("ErrorTypes").Op("=").Map(jen.String()).Func().Params().Any().Values(values)}
}

// callOptions is the client's options followed by the call's, without
// letting append write into the service's slice.
func callOptions() jen.Code {
	return jen.Append(jen.Id("r").Dot("Options").Index(jen.Op(":").Len(jen.Id("r").Dot("Options")).Op(":").Len(jen.Id("r").Dot("Options"))), jen.Id("opts").Op("..."))
}

// callBody renders a plain JSON call.
func (g *gen) callBody(m *ir.Method, hasResult bool) []jen.Code {
	failed := func() jen.Code {
		if hasResult {
			return jen.List(zeroResult(m), jen.Err())
		}
		return jen.Err()
	}
	var out []jen.Code
	if hasResult && m.Response != nil && !(m.Response.Kind == ir.Named && m.Response.Type.Kind == ir.Struct) {
		out = append(out, jen.Var().Id("res").Add(typeExpr(m.Response)))
	}
	out = append(out, g.requestSetup(m, failed)...)
	out = append(out, g.errorTypes(m)...)
	if m.Streaming != nil && m.Streaming.Discriminator != nil && m.Streaming.Discriminator.DefaultTrue {
		out = append(out, g.setDiscriminator(m.Streaming.Discriminator, false))
	}
	if !hasResult {
		return append(out, jen.Return(g.qual("internal/requestconfig", "Do").Call(jen.Id("ctx"), jen.Id("req"), jen.Nil(), callOptions())))
	}
	var dst jen.Code
	var ret jen.Code
	switch {
	case m.RawResponse:
		out = append(out, jen.Var().Id("raw").Index().Byte())
		dst, ret = jen.Op("&").Id("raw"), jen.Id("raw")
	case m.Response.Kind == ir.Named && m.Response.Type.Kind == ir.Struct:
		out = append(out, jen.Id("res").Op(":=").New(typeExpr(m.Response)))
		dst, ret = jen.Id("res"), jen.Id("res")
	default:
		dst, ret = jen.Op("&").Id("res"), jen.Id("res")
	}
	out = append(out,
		jen.If(jen.Err().Op(":=").Add(g.qual("internal/requestconfig", "Do")).Call(jen.Id("ctx"), jen.Id("req"), dst, callOptions()), jen.Err().Op("!=").Nil()).
			Block(jen.Return(zeroResult(m), jen.Err())),
		jen.Return(ret, jen.Nil()),
	)
	return out
}

// queryStyle names the runtime's constant for an OpenAPI query style.
func queryStyle(style string) string {
	switch style {
	case "spaceDelimited":
		return "SpaceDelimited"
	case "pipeDelimited":
		return "PipeDelimited"
	case "deepObject":
		return "DeepObject"
	}
	return "Form"
}
