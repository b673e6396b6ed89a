package functions_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	functions "github.com/sdkgen/sdkgen/golden/seed-jsonpath"
	"github.com/sdkgen/sdkgen/golden/seed-jsonpath/option"
	"github.com/sdkgen/sdkgen/golden/seed-jsonpath/streaming"
	"github.com/sdkgen/sdkgen/internal/sdktest"
)

// people is the user's output type for structured mode.
type people struct {
	People []struct {
		Name string
		Age  int
	}
}

// StreamCall sends POST /functions/{path}/call/stream with the path
// parameter escaped into one segment, the params as JSON and Accept
// text/event-stream, and decodes each event into the envelope model: ID,
// Event and Retry come from the SSE fields, Data is the typed StreamingChunk.
func TestStreamCallDecodesEnvelopeFromSSEFields(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		s := sdktest.StartSSE(w)
		s.Event(textChunk("Hello"), "id: evt-1", "event: message", "retry: 1000")
		s.Event(jsonChunk("people[0].name", "Jo"), "id: evt-2", "event: message")
		s.Event(`{"delta":"!","chunk_type":"text","confidence":0.5}`) // no id: the last event ID persists; a property the SDK does not know
	})
	stream := open(t, newClient(srv))

	if !sdktest.Next(t, stream) {
		t.Fatalf("no first event: %v", stream.Err())
	}
	ev := stream.Current()
	if ev.ID != "evt-1" || ev.Event != "message" || ev.Retry != 1000 {
		t.Errorf("envelope = {ID %q, Event %q, Retry %d}, want {evt-1, message, 1000}", ev.ID, ev.Event, ev.Retry)
	}
	if d := ev.Data; d.Delta != "Hello" || d.SpanID != "123e4567-e89b-12d3-a456-426614174000" || d.ChunkType != functions.StreamingChunkChunkTypeText || d.JSONPath != nil {
		t.Errorf("Data = %+v, want a text chunk Hello", d)
	}
	if raw := stream.Event(); raw.ID != "evt-1" || raw.Type != "message" || raw.Retry != 1000 || !json.Valid(raw.Data) {
		t.Errorf("Event() = {ID %q, Type %q, Retry %d, Data %q}", raw.ID, raw.Type, raw.Retry, raw.Data)
	}

	if !sdktest.Next(t, stream) {
		t.Fatalf("no second event: %v", stream.Err())
	}
	ev = stream.Current()
	if ev.ID != "evt-2" || ev.Event != "message" || ev.Retry != 0 {
		t.Errorf("envelope = {ID %q, Event %q, Retry %d}, want {evt-2, message, 0}: retry belongs to the block that had it", ev.ID, ev.Event, ev.Retry)
	}
	if ev.Data.ChunkType != functions.StreamingChunkChunkTypeJSON || ev.Data.JSONPath == nil || *ev.Data.JSONPath != "people[0].name" || ev.Data.Delta != "Jo" {
		t.Errorf("Data = %+v, want a json chunk people[0].name = Jo", ev.Data)
	}

	if !sdktest.Next(t, stream) {
		t.Fatalf("no third event: %v", stream.Err())
	}
	ev = stream.Current()
	if ev.ID != "evt-2" || ev.Event != "" {
		t.Errorf("envelope = {ID %q, Event %q}, want {evt-2, \"\"}: the id persists, the type resets", ev.ID, ev.Event)
	}
	if got := string(ev.Data.ExtraFields()["confidence"]); got != "0.5" {
		t.Errorf("Data.ExtraFields()[confidence] = %s, want 0.5 (unknown properties are kept)", got)
	}
	if stream.LastEventID() != "evt-2" {
		t.Errorf("LastEventID = %q, want evt-2", stream.LastEventID())
	}
	if sdktest.Next(t, stream) {
		t.Fatalf("unexpected fourth event %+v", stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Errorf("Err = %v, want nil", err)
	}

	r := rec.Only(t)
	if r.Method != "POST" || r.Path != "/v1/functions/extract%2Fpeople/call/stream" {
		t.Errorf("request = %s %s, want POST /v1/functions/extract%%2Fpeople/call/stream", r.Method, r.Path)
	}
	if a := r.Header.Get("Accept"); a != "text/event-stream" {
		t.Errorf("Accept = %q, want text/event-stream", a)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var body map[string]any
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("body %q: %v", r.Body, err)
	}
	if in, _ := body["input"].(map[string]any); in["text"] != "John is 42." {
		t.Errorf("body = %s, want input.text", r.Body)
	}
	if _, ok := body["output_schema"]; ok {
		t.Errorf("body = %s: output_schema was not set and must be left out", r.Body)
	}
}

// Path parameters are escaped into one segment, whatever they hold; an
// empty one is an error before any network call.
func TestStreamCallEscapesPathParameter(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sdktest.StartSSE(w).Event(textChunk("ok"))
	})
	client := newClient(srv)
	stream, err := client.Functions.StreamCall(t.Context(), "a b/../c?d#e", callParams())
	if err != nil {
		t.Fatalf("StreamCall: %v", err)
	}
	if _, err := sdktest.Collect(t, stream); err != nil {
		t.Errorf("Err = %v", err)
	}
	if got, want := rec.Only(t).Path, "/v1/functions/a%20b%2F..%2Fc%3Fd%23e/call/stream"; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}

	if s, err := client.Functions.StreamCall(t.Context(), "", callParams()); err == nil {
		s.Close()
		t.Error("StreamCall with an empty path: no error")
	}
	if n := len(rec.All()); n != 1 {
		t.Errorf("server received %d requests, want 1 (an empty path parameter must not reach the network)", n)
	}
}

// Text mode: streaming.CollectText joins the deltas. The wire mixes CRLF,
// comments, multi-line data and events in several writes.
func TestStreamCallTextModeCollectText(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		s := sdktest.StartSSE(w)
		s.Raw(": connected\r\n\r\n")
		s.Event(textChunk("The "), "id: 1", "event: message", "retry: 1000")
		s.Raw("id: 2\r\nevent: message\r\ndata: " + textChunk("quick ") + "\r\n\r\n")
		// one JSON value over two data lines (joined with LF, still JSON)
		s.Raw("id: 3\nevent: message\ndata: {\"delta\": \"brown\\nfox\",\ndata:  \"chunk_type\": \"text\"}\n\n")
		s.Raw("id: 4\nevent: mess")
		s.Raw("age\ndata: " + textChunk(" jumps. ✓") + "\n")
		s.Raw("\n")
	})
	stream := open(t, newClient(srv))
	text, err := collectText(t, stream)
	if err != nil {
		t.Fatalf("CollectText: %v", err)
	}
	if want := "The quick brown\nfox jumps. ✓"; text != want {
		t.Errorf("text = %q, want %q", text, want)
	}
}

// Structured mode: streaming.CollectJSONPaths rebuilds the output from the
// (json_path, delta) pairs, split anywhere, and decodes it into the user's
// type, typing leaves by the destination (ages are ints).
func TestStreamCallStructuredModeCollectJSONPaths(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		s := sdktest.StartSSE(w)
		for i, p := range [][2]string{
			{"people[0].name", "Jo"},
			{"people[0].name", "hn"},
			{"people[0].age", "4"},
			{"people[0].age", "2"},
			{"people[1].name", "Ann"},
			{"people[1].name", "-Marie \"AM\""},
			{"people[1].age", "7"},
		} {
			s.Event(jsonChunk(p[0], p[1]), "id: "+string(rune('a'+i)), "event: message")
		}
		s.Event(textChunk("(a text chunk is not part of the object)"), "event: message")
	})
	stream := open(t, newClient(srv))
	var got people
	err := sdktest.Run(t, "CollectJSONPaths", func() error { return streaming.CollectJSONPaths(stream, pathDelta, &got) })
	if err != nil {
		t.Fatalf("CollectJSONPaths: %v", err)
	}
	if len(got.People) != 2 ||
		got.People[0].Name != "John" || got.People[0].Age != 42 ||
		got.People[1].Name != `Ann-Marie "AM"` || got.People[1].Age != 7 {
		t.Errorf("output = %+v, want [{John 42} {Ann-Marie \"AM\" 7}]", got)
	}
}

// Paths that contradict each other (an index into what was an object) make
// CollectJSONPaths fail instead of returning a wrong value.
func TestStreamCallConflictingJSONPaths(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		s := sdktest.StartSSE(w)
		s.Event(jsonChunk("people.name", "John"), "id: 1", "event: message")
		s.Event(jsonChunk("people[0].name", "Ann"), "id: 2", "event: message")
	})
	stream := open(t, newClient(srv))
	var got people
	err := sdktest.Run(t, "CollectJSONPaths", func() error { return streaming.CollectJSONPaths(stream, pathDelta, &got) })
	if err == nil || !strings.Contains(err.Error(), "people[0].name") {
		t.Errorf("CollectJSONPaths = %v, want an error naming the conflicting path", err)
	}
}

// streaming.JSONPathBuilder used by hand mid-stream shows partial results
// while the stream runs, and the final value at its end.
func TestStreamCallJSONPathBuilderIncremental(t *testing.T) {
	t.Parallel()
	proceed := make(chan struct{})
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		s := sdktest.StartSSE(w)
		s.Event(jsonChunk("people[0].name", "Jo"), "id: 1", "event: message")
		s.Event(jsonChunk("people[0].name", "hn"), "id: 2", "event: message")
		s.Event(jsonChunk("people[0].age", "4"), "id: 3", "event: message")
		// wait until the client has looked at the partial value
		select {
		case <-proceed:
		case <-r.Context().Done():
			return
		}
		s.Event(jsonChunk("people[0].age", "2"), "id: 4", "event: message")
		s.Event(jsonChunk("$.people[1].name", "Bo"), "id: 5", "event: message")
	})
	stream := open(t, newClient(srv))
	var b streaming.JSONPathBuilder
	add := func() {
		t.Helper()
		if !sdktest.Next(t, stream) {
			t.Fatalf("stream ended early: %v", stream.Err())
		}
		path, delta, ok := pathDelta(stream.Current())
		if !ok {
			t.Fatalf("event %+v is not a json chunk", stream.Current())
		}
		if err := b.Add(path, delta); err != nil {
			t.Fatalf("Add(%q, %q): %v", path, delta, err)
		}
	}
	add()
	add()
	add()
	// The server holds the rest: what we have is the partial value.
	if got, want := string(b.JSON()), `{"people":[{"name":"John","age":4}]}`; got != want {
		t.Errorf("partial JSON = %s, want %s", got, want)
	}
	var partial people
	if err := b.Decode(&partial); err != nil || len(partial.People) != 1 || partial.People[0].Name != "John" || partial.People[0].Age != 4 {
		t.Errorf("partial Decode = %+v, %v; want [{John 4}]", partial, err)
	}
	close(proceed)
	add()
	add()
	if sdktest.Next(t, stream) {
		t.Fatalf("unexpected event %+v", stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatalf("Err = %v", err)
	}
	var final people
	if err := b.Decode(&final); err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if len(final.People) != 2 || final.People[0].Name != "John" || final.People[0].Age != 42 || final.People[1].Name != "Bo" || final.People[1].Age != 0 {
		t.Errorf("final = %+v, want [{John 42} {Bo 0}]", final)
	}
}

// WithRequestTimeout bounds an attempt up to the response headers; it
// does not cut a live stream that goes quiet for longer than that.
func TestStreamCallRequestTimeoutDoesNotCutLiveStream(t *testing.T) {
	t.Parallel()
	proceed := make(chan struct{})
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		s := sdktest.StartSSE(w)
		s.Event(textChunk("before"), "id: 1", "event: message")
		select {
		case <-proceed:
		case <-r.Context().Done():
			return
		}
		s.Event(textChunk(" after"), "id: 2", "event: message")
	})
	client := newClient(srv, option.WithRequestTimeout(100*time.Millisecond))
	stream := open(t, client)
	if !sdktest.Next(t, stream) {
		t.Fatalf("no first event: %v", stream.Err())
	}
	// Well past the request timeout; a correct SDK passes however slow the
	// machine is.
	time.Sleep(400 * time.Millisecond)
	close(proceed)
	rest, err := collectText(t, stream)
	if err != nil || rest != " after" {
		t.Errorf("rest = %q, %v; want \" after\", nil (the request timeout must not cut the stream)", rest, err)
	}
	if n := len(rec.All()); n != 1 {
		t.Errorf("server received %d requests, want 1", n)
	}
}

// WithRequestTimeout bounds the wait for the response headers: a server
// that never answers makes StreamCall fail with a deadline error.
func TestStreamCallRequestTimeoutBeforeHeaders(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sdktest.Hold(t, r)
	})
	client := newClient(srv, option.WithRequestTimeout(100*time.Millisecond), option.WithMaxRetries(0))
	type result struct {
		stream *streaming.Stream[functions.StreamEvent]
		err    error
	}
	r := sdktest.Run(t, "StreamCall to time out", func() result {
		s, err := client.Functions.StreamCall(t.Context(), "extract/people", callParams())
		return result{s, err}
	})
	if r.stream != nil {
		r.stream.Close()
	}
	if !errors.Is(r.err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", r.err)
	}
	if n := len(rec.All()); n != 1 {
		t.Errorf("server received %d requests, want 1", n)
	}
}

// WithStreamIdleTimeout ends a stream that is not resumable (a POST) when
// nothing arrives for that long, with an error that says so; it is not
// re-sent.
func TestStreamCallIdleTimeoutEndsStream(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sdktest.StartSSE(w).Event(textChunk("only"), "id: 1", "event: message")
		sdktest.Hold(t, r) // silent from now on
	})
	stream := open(t, newClient(srv, option.WithStreamIdleTimeout(200*time.Millisecond)))
	text, err := collectText(t, stream)
	if text != "only" {
		t.Errorf("text = %q, want \"only\"", text)
	}
	var idle *streaming.IdleTimeoutError
	if !errors.As(err, &idle) {
		t.Errorf("Err = %v (%T), want *streaming.IdleTimeoutError", err, err)
	}
	if n := len(rec.All()); n != 1 {
		t.Errorf("server received %d requests, want 1", n)
	}
}

// An event that its blank line never terminated is lost (WHATWG): at a
// clean end of the body it is discarded and the stream ends normally (the
// method has no done rule); when the connection is cut mid-event the stream
// ends with the transport's error. In both cases the partial event's id is
// not the last event ID.
func TestStreamCallUnterminatedLastEventIsDiscarded(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cut  bool
	}{{"clean EOF", false}, {"connection cut", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
				s := sdktest.StartSSE(w)
				s.Event(textChunk("kept 1"), "id: 1", "event: message")
				s.Event(textChunk("kept 2"), "id: 2", "event: message")
				s.Raw("id: 3\nevent: message\ndata: " + textChunk("lost") + "\n")
				if tc.cut {
					sdktest.Abort()
				}
			})
			stream := open(t, newClient(srv))
			events, err := sdktest.Collect(t, stream)
			if n := len(rec.All()); n != 1 {
				t.Errorf("server received %d requests, want 1 (a POST stream is never re-sent)", n)
			}
			var got []string
			for _, e := range events {
				got = append(got, e.Data.Delta)
			}
			if want := []string{"kept 1", "kept 2"}; !slices.Equal(got, want) {
				t.Errorf("deltas = %q, want %q", got, want)
			}
			switch {
			case tc.cut && !errors.Is(err, io.ErrUnexpectedEOF):
				t.Errorf("Err = %v, want the cut (io.ErrUnexpectedEOF)", err)
			case !tc.cut && err != nil:
				t.Errorf("Err = %v, want nil", err)
			}
			if id := stream.LastEventID(); id != "2" {
				t.Errorf("LastEventID = %q, want 2 (the id of the discarded block was never dispatched)", id)
			}
		})
	}
}

// With no on_event in the config the default rules apply: an SSE event
// named error ends the stream with a *functions.Error carrying the payload's
// message and the event; data starting with [DONE] ends it normally, and the
// user is not kept waiting for a server that keeps the connection open.
func TestStreamCallDefaultRules(t *testing.T) {
	t.Parallel()
	t.Run("error event", func(t *testing.T) {
		t.Parallel()
		srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("X-Request-Id", "req-9")
			s := sdktest.StartSSE(w)
			s.Event(textChunk("partial"), "id: 1", "event: message")
			s.Event(`{"error":{"message":"model overloaded","code":"overloaded"}}`, "id: 2", "event: error")
			s.Event(textChunk("never seen"), "id: 3", "event: message")
		})
		events, err := sdktest.Collect(t, open(t, newClient(srv)))
		if len(events) != 1 {
			t.Errorf("got %d events, want 1", len(events))
		}
		var apiErr *functions.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("Err = %v (%T), want *functions.Error", err, err)
		}
		if apiErr.Message != "model overloaded" || apiErr.Code != "overloaded" || apiErr.EventType != "error" || apiErr.EventID != "2" || apiErr.StatusCode != 200 || apiErr.RequestID != "req-9" {
			t.Errorf("error = %+v", apiErr)
		}
	})
	t.Run("[DONE]", func(t *testing.T) {
		t.Parallel()
		srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			s := sdktest.StartSSE(w)
			s.Event(textChunk("all"), "id: 1", "event: message")
			s.Raw("data: [DONE]\n\n")
			s.Event(textChunk("after done"), "id: 2", "event: message")
			sdktest.Hold(t, r) // a proxy that never closes
		})
		stream := open(t, newClient(srv))
		text, err := collectText(t, stream)
		if text != "all" || err != nil {
			t.Errorf("CollectText = %q, %v; want \"all\", nil", text, err)
		}
	})
}

// An event whose data is empty or only white space has nothing to decode
// and is skipped, also with an envelope event model; data that is not JSON
// ends the stream with an error that quotes its start.
func TestStreamCallEmptyAndInvalidData(t *testing.T) {
	t.Parallel()
	t.Run("empty data skipped", func(t *testing.T) {
		t.Parallel()
		srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			s := sdktest.StartSSE(w)
			s.Event(textChunk("a"), "id: 1", "event: message")
			s.Raw("id: 2\nevent: message\ndata:\n\n") // dispatched with empty data
			s.Raw("event: message\ndata:   \n\n")     // white space only
			s.Event(textChunk("b"), "id: 3", "event: message")
		})
		text, err := collectText(t, open(t, newClient(srv)))
		if err != nil || text != "ab" {
			t.Errorf("CollectText = %q, %v; want \"ab\", nil (empty data is skipped, not an error)", text, err)
		}
	})
	t.Run("invalid data", func(t *testing.T) {
		t.Parallel()
		clientLeft := make(chan struct{})
		srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			s := sdktest.StartSSE(w)
			s.Event(textChunk("a"), "id: 1", "event: message")
			s.Event(`{"delta": "b", oops}`, "id: 2", "event: message")
			s.Event(textChunk("c"), "id: 3", "event: message")
			sdktest.Hold(t, r)
			close(clientLeft)
		})
		text, err := collectText(t, open(t, newClient(srv)))
		if text != "a" {
			t.Errorf("text = %q, want \"a\"", text)
		}
		if err == nil || !strings.Contains(err.Error(), `{\"delta\": \"b\", oops}`) {
			t.Errorf("Err = %v, want an error quoting the data", err)
		}
		// The stream released its connection by itself when it failed (Close
		// has not been called yet).
		sdktest.WaitFor(t, clientLeft, "the failed stream to close its connection")
	})
}

// Errors before the first byte of the body come back from StreamCall: a
// non-2xx status as *functions.Error, and a JSON reply instead of an event
// stream as an error, never an empty stream.
func TestStreamCallErrorsBeforeTheBody(t *testing.T) {
	t.Parallel()
	t.Run("400", func(t *testing.T) {
		t.Parallel()
		srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"message":"input is required"}`)
		})
		stream, err := newClient(srv).Functions.StreamCall(t.Context(), "extract/people", callParams())
		var apiErr *functions.Error
		if stream != nil || !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Message != "input is required" {
			t.Errorf("StreamCall = %v, %v; want nil, *functions.Error 400 \"input is required\"", stream, err)
		}
	})
	t.Run("JSON reply", func(t *testing.T) {
		t.Parallel()
		srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"data":`+textChunk("not a stream")+`}`)
		})
		stream, err := newClient(srv).Functions.StreamCall(t.Context(), "extract/people", callParams())
		if err == nil {
			stream.Close()
			t.Fatal("StreamCall accepted an application/json reply as a stream")
		}
		if stream != nil {
			t.Errorf("stream = %v, want nil with the error", stream)
		}
		if !strings.Contains(err.Error(), "application/json") {
			t.Errorf("error %q does not say what the reply was", err)
		}
	})
}
