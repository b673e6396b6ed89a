package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/sdkgen/sdkgen/internal/ir"
)

// autoPaging renders a list method's AutoPaging twin: an iterator over the
// items of every page, fetching each page as the caller reaches it. It
// calls the list method with its own copy of the params and moves the
// cursor, offset or page number forward after each page.
func (g *gen) autoPaging(r *ir.Resource, m *ir.Method) jen.Code {
	p := m.Pagination
	item := typeExpr(p.Item)
	params := []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	args := []jen.Code{jen.Id("ctx")}
	for _, pp := range m.PathParams {
		params = append(params, jen.Id(pp.Arg).Add(typeExpr(pp.Type)))
		args = append(args, jen.Id(pp.Arg))
	}
	params = append(params, jen.Id("params").Id(m.Params.Name), jen.Id("opts").Op("...").Add(g.qual("option", "RequestOption")))
	args = append(args, jen.Id("params"), jen.Id("opts").Op("..."))

	page := jen.Id("page").Dot(p.Items.Name)
	fetch := []jen.Code{
		jen.List(jen.Id("page"), jen.Err()).Op(":=").Id("r").Dot(m.Name).Call(args...),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.False(), jen.Err())),
	}
	fetch = append(fetch, g.advance(p, page)...)
	doc := docFor(p.Name, "iterates over the items of every page of "+m.Name+", fetching the next page only when the items of the current one are used up.",
		"Use Next, Current and Err, or range over All().", "Spec: "+m.HTTPMethod+" "+m.Path)
	return jen.Add(comment(doc), jen.Line(),
		jen.Func().Params(jen.Id("r").Op("*").Id(r.Service)).Id(p.Name).Params(params...).
			Op("*").Add(g.qual("pagination", "Iter")).Types(item).Block(
			jen.Return(g.qual("pagination", "NewIter").Call(jen.Id("ctx"),
				jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Params(jen.Index().Add(typeExpr(p.Item)), jen.Bool(), jen.Error()).Block(fetch...))),
		))
}

// advance renders the statements that move params to the next page and
// return the page's items and whether another page follows.
func (g *gen) advance(p *ir.Pagination, items *jen.Statement) []jen.Code {
	set := func(value jen.Code) jen.Code {
		if isOpt(p.Param, true) {
			value = jen.Id("Value").Call(value)
		}
		return jen.Id("params").Dot(p.Param.Name).Op("=").Add(value)
	}
	current := func() []jen.Code {
		if isOpt(p.Param, true) {
			return []jen.Code{jen.List(jen.Id("current"), jen.Id("_")).Op(":=").Id("params").Dot(p.Param.Name).Dot("Get").Call()}
		}
		return []jen.Code{jen.Id("current").Op(":=").Id("params").Dot(p.Param.Name)}
	}
	switch p.Kind {
	case "cursor":
		cursor := jen.Id("page").Dot(p.Cursor.Name)
		if p.Cursor.Type.Kind == ir.Pointer || (p.Cursor.Nullable && !nilable(p.Cursor.Type)) {
			return []jen.Code{
				jen.If(cursor.Clone().Op("==").Nil().Op("||").Op("*").Add(cursor.Clone()).Op("==").Lit("")).Block(jen.Return(items.Clone(), jen.False(), jen.Nil())),
				set(jen.Op("*").Add(cursor.Clone())),
				jen.Return(items, jen.True(), jen.Nil()),
			}
		}
		return []jen.Code{
			jen.If(cursor.Clone().Op("==").Lit("")).Block(jen.Return(items.Clone(), jen.False(), jen.Nil())),
			set(cursor),
			jen.Return(items, jen.True(), jen.Nil()),
		}
	case "offset":
		return append(current(),
			set(jen.Id("current").Op("+").Int64().Call(jen.Len(items.Clone()))),
			jen.Return(items, jen.Len(items.Clone()).Op(">").Lit(0), jen.Nil()))
	}
	// page: numbers start at 1 when the caller set none.
	return append(current(),
		jen.If(jen.Id("current").Op("==").Lit(0)).Block(jen.Id("current").Op("=").Lit(1)),
		set(jen.Id("current").Op("+").Lit(1)),
		jen.Return(items, jen.Len(items.Clone()).Op(">").Lit(0), jen.Nil()))
}
