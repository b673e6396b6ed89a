package ir

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sdkgen/sdkgen/internal/config"
	"github.com/sdkgen/sdkgen/internal/openapi"
)

// streamFormat recognises the sequential media types.
func streamFormat(name string) (StreamFormat, bool) {
	switch mediaBase(name) {
	case "text/event-stream":
		return SSE, true
	case "application/x-ndjson", "application/jsonl", "application/json-lines", "application/jsonlines", "application/x-jsonlines":
		return NDJSON, true
	case "application/json-seq":
		return JSONSeq, true
	}
	return 0, false
}

// streaming decides whether and how a method streams (STREAMING.md
// section 1): the config's streaming block wins; otherwise a 2xx stream
// media type makes it stream, dual-mode when JSON is offered too and the
// request has a boolean "stream".
func (b *builder) streaming(bd *binding, m *Method) *Streaming {
	op := bd.op
	var cs *config.MethodStreaming
	if bd.cm != nil {
		cs = bd.cm.Streaming
	}
	var media *openapi.MediaType
	var accept []string
	hasJSON := false
	for _, r := range op.Responses {
		if !strings.HasPrefix(r.Status, "2") {
			continue
		}
		for _, mt := range r.Content {
			if _, ok := streamFormat(mt.Name); ok {
				if media == nil {
					media = mt
				}
				if base := mediaBase(mt.Name); !slices.Contains(accept, base) {
					accept = append(accept, base)
				}
			}
			// FastAPI declares an empty JSON schema beside every stream; that
			// is no JSON alternative.
			hasJSON = hasJSON || (isJSON(mt.Name) && !emptySchema(mt.Schema))
		}
	}
	if media == nil && cs == nil {
		return nil
	}
	st := &Streaming{Format: SSE, MediaType: "text/event-stream", Accept: "text/event-stream"}
	if media != nil {
		st.Format, _ = streamFormat(media.Name)
		st.MediaType = mediaBase(media.Name)
		st.Accept = strings.Join(accept, ", ")
	}
	disc := ""
	switch {
	case cs != nil && cs.DiscriminatorNull:
	case cs != nil && cs.ParamDiscriminator != "":
		disc = cs.ParamDiscriminator
	case hasJSON && requestHasBool(op, "stream"):
		disc = "stream"
	case hasJSON && cs == nil:
		b.diags.Warnf(op.Pos, "Streaming/NoDiscriminator",
			"name the switch with resources.<r>.methods.<m>.streaming.param_discriminator, or param_discriminator: null if it always streams",
			"%s %s offers JSON and %s but has no boolean `stream` request parameter; it is generated as a JSON method", op.Method, op.Path, st.MediaType)
		return nil
	}
	if disc != "" {
		st.Discriminator = b.discriminator(op, disc, cs)
	}
	stem := singularPath(bd.path) + m.Name
	if bd.inferred {
		stem = m.Name
	}
	st.Event = b.eventType(st, media, cs, stem)
	st.Rules = b.rules(cs)
	if cs != nil && cs.Reconnect != nil {
		st.Reconnect = *cs.Reconnect
	} else {
		st.Reconnect = op.Method == "GET" && st.Format == SSE
	}
	if cs != nil {
		st.EventTypeProperty = cs.EventTypeProperty
	}
	if cs == nil {
		b.inferredNote(bd, op, st)
	}
	return st
}

// inferredNote tells the user what was inferred and the config that makes
// it explicit.
func (b *builder) inferredNote(bd *binding, op *openapi.Operation, st *Streaming) {
	discriminator := "null"
	mode := "always streams"
	if st.Discriminator != nil {
		discriminator = st.Discriminator.Name
		mode = "is dual-mode (JSON and " + st.MediaType + ")"
	}
	b.diags.Notef(op.Pos, "Streaming/Inferred",
		fmt.Sprintf("make it explicit with `streaming: {param_discriminator: %s}` under resources.%s.methods.%s", discriminator, bd.path, bd.key),
		"%s %s %s", op.Method, op.Path, mode)
}

// emptySchema reports a schema that says nothing ({} or absent).
func emptySchema(s *openapi.Schema) bool {
	return s == nil || (len(s.Types) == 0 && len(s.Properties) == 0 && s.Items == nil && len(s.AllOf) == 0 &&
		len(s.OneOf) == 0 && len(s.AnyOf) == 0 && s.AdditionalProperties == nil && len(s.Enum) == 0 && s.Name == "")
}

// isBool reports a boolean schema, also spelled boolean | null.
func isBool(s *openapi.Schema) bool {
	if s == nil {
		return false
	}
	if v := nonNull(s.OneOf, s.AnyOf); len(v) == 1 {
		return isBool(v[0])
	}
	return schemaKind(s) == "boolean"
}

// requestHasBool reports whether the request has a boolean parameter or
// JSON body property called name.
func requestHasBool(op *openapi.Operation, name string) bool {
	for _, p := range op.Parameters {
		if p.Name == name && isBool(p.Schema) {
			return true
		}
	}
	if op.RequestBody == nil {
		return false
	}
	for _, mt := range op.RequestBody.Content {
		if mt.Schema == nil {
			continue
		}
		props, _ := mergedProperties(mt.Schema)
		for _, p := range props {
			if p.Name == name && isBool(p.Schema) {
				return true
			}
		}
	}
	return false
}

// discriminator finds where the stream switch lives: a query, header or
// cookie parameter, a JSON body property, or a form field.
func (b *builder) discriminator(op *openapi.Operation, name string, cs *config.MethodStreaming) *Discriminator {
	var candidates []string
	for _, p := range op.Parameters {
		if p.Name == name && p.In != "path" {
			return &Discriminator{Name: name, In: p.In, DefaultTrue: p.Schema != nil && p.Schema.Default == true}
		}
		candidates = append(candidates, p.Name)
	}
	if op.RequestBody != nil {
		for _, mt := range op.RequestBody.Content {
			if mt.Schema == nil {
				continue
			}
			props, _ := mergedProperties(mt.Schema)
			for _, p := range props {
				if p.Name == name {
					in := "body"
					if !isJSON(mt.Name) {
						in = "form"
					}
					return &Discriminator{Name: name, In: in, DefaultTrue: p.Schema != nil && p.Schema.Default == true}
				}
				candidates = append(candidates, p.Name)
			}
		}
	}
	pos := op.Pos
	if cs != nil {
		pos = cs.DiscriminatorPos
	}
	slices.Sort(candidates)
	b.diags.Errorf(pos, "Streaming/UnknownDiscriminator", suggest(name, candidates, "use a request parameter or body property of the operation"),
		"param_discriminator %q is not a parameter or body property of %s %s", name, op.Method, op.Path)
	return nil
}

// eventType picks each event's type: stream_event_model, else the 3.2
// itemSchema, else the stream's schema (an SSE envelope or the payload).
func (b *builder) eventType(st *Streaming, media *openapi.MediaType, cs *config.MethodStreaming, stem string) *TypeRef {
	if cs != nil && cs.StreamEventModel != "" {
		s := b.modelPaths[cs.StreamEventModel]
		if s == nil {
			fix := "declare the model under a resource's models"
			if near, ok := b.cfg.SuggestModel(cs.StreamEventModel); ok {
				fix = "did you mean " + quote(near) + "?"
			}
			b.diags.Errorf(cs.StreamEventModelPos, "Config/UnknownModel", fix, "stream_event_model %q not found", cs.StreamEventModel)
			return tRaw
		}
		st.Envelope = st.Format == SSE && isEnvelope(s)
		return b.typeOf(s, "", false)
	}
	if media == nil {
		return tRaw
	}
	s := media.ItemSchema
	if s == nil {
		s = media.Schema
	}
	if s == nil {
		return tRaw
	}
	if st.Format == SSE && isEnvelope(s) {
		st.Envelope = true
	}
	return b.typeOf(s, stem+"Event", false)
}

// isEnvelope reports an SSE schema that describes the whole event
// ({id, event, data, retry}) rather than its data.
func isEnvelope(s *openapi.Schema) bool {
	props, _ := mergedProperties(s)
	has := map[string]bool{}
	for _, p := range props {
		has[p.Name] = true
	}
	if !has["data"] || !(has["event"] || has["id"] || has["retry"]) {
		return false
	}
	for name := range has {
		switch name {
		case "id", "event", "data", "retry":
		default:
			return false
		}
	}
	return true
}

// rules converts the method's on_event table, else the top-level one;
// nil leaves the runtime defaults.
func (b *builder) rules(cs *config.MethodStreaming) []*Rule {
	src := b.cfg.OnEvent
	if cs != nil && cs.HasOnEvent {
		src = cs.OnEvent
	}
	if src == nil {
		return nil
	}
	out := make([]*Rule, 0, len(src))
	for _, r := range src {
		out = append(out, &Rule{
			EventTypes:    r.EventTypes,
			NoEventType:   r.EventTypeNull,
			DataPrefix:    r.DataStartsWith,
			HasDataPrefix: r.HasDataStartsWith,
			Fallthrough:   r.Kind == "fallthrough",
			Action:        r.Handle,
			ErrorProperty: r.ErrorProperty,
		})
	}
	return out
}
