package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/sdkgen/sdkgen/internal/ir"
)

// unionDecl renders a union: a struct that keeps the raw JSON (or the
// value a constructor was given), one constructor and one accessor per
// variant, AsAny for a type switch, and the JSON methods. A variant the
// SDK does not know decodes without error and stays in Raw.
func (g *gen) unionDecl(t *ir.Type) jen.Code {
	var names []string
	for _, v := range t.Variants {
		names = append(names, v.Name)
	}
	doc := docFor(t.Name, "is "+t.Source+": one of "+strings.Join(names, ", ")+
		". Switch on AsAny, or call the As method of the variant you expect; Raw has the JSON as received.",
		t.Doc, deprecated(t.Deprecated))
	code := []jen.Code{
		comment(doc), jen.Line(),
		jen.Type().Id(t.Name).Struct(
			jen.Id("raw").Qual("encoding/json", "RawMessage"),
			jen.Id("value").Any(),
		),
	}
	recv := func() *jen.Statement { return jen.Func().Params(jen.Id("u").Id(t.Name)) }
	for i, v := range t.Variants {
		typ := typeExpr(v.Type)
		code = append(code, jen.Line(), jen.Line(),
			comment("New"+t.Name+"From"+v.Name+" returns a "+t.Name+" holding v."), jen.Line(),
			jen.Func().Id("New"+t.Name+"From"+v.Name).Params(jen.Id("v").Add(typ)).Id(t.Name).Block(
				jen.Return(jen.Id(t.Name).Values(jen.Dict{jen.Id("value"): jen.Id("v")}))),
			jen.Line(), jen.Line(),
			comment("As"+v.Name+" returns the "+v.Name+" variant, and whether the value is one."), jen.Line(),
			recv().Id("As"+v.Name).Params().Params(typ.Clone(), jen.Bool()).Block(
				jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("u").Dot("value").Assert(typeExpr(v.Type)), jen.Id("ok")).Block(
					jen.Return(jen.Id("v"), jen.True())),
				jen.Var().Id("v").Add(typeExpr(v.Type)),
				jen.If(jen.Id("u").Dot("value").Op("!=").Nil().Op("||").Id("u").Dot("variant").Call().Op("!=").Lit(i)).Block(
					jen.Return(jen.Id("v"), jen.False())),
				jen.Return(jen.Id("v"), jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("u").Dot("raw"), jen.Op("&").Id("v")).Op("==").Nil()),
			),
		)
	}
	code = append(code, jen.Line(), jen.Line(), g.unionAsAny(t), jen.Line(), jen.Line(), g.unionVariant(t))
	code = append(code, jen.Line(), jen.Line(),
		comment("Raw returns the JSON the value was decoded from; nil for a value built with a constructor."), jen.Line(),
		recv().Id("Raw").Params().Qual("encoding/json", "RawMessage").Block(jen.Return(jen.Id("u").Dot("raw"))),
		jen.Line(), jen.Line(),
		comment("MarshalJSON encodes the value a constructor was given, or the JSON as received."), jen.Line(),
		recv().Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.If(jen.Id("u").Dot("value").Op("!=").Nil()).Block(jen.Return(jen.Qual("encoding/json", "Marshal").Call(jen.Id("u").Dot("value")))),
			jen.If(jen.Id("u").Dot("raw").Op("!=").Nil()).Block(jen.Return(jen.Id("u").Dot("raw"), jen.Nil())),
			jen.Return(jen.Index().Byte().Parens(jen.Lit("null")), jen.Nil()),
		),
		jen.Line(), jen.Line(),
		comment("UnmarshalJSON keeps the JSON; the variant is decoded when asked for."), jen.Line(),
		jen.Func().Params(jen.Id("u").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
			jen.Id("u").Dot("raw").Op("=").Append(jen.Qual("encoding/json", "RawMessage").Call(jen.Nil()), jen.Id("data").Op("...")),
			jen.Id("u").Dot("value").Op("=").Nil(),
			jen.Return(jen.Nil()),
		),
	)
	return jen.Add(code...)
}

// unionAsAny renders AsAny, the entry point of a type switch.
func (g *gen) unionAsAny(t *ir.Type) jen.Code {
	cases := []jen.Code{}
	for i, v := range t.Variants {
		cases = append(cases, jen.Case(jen.Lit(i)).Block(
			jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("u").Dot("As"+v.Name).Call(), jen.Id("ok")).Block(jen.Return(jen.Id("v")))))
	}
	return jen.Add(
		comment("AsAny returns the variant the value holds, for a type switch, or nil when it is a variant this SDK does not know (Raw still has it)."), jen.Line(),
		jen.Func().Params(jen.Id("u").Id(t.Name)).Id("AsAny").Params().Any().Block(
			jen.If(jen.Id("u").Dot("value").Op("!=").Nil()).Block(jen.Return(jen.Id("u").Dot("value"))),
			jen.Switch(jen.Id("u").Dot("variant").Call()).Block(cases...),
			jen.Return(jen.Nil()),
		))
}

// unionVariant renders variant(), which tells the variant of the raw JSON
// by the strategy the IR chose, or -1.
func (g *gen) unionVariant(t *ir.Type) jen.Code {
	apijson := func(name string) *jen.Statement { return g.qual("internal/apijson", name) }
	var body []jen.Code
	switch t.Strategy {
	case ir.ByDiscriminator:
		var cases []jen.Code
		for i, v := range t.Variants {
			if len(v.Values) == 0 {
				continue
			}
			vals := make([]jen.Code, len(v.Values))
			for j, val := range v.Values {
				vals[j] = jen.Lit(val)
			}
			cases = append(cases, jen.Case(vals...).Block(jen.Return(jen.Lit(i))))
		}
		body = append(body,
			jen.Id("value").Op(",").Id("_").Op(":=").Add(apijson("Property")).Call(jen.Id("u").Dot("raw"), jen.Lit(t.Discriminator)),
			jen.Switch(jen.Id("value")).Block(cases...))
	case ir.ByKind:
		var cases []jen.Code
		for i, v := range t.Variants {
			cases = append(cases, jen.Case(jen.Lit(v.Kind)).Block(jen.Return(jen.Lit(i))))
		}
		body = append(body, jen.Switch(apijson("Kind").Call(jen.Id("u").Dot("raw"))).Block(cases...))
	case ir.ByRequired:
		for i, v := range t.Variants {
			body = append(body, jen.If(apijson("Has").Call(jen.Id("u").Dot("raw"), jen.Lit(v.Required))).Block(jen.Return(jen.Lit(i))))
		}
	default:
		for i, v := range t.Variants {
			test := apijson("Fits").Call(jen.Id("u").Dot("raw"), jen.New(typeExpr(v.Type)))
			if v.Type.Kind == ir.Named && v.Type.Type.Kind == ir.Struct {
				keys := []jen.Code{jen.Id("u").Dot("raw")}
				for _, f := range v.Type.Type.Fields {
					keys = append(keys, jen.Lit(f.Wire))
				}
				test = apijson("OnlyKeys").Call(keys...)
			}
			body = append(body, jen.If(test).Block(jen.Return(jen.Lit(i))))
		}
	}
	body = append(body, jen.Return(jen.Lit(-1)))
	return jen.Add(
		comment("variant tells which variant the raw JSON is, or -1."), jen.Line(),
		jen.Func().Params(jen.Id("u").Id(t.Name)).Id("variant").Params().Int().Block(body...))
}
