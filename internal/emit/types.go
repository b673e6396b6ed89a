package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/sdkgen/sdkgen/internal/ir"
)

// typeExpr renders a type reference.
func typeExpr(t *ir.TypeRef) *jen.Statement {
	switch t.Kind {
	case ir.Named:
		return jen.Id(t.Type.Name)
	case ir.Slice:
		return jen.Index().Add(typeExpr(t.Elem))
	case ir.Map:
		return jen.Map(jen.String()).Add(typeExpr(t.Elem))
	case ir.Pointer:
		return jen.Op("*").Add(typeExpr(t.Elem))
	}
	switch t.Builtin {
	case "any":
		return jen.Any()
	case "json.RawMessage":
		return jen.Qual("encoding/json", "RawMessage")
	case "io.Reader":
		return jen.Qual("io", "Reader")
	}
	return jen.Id(t.Builtin)
}

// isOpt reports whether a field is an Opt[T]: in a params struct, a
// nullable field (unless required and already nil-able: nil encodes null)
// and an optional scalar.
func isOpt(f *ir.Field, params bool) bool {
	return params && ((f.Nullable && !(f.Required && nilable(f.Type))) || (!f.Required && isScalar(f.Type)))
}

// isScalar reports the types an optional parameter holds in an Opt:
// strings, numbers, booleans and enums.
func isScalar(t *ir.TypeRef) bool {
	switch t.Kind {
	case ir.Builtin:
		switch t.Builtin {
		case "string", "int64", "float64", "bool", "Time", "Date":
			return true
		}
	case ir.Named:
		return t.Type.Kind == ir.Enum
	}
	return false
}

// nilable reports types whose zero value is nil already, so an optional
// one needs no pointer to be left out.
func nilable(t *ir.TypeRef) bool {
	switch t.Kind {
	case ir.Slice, ir.Map, ir.Pointer:
		return true
	case ir.Named:
		// A union encodes null itself and is left out when zero.
		return t.Type.Kind == ir.Union
	case ir.Builtin:
		return t.Builtin == "any" || t.Builtin == "json.RawMessage" || t.Builtin == "io.Reader"
	}
	return false
}

// typeDecl renders one declared type.
func (g *gen) typeDecl(t *ir.Type) jen.Code {
	switch t.Kind {
	case ir.Union:
		return g.unionDecl(t)
	case ir.Enum:
		return enumDecl(t)
	case ir.Defined:
		return jen.Add(comment(docFor(t.Name, "is "+t.Source+".", t.Doc)), jen.Line(),
			jen.Type().Id(t.Name).Add(typeExpr(t.Underlying)))
	}
	return g.structDecl(t)
}

// structDecl renders a model or params struct.
func (g *gen) structDecl(t *ir.Type) jen.Code {
	lead := "is " + t.Source + "."
	if t.IsParams {
		lead = t.Doc
	}
	doc := docFor(t.Name, lead, docText(t), deprecated(t.Deprecated))
	fields := make([]jen.Code, 0, len(t.Fields))
	for _, f := range t.Fields {
		fields = append(fields, fieldDecl(f, t.IsParams))
	}
	if t.IsParams {
		return jen.Add(comment(doc), jen.Line(), jen.Type().Id(t.Name).Struct(fields...))
	}
	fields = append(fields, jen.Line(), jen.Add(fieldComment("raw is the JSON this value was decoded from."), jen.Line(), jen.Id("raw").Qual("encoding/json", "RawMessage")))
	return jen.Add(comment(doc), jen.Line(), jen.Type().Id(t.Name).Struct(fields...), jen.Line(), jen.Line(), g.modelMethods(t))
}

// modelMethods renders what every response model has: RawJSON and
// ExtraFields, so nothing a newer API sends is lost, and the decoders that
// keep the JSON for them (decode.go).
func (g *gen) modelMethods(t *ir.Type) jen.Code {
	known := make([]jen.Code, 0, len(t.Fields)+1)
	known = append(known, jen.Id("m").Dot("raw"))
	for _, f := range t.Fields {
		if jsonField(f) {
			known = append(known, jen.Lit(f.Wire))
		}
	}
	return jen.Add(
		comment("RawJSON returns the JSON "+t.Name+" was decoded from; nil for a value built in Go."), jen.Line(),
		jen.Func().Params(jen.Id("m").Id(t.Name)).Id("RawJSON").Params().Qual("encoding/json", "RawMessage").Block(jen.Return(jen.Id("m").Dot("raw"))),
		jen.Line(), jen.Line(),
		comment("ExtraFields returns the properties of the JSON "+t.Name+" was decoded from that it has no field for, such as fields added to the API after this SDK was generated."), jen.Line(),
		jen.Func().Params(jen.Id("m").Id(t.Name)).Id("ExtraFields").Params().Map(jen.String()).Qual("encoding/json", "RawMessage").Block(
			jen.Return(g.qual("internal/apijson", "Extra").Call(known...))),
		jen.Line(), jen.Line(),
		jen.Add(g.decodeMethods(t)...))
}

// docText is the spec's own description of a model; params structs carry
// their lead in Doc instead.
func docText(t *ir.Type) string {
	if t.IsParams {
		return ""
	}
	return t.Doc
}

// fieldType is the Go type of a model field: a nullable field that is not
// nil-able is a pointer, so that null survives. fieldDecl declares it, and
// readJSON decodes into it.
func fieldType(f *ir.Field) *ir.TypeRef {
	if f.Nullable && !nilable(f.Type) {
		return &ir.TypeRef{Kind: ir.Pointer, Elem: f.Type}
	}
	return f.Type
}

// jsonField reports whether a model field is a JSON property (not a
// parameter sent elsewhere, nor a field with no wire name).
func jsonField(f *ir.Field) bool { return f.Wire != "" && f.In == "" }

// fieldDecl renders one struct field with its tags. In params, optional
// fields are pointers (nil is left out, a set zero is sent); in models,
// optional fields are values left out when zero (omitzero), and nullable
// ones are pointers so null survives.
func fieldDecl(f *ir.Field, params bool) jen.Code {
	var expr jen.Code
	switch {
	case !params:
		expr = typeExpr(fieldType(f))
	case isOpt(f, true):
		// Opt[T]: left out, a value, or an explicit null. A required
		// nullable list, map or union needs none: nil already encodes null.
		expr = jen.Id("Opt").Types(typeExpr(f.Type))
	case !f.Required && !nilable(f.Type):
		expr = jen.Op("*").Add(typeExpr(f.Type))
	default:
		expr = typeExpr(f.Type)
	}
	tags := map[string]string{}
	switch f.In {
	case "":
		if f.Wire == "" {
			tags["json"] = "-"
		} else if f.Required {
			tags["json"] = f.Wire
		} else {
			tags["json"] = f.Wire + ",omitzero"
		}
	default:
		tags["json"] = "-"
		tags[f.In] = f.Wire
	}
	where := ""
	switch f.In {
	case "query":
		where = fmt.Sprintf("Sent as the query parameter %q.", f.Wire)
	case "header":
		where = fmt.Sprintf("Sent as the header %q.", f.Wire)
	case "cookie":
		where = fmt.Sprintf("Sent as the cookie %q.", f.Wire)
	}
	req := ""
	if params && f.Required {
		req = "Required."
	}
	doc := joinSentences(f.Doc, req, where, deprecated(f.Deprecated))
	decl := jen.Id(f.Name).Add(expr).Tag(tags)
	if doc == "" {
		return decl
	}
	return jen.Add(fieldComment(doc), jen.Line(), decl)
}

// enumDecl renders an open enum: the type and one constant per known value.
func enumDecl(t *ir.Type) jen.Code {
	doc := docFor(t.Name, "is "+t.Source+". Values other than the constants below may arrive from newer versions of the API.", t.Doc, deprecated(t.Deprecated))
	code := []jen.Code{comment(doc), jen.Line(), jen.Type().Id(t.Name).Add(typeExpr(t.Underlying))}
	if len(t.Values) == 0 {
		return jen.Add(code...)
	}
	consts := make([]jen.Code, 0, len(t.Values))
	for _, v := range t.Values {
		value := v.Value
		if n, ok := value.(int64); ok {
			value = int(n) // an untyped constant, so it converts to the enum type
		}
		consts = append(consts, jen.Id(v.Name).Id(t.Name).Op("=").Lit(value))
	}
	code = append(code, jen.Line(), jen.Line(),
		comment(fmt.Sprintf("The values of %s the spec lists.", t.Name)), jen.Line(),
		jen.Const().Defs(consts...))
	return jen.Add(code...)
}

// deprecated renders a deprecation paragraph.
func deprecated(note string) string {
	if note == "" {
		return ""
	}
	return "Deprecated: " + note
}

// joinSentences joins non-empty paragraphs.
func joinSentences(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += "\n\n"
		}
		out += p
	}
	return out
}
