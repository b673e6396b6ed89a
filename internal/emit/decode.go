package emit

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/sdkgen/sdkgen/internal/ir"
)

// The decoders. The models of stream events, and the models inside them,
// get an UnmarshalJSON that reads their JSON without reflection (readJSON,
// through the runtime's apijson.Reader) and falls back to encoding/json
// (unmarshalStd) for whatever the reader does not decode exactly as
// encoding/json would. readJSON calls the readJSON of the models inside it
// directly, so a value is scanned once and its bytes copied once.
//
// Other models decode through encoding/json alone: a reader per model
// doubles the time and memory it takes to compile a large SDK (the SDK of
// every OpenAI operation: 13.7 s and 703 MiB to 32.4 s and 1365 MiB), for
// a gain that matters per event of a stream, not per response.

// decodeMethods renders the decoders of a model: the fast ones for the
// models of stream events (fastModels), encoding/json's for the others.
func (g *gen) decodeMethods(t *ir.Type) []jen.Code {
	m := jen.Id("m")
	recv := jen.Params(m.Clone().Op("*").Id(t.Name))
	data := jen.Id("data").Index().Byte()
	if !g.fast[t] {
		return []jen.Code{
			comment("UnmarshalJSON decodes " + t.Name + " and keeps the JSON for RawJSON and ExtraFields."), jen.Line(),
			jen.Func().Add(recv).Id("UnmarshalJSON").Params(data).Error().Block(g.stdBody(t)...),
		}
	}
	code := []jen.Code{
		comment("UnmarshalJSON decodes " + t.Name + " and keeps the JSON for RawJSON and ExtraFields."), jen.Line(),
		jen.Func().Add(recv).Id("UnmarshalJSON").Params(data).Error().Block(
			jen.Return(g.qual("internal/apijson", "Unmarshal").Call(jen.Id("data"), m,
				jen.Parens(jen.Op("*").Id(t.Name)).Dot("readJSON"), jen.Parens(jen.Op("*").Id(t.Name)).Dot("unmarshalStd"))),
		),
		jen.Line(), jen.Line(),
		comment("unmarshalStd decodes " + t.Name + " with encoding/json, for the input readJSON leaves to it."), jen.Line(),
		jen.Func().Add(recv).Id("unmarshalStd").Params(data).Error().Block(g.stdBody(t)...),
		jen.Line(), jen.Line(),
		comment("readJSON decodes " + t.Name + " without reflection; see apijson.Reader."), jen.Line(),
		jen.Func().Add(recv).Id("readJSON").Params(jen.Id("r").Op("*").Add(g.qual("internal/apijson", "Reader"))).Block(g.readJSONBody(t)...),
	}
	if g.events[t] {
		code = append(code, jen.Line(), jen.Line(),
			comment("UnmarshalStreamJSON decodes one event of a stream. It checks the JSON itself, so the stream skips encoding/json's separate validation pass."), jen.Line(),
			jen.Func().Add(recv).Id("UnmarshalStreamJSON").Params(data).Error().Block(
				jen.Return(m.Clone().Dot("UnmarshalJSON").Call(jen.Id("data")))))
	}
	return code
}

// stdBody decodes data into m with encoding/json; null leaves m as it was,
// as the fast path does.
func (g *gen) stdBody(t *ir.Type) []jen.Code {
	m := jen.Id("m")
	return []jen.Code{
		jen.If(g.qual("internal/apijson", "IsNull").Call(jen.Id("data"))).Block(jen.Return(jen.Nil())),
		jen.Type().Id("plain").Id(t.Name),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Parens(jen.Op("*").Id("plain")).Parens(m)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		m.Clone().Dot("raw").Op("=").Add(g.qual("internal/apijson", "Keep").Call(jen.Id("data"))),
		jen.Return(jen.Nil()),
	}
}

// readJSONBody is the object loop of readJSON: one case per JSON property.
func (g *gen) readJSONBody(t *ir.Type) []jen.Code {
	r := jen.Id("r")
	var cases []jen.Code
	var folded strings.Builder
	folded.WriteByte(0)
	n := 0
	for _, f := range t.Fields {
		if !jsonField(f) {
			continue
		}
		folded.WriteString(foldName(f.Wire))
		folded.WriteByte(0)
		once := r.Clone().Dot("Once").Call(jen.Op("&").Id("seen").Index(jen.Lit(n/64)), jen.Lit(1).Op("<<").Lit(n%64))
		body := append([]jen.Code{once}, g.readValue(addressOf(jen.Id("m").Dot(f.Name)), fieldType(f), 0)...)
		cases = append(cases, jen.Case(jen.Lit(f.Wire)).Block(body...))
		n++
	}
	other := r.Clone().Dot("Other").Call(jen.Lit(folded.String()))
	loop := []jen.Code{other}
	if n > 0 {
		loop = []jen.Code{jen.Switch(jen.String().Parens(r.Clone().Dot("Key").Call())).Block(append(cases, jen.Default().Block(other))...)}
	}
	code := []jen.Code{
		jen.Id("start").Op(":=").Add(r.Clone().Dot("Start").Call()),
		jen.If(jen.Op("!").Add(r.Clone().Dot("BeginObject").Call())).Block(jen.Return()),
	}
	if n > 0 {
		code = append(code, jen.Var().Id("seen").Index(jen.Lit((n+63)/64)).Uint64())
	}
	return append(code,
		jen.For(r.Clone().Dot("NextKey").Call()).Block(loop...),
		jen.Id("m").Dot("raw").Op("=").Add(r.Clone().Dot("Since").Call(jen.Id("start"))),
	)
}

// place is where readValue decodes to: val is an addressable expression,
// ptr a pointer to it. A new pointer's target is (*v) with ptr v (deref),
// so the code never says &*v.
type place struct {
	val, ptr *jen.Statement
	deref    bool
}

func addressOf(val *jen.Statement) place {
	return place{val: val, ptr: jen.Op("&").Add(val.Clone())}
}

// recv is the expression to call a pointer method on.
func (p place) recv() *jen.Statement {
	if p.deref {
		return p.ptr.Clone()
	}
	return p.val.Clone()
}

// readValue renders the statements that decode the next JSON value into p
// (of type t), as encoding/json would. depth names the temporaries of
// nested slices, maps and pointers.
func (g *gen) readValue(p place, t *ir.TypeRef, depth int) []jen.Code {
	r := jen.Id("r")
	v, e := jen.Id(fmt.Sprintf("v%d", depth)), jen.Id(fmt.Sprintf("e%d", depth))
	set := func(x jen.Code) jen.Code { return p.val.Clone().Op("=").Add(x) }
	switch t.Kind {
	case ir.Pointer:
		// null sets nil; anything else is decoded into a new value.
		body := append([]jen.Code{v.Clone().Op(":=").New(typeExpr(t.Elem))},
			g.readValue(place{val: jen.Parens(jen.Op("*").Add(v.Clone())), ptr: v.Clone(), deref: true}, t.Elem, depth+1)...)
		return []jen.Code{jen.If(r.Clone().Dot("Null").Call()).Block(set(jen.Nil())).Else().Block(append(body, set(v.Clone()))...)}
	case ir.Slice:
		item := append([]jen.Code{jen.Var().Add(e.Clone()).Add(typeExpr(t.Elem))},
			append(g.readValue(addressOf(e.Clone()), t.Elem, depth+1), v.Clone().Op("=").Append(v.Clone(), e.Clone()))...)
		return []jen.Code{jen.If(r.Clone().Dot("Null").Call()).Block(set(jen.Nil())).Else().If(r.Clone().Dot("BeginArray").Call()).Block(
			v.Clone().Op(":=").Add(typeExpr(t)).Values(),
			jen.For(r.Clone().Dot("NextItem").Call()).Block(item...),
			set(v.Clone()),
		)}
	case ir.Map:
		k := jen.Id(fmt.Sprintf("k%d", depth))
		item := append([]jen.Code{k.Clone().Op(":=").Add(r.Clone().Dot("ReadKey").Call()), jen.Var().Add(e.Clone()).Add(typeExpr(t.Elem))},
			append(g.readValue(addressOf(e.Clone()), t.Elem, depth+1), v.Clone().Index(k.Clone()).Op("=").Add(e.Clone()))...)
		return []jen.Code{jen.If(r.Clone().Dot("Null").Call()).Block(set(jen.Nil())).Else().If(r.Clone().Dot("BeginObject").Call()).Block(
			v.Clone().Op(":=").Add(typeExpr(t)).Values(),
			jen.For(r.Clone().Dot("NextMapKey").Call()).Block(item...),
			set(v.Clone()),
		)}
	case ir.Named:
		switch t.Type.Kind {
		case ir.Struct:
			// streamModels gives every model a fast model holds a readJSON.
			if g.fast[t.Type] {
				return []jen.Code{p.recv().Dot("readJSON").Call(r)}
			}
		case ir.Union:
			return []jen.Code{r.Clone().Dot("DecodeSelf").Call(p.ptr.Clone())}
		case ir.Enum, ir.Defined:
			if read := scalarReader(t.Type.Underlying); read != "" {
				return []jen.Code{r.Clone().Dot(read).Call(jen.Parens(jen.Op("*").Add(typeExpr(t.Type.Underlying))).Parens(p.ptr.Clone()))}
			}
		}
	case ir.Builtin:
		if read := scalarReader(t); read != "" {
			return []jen.Code{r.Clone().Dot(read).Call(p.ptr.Clone())}
		}
		switch t.Builtin {
		case "json.RawMessage":
			return []jen.Code{r.Clone().Dot("ReadRaw").Call(p.ptr.Clone())}
		case "Time", "Date":
			return []jen.Code{r.Clone().Dot("DecodeSelf").Call(p.ptr.Clone())}
		}
	}
	// Anything else (any, a defined list or map) goes through
	// encoding/json, on this value only.
	return []jen.Code{r.Clone().Dot("Decode").Call(p.ptr.Clone())}
}

// scalarReader names the Reader method for a string, integer, number or
// boolean builtin, or "" for other types.
func scalarReader(t *ir.TypeRef) string {
	if t == nil || t.Kind != ir.Builtin {
		return ""
	}
	switch t.Builtin {
	case "string":
		return "ReadString"
	case "int64":
		return "ReadInt"
	case "float64":
		return "ReadFloat"
	case "bool":
		return "ReadBool"
	}
	return ""
}

// foldName folds a JSON name as encoding/json does to match keys without
// regard to case: ASCII letters to upper case, other runes through
// unicode.ToUpper(unicode.ToLower(r)).
func foldName(name string) string {
	var b strings.Builder
	for _, c := range name {
		switch {
		case 'a' <= c && c <= 'z':
			b.WriteRune(c - 'a' + 'A')
		case c < utf8.RuneSelf:
			b.WriteRune(c)
		default:
			b.WriteRune(unicode.ToUpper(unicode.ToLower(c)))
		}
	}
	return b.String()
}

// streamModels collects the models streams decode events into (events),
// and the models that get the reflection-free decoder (fast): the event
// type of a stream (or each variant of an event union) and the models its
// fields hold (lists, maps and pointers included), so that every readJSON
// only calls readJSON. Unions inside decode themselves lazily, and their
// variants are left to encoding/json: following them takes in most of a
// large API (464 of OpenAI's 1131 models, for a 1 GiB compile).
func streamModels(resources []*ir.Resource) (events, fast map[*ir.Type]bool) {
	events, fast = map[*ir.Type]bool{}, map[*ir.Type]bool{}
	var visit func(*ir.TypeRef)
	visit = func(t *ir.TypeRef) {
		if t == nil {
			return
		}
		if t.Kind != ir.Named {
			visit(t.Elem)
			return
		}
		switch d := t.Type; d.Kind {
		case ir.Struct:
			if d.IsParams || fast[d] {
				return
			}
			fast[d] = true
			for _, f := range d.Fields {
				visit(f.Type)
			}
		case ir.Defined:
			visit(d.Underlying)
		}
	}
	ir.WalkResources(resources, func(r *ir.Resource) {
		for _, m := range r.Methods {
			if m.Streaming == nil || m.Streaming.Event == nil {
				continue
			}
			switch ev := m.Streaming.Event; {
			case ev.Kind == ir.Named && ev.Type.Kind == ir.Union:
				for _, v := range ev.Type.Variants {
					visit(v.Type)
				}
			case ev.Kind == ir.Named && ev.Type.Kind == ir.Struct:
				events[ev.Type] = true
				visit(ev)
			default:
				visit(ev)
			}
		}
	})
	return events, fast
}
