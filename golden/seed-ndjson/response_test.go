package relay_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	relay "github.com/sdkgen/sdkgen/golden/seed-ndjson"
	"github.com/sdkgen/sdkgen/golden/seed-ndjson/option"
	"github.com/sdkgen/sdkgen/golden/seed-ndjson/streaming"
	"github.com/sdkgen/sdkgen/internal/sdktest"
)

// A whole response as the relay streams it: CRLF on some lines, a blank
// line, ping and keepalive between the events that matter.
var conversation = []string{
	`{"event":"message_start","response_id":"resp_1","model":"relay-1","state_id":"0b6a6d0e-8f39-4d43-9d6e-6f1c1c8c9a10"}`,
	`{"event":"ping"}` + "\r",
	`{"event":"message_delta","text_delta":"Let me "}`,
	``,
	`{"event":"keepalive"}`,
	`{"event":"message_delta","text_delta":"check."}` + "\r",
	`{"event":"tool_use_start","tool_call_delta":{"index":0,"id":"call_1","name":"get_weather"}}`,
	`{"event":"tool_use_delta","tool_call_delta":{"index":0,"arguments_delta":"{\"city\":"}}`,
	`{"event":"ping"}`,
	`{"event":"tool_use_delta","tool_call_delta":{"index":0,"arguments_delta":"\"Oslo\"}"}}` + "\r",
	`{"event":"tool_use_stop","tool_calls":[{"id":"call_1","name":"get_weather","arguments":{"city":"Oslo","units":{"temp":"C"}}}]}`,
	`{"event":"message_stop","stop_reason":"tool_use","usage":{"input_tokens":12,"output_tokens":34}}`,
}

// Create sends the params as JSON with Accept application/x-ndjson and
// yields each NDJSON event: ping and keepalive are skipped
// (event_type_property + on_event continue), text deltas, tool-call deltas,
// completed tool calls and usage decode into typed fields.
func TestCreateStreamsTypedNDJSONEvents(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sdktest.StartNDJSON(w).Lines(conversation...)
	})
	stream := open(t, newClient(srv))
	events, err := sdktest.Collect(t, stream)
	if err != nil {
		t.Fatalf("Err = %v", err)
	}
	want := []string{"message_start", "message_delta", "message_delta", "tool_use_start", "tool_use_delta", "tool_use_delta", "tool_use_stop", "message_stop"}
	if got := types(events); !slices.Equal(got, want) {
		t.Fatalf("events = %q, want %q (ping and keepalive skipped)", got, want)
	}

	start := events[0]
	if start.Event != relay.StreamEventEventMessageStart || start.ResponseID != "resp_1" || start.Model != "relay-1" || start.StateID != "0b6a6d0e-8f39-4d43-9d6e-6f1c1c8c9a10" {
		t.Errorf("message_start = %+v", start)
	}

	var text strings.Builder
	for _, e := range events {
		if e.Event == relay.StreamEventEventMessageDelta {
			text.WriteString(e.TextDelta)
		}
	}
	if text.String() != "Let me check." {
		t.Errorf("text = %q, want %q", text.String(), "Let me check.")
	}

	begin := events[3].ToolCallDelta
	if begin.Index != 0 || begin.ID != "call_1" || begin.Name != "get_weather" {
		t.Errorf("tool_use_start delta = %+v", begin)
	}
	var args strings.Builder
	for _, e := range events[4:6] {
		if e.ToolCallDelta.Index != 0 {
			t.Errorf("tool_use_delta index = %d, want 0", e.ToolCallDelta.Index)
		}
		args.WriteString(e.ToolCallDelta.ArgumentsDelta)
	}
	var parsed map[string]string
	if err := json.Unmarshal([]byte(args.String()), &parsed); err != nil || parsed["city"] != "Oslo" {
		t.Errorf("joined arguments_delta = %q (%v), want {\"city\":\"Oslo\"}", args.String(), err)
	}

	stop := events[6]
	if len(stop.ToolCalls) != 1 {
		t.Fatalf("tool_use_stop tool_calls = %+v, want one", stop.ToolCalls)
	}
	call := stop.ToolCalls[0]
	units, _ := call.Arguments["units"].(map[string]any)
	if call.ID != "call_1" || call.Name != "get_weather" || call.Arguments["city"] != "Oslo" || units["temp"] != "C" {
		t.Errorf("tool call = %+v", call)
	}

	end := events[7]
	if end.StopReason != "tool_use" || end.Usage.InputTokens != 12 || end.Usage.OutputTokens != 34 {
		t.Errorf("message_stop = %+v, want stop_reason tool_use and usage 12/34", end)
	}
	if ev := stream.Event(); ev.Type != "message_stop" {
		t.Errorf("Event().Type = %q, want message_stop (from event_type_property)", ev.Type)
	}

	r := rec.Only(t)
	if r.Method != "POST" || r.Path != "/v1/responses" {
		t.Errorf("request = %s %s, want POST /v1/responses", r.Method, r.Path)
	}
	if a := r.Header.Get("Accept"); a != "application/x-ndjson" {
		t.Errorf("Accept = %q, want application/x-ndjson", a)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var body relay.ResponseCreateParams
	if err := json.Unmarshal(r.Body, &body); err != nil || body.Model != "relay-1" || body.Input != createParams().Input {
		t.Errorf("body = %s (%v), want the params", r.Body, err)
	}
}

// Each event is handed over as soon as its line has arrived: the server
// sends the next line only after the client has seen the previous event.
// All() gives the same events as a range-over-func iterator.
func TestCreateYieldsEachLineAsItArrives(t *testing.T) {
	t.Parallel()
	seen := make(chan string)
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		s := sdktest.StartNDJSON(w)
		for _, line := range []string{
			`{"event":"message_start","response_id":"resp_2"}`,
			`{"event":"message_delta","text_delta":"one"}`,
			`{"event":"message_delta","text_delta":"two"}`,
		} {
			s.Lines(line)
			s.Lines(`{"event":"ping"}`) // a skipped event must not hold the previous one back
			select {
			case <-seen:
			case <-r.Context().Done():
				return
			}
		}
		s.Raw(`{"event":"message_stop","stop_reason":"end_turn"}`) // last line without LF
	})
	stream := open(t, newClient(srv))
	var got []string
	err := sdktest.Run(t, "the stream to end", func() error {
		for ev, err := range stream.All() {
			if err != nil {
				return err
			}
			got = append(got, string(ev.Event))
			if ev.Event != relay.StreamEventEventMessageStop {
				seen <- string(ev.Event)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("All: %v", err)
	}
	if want := []string{"message_start", "message_delta", "message_delta", "message_stop"}; !slices.Equal(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
}

// An event type the spec does not list is yielded, never dropped (the
// table ends with fallthrough: yield).
func TestCreateYieldsUnknownEventTypes(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sdktest.StartNDJSON(w).Lines(
			`{"event":"message_start","response_id":"resp_3"}`,
			`{"event":"message_citation","url":"https://example.com"}`,
			`{"event":"message_stop","stop_reason":"end_turn"}`,
		)
	})
	events, err := sdktest.Collect(t, open(t, newClient(srv)))
	if err != nil {
		t.Fatalf("Err = %v", err)
	}
	if got, want := types(events), []string{"message_start", "message_citation", "message_stop"}; !slices.Equal(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
}

// A line that is not valid JSON ends the stream with an error naming its
// line number (blank lines count: it is the line of the body); the events
// before it were yielded, the ones after it are not.
func TestCreateMalformedLineEndsStreamWithLineNumber(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sdktest.StartNDJSON(w).Lines(
			`{"event":"message_start","response_id":"resp_4"}`,
			``,
			`{"event":"message_delta","text_delta":"Hel"}`+"\r",
			`{"event":"message_delta","text_delta":"lo"`,
			`{"event":"message_stop","stop_reason":"end_turn"}`,
		)
	})
	events, err := sdktest.Collect(t, open(t, newClient(srv)))
	if got, want := types(events), []string{"message_start", "message_delta"}; !slices.Equal(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
	if err == nil {
		t.Fatal("Err = nil, want a syntax error")
	}
	var syntaxErr *streaming.SyntaxError
	if !errors.As(err, &syntaxErr) || syntaxErr.Line != 4 {
		t.Errorf("Err = %v (%T), want a *streaming.SyntaxError for line 4", err, err)
	}
	if !strings.Contains(err.Error(), "line 4") {
		t.Errorf("error %q does not name line 4", err)
	}
}

// A 429 with the spec's APIError body comes back from Create itself, after
// the retries (the same Idempotency-Key on every attempt), as a
// *relay.Error whose Parsed is *relay.APIError. A 429 followed by a stream
// is retried into that stream.
func TestCreateRateLimitedIsTypedError(t *testing.T) {
	t.Parallel()
	t.Run("always 429", func(t *testing.T) {
		t.Parallel()
		srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Retry-After-Ms", "1")
			w.Header().Set("X-Request-Id", "req-429")
			sdktest.WriteJSON(w, http.StatusTooManyRequests, `{"message":"slow down","retry_after_ms":1500}`)
		})
		stream, err := newClient(srv).Responses.Create(t.Context(), createParams())
		if stream != nil {
			stream.Close()
			t.Error("Create returned a stream with the error")
		}
		var apiErr *relay.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v (%T), want *relay.Error", err, err)
		}
		if apiErr.StatusCode != 429 || apiErr.Message != "slow down" || apiErr.RequestID != "req-429" {
			t.Errorf("error = %d %q %q", apiErr.StatusCode, apiErr.Message, apiErr.RequestID)
		}
		parsed, ok := apiErr.Parsed.(*relay.APIError)
		if !ok || parsed.Message != "slow down" || parsed.RetryAfterMs != 1500 {
			t.Errorf("Parsed = %#v, want *relay.APIError{slow down, 1500}", apiErr.Parsed)
		}
		reqs := rec.All()
		if len(reqs) != 3 {
			t.Fatalf("server received %d requests, want 3 (two retries by default)", len(reqs))
		}
		key := reqs[0].Header.Get("Idempotency-Key")
		for i, r := range reqs {
			if k := r.Header.Get("Idempotency-Key"); k == "" || k != key {
				t.Errorf("attempt %d: Idempotency-Key %q, want %q on every attempt", i, k, key)
			}
		}
	})
	t.Run("no retries", func(t *testing.T) {
		t.Parallel()
		srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			sdktest.WriteJSON(w, http.StatusTooManyRequests, `{"message":"slow down"}`)
		})
		_, err := newClient(srv).Responses.Create(t.Context(), createParams(), option.WithMaxRetries(0))
		var apiErr *relay.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 {
			t.Errorf("err = %v, want *relay.Error 429", err)
		}
		if n := len(rec.All()); n != 1 {
			t.Errorf("server received %d requests, want 1", n)
		}
	})
	t.Run("429 then stream", func(t *testing.T) {
		t.Parallel()
		srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 0 {
				w.Header().Set("Retry-After-Ms", "1")
				sdktest.WriteJSON(w, http.StatusTooManyRequests, `{"message":"slow down"}`)
				return
			}
			sdktest.StartNDJSON(w).Lines(`{"event":"message_start","response_id":"resp_5"}`, `{"event":"message_stop"}`)
		})
		events, err := sdktest.Collect(t, open(t, newClient(srv)))
		if err != nil || len(events) != 2 || events[0].ResponseID != "resp_5" {
			t.Errorf("events = %+v, err = %v", events, err)
		}
		if n := len(rec.All()); n != 2 {
			t.Errorf("server received %d requests, want 2", n)
		}
	})
}

// A JSON reply (application/json) to the streaming call is an error from
// Create, never an empty stream.
func TestCreateJSONReplyIsAnError(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sdktest.WriteJSON(w, http.StatusOK, `{"event":"message_stop","stop_reason":"end_turn"}`)
	})
	stream, err := newClient(srv).Responses.Create(t.Context(), createParams())
	if err == nil {
		events, serr := sdktest.Collect(t, stream)
		t.Fatalf("Create accepted an application/json reply: events %+v, Err %v", events, serr)
	}
	if stream != nil {
		t.Errorf("stream = %v, want nil with the error", stream)
	}
	if !strings.Contains(err.Error(), "application/json") {
		t.Errorf("error %q does not say what the reply was", err)
	}
}

// Cancelling the call's context unblocks a Next that waits for a line,
// and Err is ctx.Err().
func TestCreateCancelUnblocksNext(t *testing.T) {
	t.Parallel()
	gone := make(chan struct{})
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sdktest.StartNDJSON(w).Lines(`{"event":"message_start","response_id":"resp_6"}`)
		sdktest.Hold(t, r)
		close(gone)
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stream, err := newClient(srv).Responses.Create(ctx, createParams())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	if !sdktest.Next(t, stream) {
		t.Fatalf("no first event: %v", stream.Err())
	}
	done := make(chan bool, 1)
	go func() { done <- stream.Next() }()
	cancel()
	if sdktest.WaitFor(t, done, "Next to return after cancel") {
		t.Fatal("Next returned true after cancel")
	}
	if err := stream.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err = %v, want context.Canceled", err)
	}
	sdktest.WaitFor(t, gone, "the server to see the client go away")
	if err := stream.Close(); err != nil {
		t.Errorf("Close after cancel = %v", err)
	}
}

// A line longer than WithMaxEventSize ends the stream with an error that
// says so; the events before it were yielded.
func TestCreateMaxEventSize(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sdktest.StartNDJSON(w).Lines(
			`{"event":"message_delta","text_delta":"short"}`,
			`{"event":"message_delta","text_delta":"`+strings.Repeat("x", 4096)+`"}`,
			`{"event":"message_stop"}`,
		)
	})
	events, err := sdktest.Collect(t, open(t, newClient(srv), option.WithMaxEventSize(256)))
	if len(events) != 1 || events[0].TextDelta != "short" {
		t.Errorf("events = %+v, want the short delta only", events)
	}
	var limitErr *streaming.LimitError
	if !errors.As(err, &limitErr) {
		t.Errorf("Err = %v (%T), want *streaming.LimitError", err, err)
	}
}

// Response models keep the fields the SDK does not know, and the raw JSON
// (SDK.md): a property a newer server adds stays reachable from the decoded
// event through ExtraFields and RawJSON, nested models included, after Next
// has moved on.
func TestCreateKeepsUnknownFields(t *testing.T) {
	t.Parallel()
	line := `{"event":"message_citation","url":"https://example.com/a","usage":{"input_tokens":1,"cached_tokens":7}}`
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sdktest.StartNDJSON(w).Lines(line, `{"event":"message_stop"}`)
	})
	events, err := sdktest.Collect(t, open(t, newClient(srv)))
	if err != nil || len(events) != 2 {
		t.Fatalf("events = %+v, Err = %v", events, err)
	}
	ev := events[0]
	if ev.Event != "message_citation" || ev.Usage.InputTokens != 1 {
		t.Errorf("event = %+v", ev)
	}
	if got := string(ev.ExtraFields()["url"]); got != `"https://example.com/a"` {
		t.Errorf("ExtraFields()[url] = %s, want the unknown property", got)
	}
	if _, ok := ev.ExtraFields()["usage"]; ok {
		t.Error("ExtraFields has usage, a known property")
	}
	if got := string(ev.Usage.ExtraFields()["cached_tokens"]); got != "7" {
		t.Errorf("Usage.ExtraFields()[cached_tokens] = %s, want 7", got)
	}
	if got := string(ev.RawJSON()); got != line {
		t.Errorf("RawJSON = %s, want the line as received", got)
	}
}
