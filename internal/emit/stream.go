package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/sdkgen/sdkgen/internal/ir"
)

// streamBody renders a streaming method: the request, the stream switch set
// to true for a dual-mode twin, and the stream's rules as data.
func (g *gen) streamBody(m *ir.Method, twin bool) []jen.Code {
	failed := func() jen.Code { return jen.List(jen.Nil(), jen.Err()) }
	out := g.requestSetup(m, failed)
	out = append(out, g.errorTypes(m)...)
	st := m.Streaming
	if twin {
		out = append(out, g.setDiscriminator(st.Discriminator, true))
	}
	out = append(out, jen.Id("req").Dot("Accept").Op("=").Lit(st.Accept))
	out = append(out, jen.Return(
		g.qual("internal/requestconfig", "Stream").Types(typeExpr(st.Event)).Call(
			jen.Id("ctx"), jen.Id("req"), g.streamConfig(st), callOptions())))
	return out
}

// streamConfig renders the streaming.Config literal of a method.
func (g *gen) streamConfig(st *ir.Streaming) jen.Code {
	values := jen.Dict{jen.Id("Format"): g.qual("streaming", formatName(st.Format))}
	if st.Rules != nil {
		rules := make([]jen.Code, 0, len(st.Rules))
		for _, r := range st.Rules {
			rules = append(rules, g.rule(r))
		}
		values[jen.Id("Rules")] = jen.Index().Add(g.qual("streaming", "Rule")).ValuesFunc(func(grp *jen.Group) {
			for _, r := range rules {
				grp.Line().Add(r)
			}
			grp.Line()
		})
	}
	if st.Envelope {
		values[jen.Id("Envelope")] = jen.True()
	}
	if st.Reconnect {
		values[jen.Id("Reconnect")] = jen.True()
	}
	if st.EventTypeProperty != "" {
		values[jen.Id("EventTypeProperty")] = jen.Lit(st.EventTypeProperty)
	}
	return g.qual("streaming", "Config").Values(values)
}

// rule renders one on_event rule.
func (g *gen) rule(r *ir.Rule) jen.Code {
	values := jen.Dict{jen.Id("Action"): g.qual("streaming", actionName(r.Action))}
	if len(r.EventTypes) > 0 {
		types := make([]jen.Code, 0, len(r.EventTypes))
		for _, t := range r.EventTypes {
			types = append(types, jen.Lit(t))
		}
		values[jen.Id("EventTypes")] = jen.Index().String().Values(types...)
	}
	if r.NoEventType {
		values[jen.Id("NoEventType")] = jen.True()
	}
	if r.HasDataPrefix {
		values[jen.Id("DataPrefix")] = jen.Lit(r.DataPrefix)
		values[jen.Id("HasDataPrefix")] = jen.True()
	}
	if r.Fallthrough {
		values[jen.Id("Fallthrough")] = jen.True()
	}
	if r.ErrorProperty != "" {
		values[jen.Id("ErrorProperty")] = jen.Lit(r.ErrorProperty)
	}
	return jen.Values(values)
}

// setDiscriminator sets the stream switch where it lives.
func (g *gen) setDiscriminator(d *ir.Discriminator, value bool) jen.Code {
	text := "false"
	if value {
		text = "true"
	}
	switch d.In {
	case "query":
		return jen.Id("req").Dot("Query").Dot("Set").Call(jen.Lit(d.Name), jen.Lit(text))
	case "header":
		return jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit(d.Name), jen.Lit(text))
	case "cookie":
		return jen.Id("req").Dot("AddCookie").Call(jen.Lit(d.Name), jen.Lit(value))
	}
	return jen.Id("req").Dot("BodyFields").Op("=").Map(jen.String()).Any().Values(jen.Dict{jen.Lit(d.Name): jen.Lit(value)})
}

func formatName(f ir.StreamFormat) string {
	switch f {
	case ir.NDJSON:
		return "NDJSON"
	case ir.JSONSeq:
		return "JSONSeq"
	}
	return "SSE"
}

func actionName(a string) string {
	switch a {
	case "done":
		return "Done"
	case "error":
		return "Error"
	case "break":
		return "Break"
	case "continue":
		return "Continue"
	}
	return "Yield"
}
