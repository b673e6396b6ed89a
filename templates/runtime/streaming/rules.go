package streaming

import "strconv"

// Format is the wire format of a stream.
type Format int

const (
	// SSE is text/event-stream (Server-Sent Events).
	SSE Format = iota
	// NDJSON is newline-delimited JSON (application/x-ndjson,
	// application/jsonl, application/json-lines).
	NDJSON
	// JSONSeq is an RFC 7464 JSON text sequence (application/json-seq).
	JSONSeq
)

// String returns the format's name.
func (f Format) String() string {
	switch f {
	case SSE:
		return "SSE"
	case NDJSON:
		return "NDJSON"
	case JSONSeq:
		return "JSON-seq"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// Action is what a [Rule] does with the events it matches.
type Action int

const (
	// Yield decodes the event's data into the event model and hands it to
	// the user. Empty or white-space-only data is skipped.
	Yield Action = iota
	// Done ends the stream normally: Next returns false and Err is nil.
	Done
	// Error ends the stream with an *apierror.Error built from the event.
	Error
	// Break ends the stream normally and closes the connection without
	// reading anything more.
	Break
	// Continue skips the event (pings, heartbeats).
	Continue
)

// String returns the action's name as written in the config (handle:).
func (a Action) String() string {
	switch a {
	case Yield:
		return "yield"
	case Done:
		return "done"
	case Error:
		return "error"
	case Break:
		return "break"
	case Continue:
		return "continue"
	}
	return "Action(" + strconv.Itoa(int(a)) + ")"
}

// Rule is one entry of a method's on_event table. The first rule that
// matches an event decides what happens to it; an event no rule matches is
// yielded. A rule matches when its event type condition (EventTypes and
// NoEventType, either one) and its data condition (DataPrefix) both hold; a
// condition that is not given holds for every event, so a rule with no
// condition at all matches everything, like Fallthrough.
type Rule struct {
	// EventTypes matches events whose type equals one of these.
	EventTypes []string
	// NoEventType matches events that had no event type (event_type: null).
	NoEventType bool
	// DataPrefix, when HasDataPrefix is set, matches events whose data starts
	// with it (data_starts_with).
	DataPrefix    string
	HasDataPrefix bool
	// Fallthrough matches every event (kind: fallthrough).
	Fallthrough bool
	// Action is what happens to a matching event.
	Action Action
	// ErrorProperty, with Yield: when the data is a JSON object whose
	// ErrorProperty key is present and not null, the stream ends with an
	// *apierror.Error built from that value instead of yielding.
	ErrorProperty string
}

// DefaultRules is the table used when a method has no on_event: data
// starting with [DONE] ends the stream, an SSE event named error fails it,
// and everything else is yielded.
func DefaultRules() []Rule {
	return []Rule{
		{DataPrefix: "[DONE]", HasDataPrefix: true, Action: Done},
		{EventTypes: []string{"error"}, Action: Error},
		{Fallthrough: true, Action: Yield},
	}
}

// matches reports whether the rule applies to an event.
func (r *Rule) matches(typ string, data []byte) bool {
	if r.Fallthrough {
		return true
	}
	if len(r.EventTypes) > 0 || r.NoEventType {
		ok := r.NoEventType && typ == ""
		for _, t := range r.EventTypes {
			if t == typ {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if r.HasDataPrefix && (len(data) < len(r.DataPrefix) || string(data[:len(r.DataPrefix)]) != r.DataPrefix) {
		return false
	}
	return true
}

// match returns the first rule that matches, or nil (yield).
func match(rules []Rule, typ string, data []byte) *Rule {
	for i := range rules {
		if rules[i].matches(typ, data) {
			return &rules[i]
		}
	}
	return nil
}
