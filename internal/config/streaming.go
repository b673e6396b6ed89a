package config

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sdkgen/sdkgen/internal/diag"
)

// streaming decodes the top-level streaming block.
func (d *decoder) streaming(c *Config, e entry) {
	fs, _ := d.fields(e.v, e.where, streamingKeys)
	for _, f := range fs {
		if f.key == "on_event" && !isNull(f.v) {
			c.OnEventPos = d.pos(f.k)
			c.OnEvent = d.rules(f.v, f.where)
		}
	}
}

// methodStreaming decodes a method's streaming block. "streaming:" with no
// value is an empty block: the method streams, with every default.
func (d *decoder) methodStreaming(e entry) *MethodStreaming {
	s := &MethodStreaming{Pos: d.pos(e.k)}
	fs, _ := d.fields(e.v, e.where, methodStreamingKeys)
	for _, f := range fs {
		switch f.key {
		case "param_discriminator":
			s.DiscriminatorPos = d.pos(f.v)
			if isNull(f.v) {
				s.DiscriminatorNull = true
				continue
			}
			if v, ok := d.requiredStr(f.v, f.where); ok {
				s.ParamDiscriminator = v
			}
		case "stream_event_model":
			if v, ok := d.requiredStr(f.v, f.where); ok {
				s.StreamEventModel, s.StreamEventModelPos = strings.TrimSpace(v), d.pos(f.v)
			}
		case "params_type_name":
			if v, ok := d.requiredStr(f.v, f.where); ok {
				s.ParamsTypeName, s.ParamsTypeNamePos = strings.TrimSpace(v), d.pos(f.v)
			}
		case "on_event":
			if isNull(f.v) {
				continue
			}
			s.HasOnEvent, s.OnEventPos = true, d.pos(f.k)
			s.OnEvent = d.rules(f.v, f.where)
		case "reconnect":
			if b, ok := d.boolean(f.v, f.where); ok {
				s.Reconnect = &b
			}
		case "event_type_property":
			if v, ok := d.requiredStr(f.v, f.where); ok {
				s.EventTypeProperty = v
			}
		}
	}
	return s
}

// rules decodes an on_event list and, when every rule decoded cleanly, checks
// it as a whole (validate.go). The result is never nil, so "on_event: []"
// stays distinct from an absent key.
func (d *decoder) rules(n *yaml.Node, where string) []*Rule {
	errsBefore, _ := d.diags.Count()
	items := d.items(n, where)
	out := make([]*Rule, 0, len(items))
	for i, it := range items {
		if r := d.rule(it, index(where, i)); r != nil {
			out = append(out, r)
		}
	}
	// Checks of the list as a whole only make sense once every rule is right.
	if errsAfter, _ := d.diags.Count(); errsAfter == errsBefore {
		d.checkRules(out, d.pos(n), where)
	}
	return out
}

// rule decodes one on_event rule.
func (d *decoder) rule(n *yaml.Node, where string) *Rule {
	r := &Rule{Pos: d.pos(n)}
	if isNull(n) || resolve(n).Kind != yaml.MappingNode {
		d.expected(n, where, "a rule such as {event_type: ping, handle: continue}")
		return nil
	}
	fs, unknown := d.fields(n, where, ruleKeys)
	var kindNode *yaml.Node
	hasHandle := false
	for _, f := range fs {
		switch f.key {
		case "event_type":
			r.HasEventType = true
			d.eventType(r, f)
		case "data_starts_with":
			if s, ok := d.str(f.v, f.where); ok {
				r.DataStartsWith, r.HasDataStartsWith = s, true
			} else if isNull(f.v) {
				d.expected(f.v, f.where, "a string")
			}
		case "kind":
			kindNode = f.k
			if s, ok := d.requiredStr(f.v, f.where); ok {
				if s != "fallthrough" {
					fix := `the only kind is "fallthrough"`
					if _, near := diag.Nearest(s, []string{"fallthrough"}); near {
						fix = `did you mean "fallthrough"?`
					}
					d.diags.Errorf(d.pos(f.v), "Config/InvalidValue", fix, "%s: unknown kind %q", f.where, s)
				} else {
					r.Kind = s
				}
			}
		case "handle":
			hasHandle = true
			s, ok := d.requiredStr(f.v, f.where)
			if !ok {
				continue
			}
			if !slices.Contains(handles, s) {
				fix := "use one of: " + strings.Join(handles, ", ")
				if near, ok := diag.Nearest(s, handles); ok {
					fix = fmt.Sprintf("did you mean %q?", near)
				}
				d.diags.Errorf(d.pos(f.v), "Config/UnknownAction", fix, "%s: unknown handle %q", f.where, s)
				continue
			}
			r.Handle = s
		case "error_property":
			if s, ok := d.requiredStr(f.v, f.where); ok {
				r.ErrorProperty = s
			}
		}
	}
	if unknown {
		return r
	}
	if !hasHandle {
		d.diags.Errorf(r.Pos, "Config/MissingKey", "add handle: yield, done, error, break or continue",
			"%s: the rule has no handle", where)
	}
	matchers := r.HasEventType || r.HasDataStartsWith
	switch {
	case r.Kind == "fallthrough" && matchers:
		d.diags.Errorf(d.pos(kindNode), "Config/InvalidValue", "remove kind: fallthrough, or the other matchers",
			"%s: kind: fallthrough matches every event and cannot be combined with event_type or data_starts_with", where)
	case kindNode == nil && !matchers:
		d.diags.Errorf(r.Pos, "Streaming/NoMatcher", "add event_type, data_starts_with, or kind: fallthrough to match every event",
			"%s: the rule matches nothing", where)
	}
	return r
}

// eventType reads event_type: a name, a list of names, or null (the event
// had no "event:" line).
func (d *decoder) eventType(r *Rule, f entry) {
	if isNull(f.v) {
		r.EventTypeNull = true
		return
	}
	v := resolve(f.v)
	if v.Kind == yaml.SequenceNode {
		items := d.items(f.v, f.where)
		if len(items) == 0 {
			d.diags.Errorf(d.pos(f.v), "Config/InvalidValue", "list at least one event type, or write event_type: null for events without one",
				"%s: the list of event types is empty, so the rule never matches", f.where)
		}
		for i, it := range items {
			if s, ok := d.requiredStr(it, index(f.where, i)); ok {
				r.EventTypes = append(r.EventTypes, s)
			}
		}
		return
	}
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" {
		d.expected(f.v, f.where, "an event type name, a list of names, or null")
		return
	}
	if s, ok := d.requiredStr(f.v, f.where); ok {
		r.EventTypes = []string{s}
	}
}
