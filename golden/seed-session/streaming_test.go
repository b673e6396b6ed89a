package mix_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	mix "github.com/sdkgen/sdkgen/golden/seed-session"
	"github.com/sdkgen/sdkgen/golden/seed-session/option"
	"github.com/sdkgen/sdkgen/golden/seed-session/streaming"
	"github.com/sdkgen/sdkgen/internal/sdktest"
)

// The SessionEvent union decodes by its type discriminator: a type switch
// on AsAny gives typed ThinkingEvent, ContentEvent, ToolEvent and
// CompleteEvent values; an unknown type is kept (AsAny nil, Raw has it); an
// unknown enum value does not break decoding; ping and heartbeat events are
// skipped. StreamEvents is GET /stream?sessionId=s1 with Accept
// text/event-stream.
func TestStreamEventsDecodesSessionEventUnion(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n > 0 {
			w.WriteHeader(http.StatusNoContent) // the session is over
			return
		}
		s := sdktest.StartSSE(w)
		s.Event(`{"type":"thinking","text":"Let me think"}`, "retry: 10", "id: 1")
		s.Event(`{}`, "event: ping")
		s.Event(content("Hello"), "id: 2")
		s.Raw(": a comment\n\n")
		s.Event(`{"type":"tool","name":"search","status":"started"}`, "id: 3")
		s.Event(`{"type":"heartbeat"}`, "event: heartbeat")
		s.Event(`{"type":"citation","url":"https://example.com"}`, "id: 4")
		s.Event(`{"type":"tool","name":"search","status":"paused"}`, "id: 5")
		s.Event(`{"type":"complete","messageId":"m1","extra":true}`, "id: 6")
	})
	events, err := sdktest.Collect(t, open(t, newClient(srv)))
	if err != nil {
		t.Fatalf("Err = %v, want nil (204 on reconnect ends the stream normally)", err)
	}
	want := []string{
		"thinking:Let me think",
		"content:Hello",
		"tool:search:started",
		`unknown:{"type":"citation","url":"https://example.com"}`,
		"tool:search:paused",
		"complete:m1",
	}
	if got := describeAll(events); !slices.Equal(got, want) {
		t.Fatalf("events =\n%q\nwant\n%q", got, want)
	}

	if tool, ok := events[2].AsToolEvent(); !ok || tool.Status != mix.ToolEventStatusStarted || tool.Type != "tool" {
		t.Errorf("AsToolEvent = %+v, %v", tool, ok)
	}
	if _, ok := events[2].AsContentEvent(); ok {
		t.Error("a tool event is also a ContentEvent")
	}
	unknown := events[3]
	if unknown.AsAny() != nil {
		t.Errorf("AsAny of an unknown type = %#v, want nil", unknown.AsAny())
	}
	if !strings.Contains(string(unknown.Raw()), `"citation"`) {
		t.Errorf("Raw = %s, want the event as received", unknown.Raw())
	}
	_, isThinking := unknown.AsThinkingEvent()
	_, isContent := unknown.AsContentEvent()
	_, isTool := unknown.AsToolEvent()
	_, isComplete := unknown.AsCompleteEvent()
	if isThinking || isContent || isTool || isComplete {
		t.Error("an unknown type matched a known variant")
	}
	if complete, ok := events[5].AsCompleteEvent(); !ok || string(complete.ExtraFields()["extra"]) != "true" {
		t.Errorf("CompleteEvent extra fields = %v, want extra: true kept", complete.ExtraFields())
	}
	if b, err := json.Marshal(unknown); err != nil || string(b) != `{"type":"citation","url":"https://example.com"}` {
		t.Errorf("MarshalJSON = %s, %v; want the raw event", b, err)
	}

	reqs := rec.All()
	if len(reqs) != 2 {
		t.Fatalf("server received %d requests, want 2", len(reqs))
	}
	for i, wantID := range []string{"", "6"} {
		r := reqs[i]
		if r.Method != "GET" || r.Path != "/stream" || r.RawQuery != "sessionId=s1" {
			t.Errorf("request %d = %s %s?%s, want GET /stream?sessionId=s1", i, r.Method, r.Path, r.RawQuery)
		}
		if a := r.Header.Get("Accept"); a != "text/event-stream" {
			t.Errorf("request %d: Accept %q", i, a)
		}
		if id := r.Header.Get("Last-Event-ID"); id != wantID {
			t.Errorf("request %d: Last-Event-ID %q, want %q", i, id, wantID)
		}
	}
}

// A dropped connection resumes by itself: the SDK waits the server's retry
// value, reconnects with Last-Event-ID and the same query, and goes on
// yielding the following events without duplicates or gaps, through a cut
// mid-event (the partial event is lost and sent again) and a clean end of
// the body; a 204 then ends the stream normally.
func TestStreamEventsResumesWithLastEventID(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 0:
			s := sdktest.StartSSE(w)
			s.Event(content("one"), "id: 1", "retry: 10")
			s.Event(content("two"), "id: 2")
			s.Raw("id: 3\ndata: " + content("three") + "\n") // cut before the blank line
			sdktest.Abort()
		case 1:
			if r.Header.Get("Last-Event-ID") != "2" {
				s := sdktest.StartSSE(w)
				s.Event(content("replayed from the start"), "id: 1")
				return
			}
			s := sdktest.StartSSE(w)
			s.Event(content("three"), "id: 3")
			s.Event(content("four"), "id: 4")
			// the body ends cleanly: an endless stream that ended is resumed
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	stream := open(t, newClient(srv, option.WithHeader("X-Trace", "t-1")))
	if !sdktest.Next(t, stream) {
		t.Fatalf("no first event: %v", stream.Err())
	}
	if ev := stream.Event(); ev.ID != "1" || ev.Retry != 10 {
		t.Errorf("Event() = {ID %q, Retry %d}, want {1, 10}", ev.ID, ev.Retry)
	}
	first := describe(stream.Current())
	rest, err := sdktest.Collect(t, stream)
	if err != nil {
		t.Errorf("Err = %v, want nil", err)
	}
	got := append([]string{first}, describeAll(rest)...)
	if want := []string{"content:one", "content:two", "content:three", "content:four"}; !slices.Equal(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
	reqs := rec.All()
	if len(reqs) != 3 {
		t.Fatalf("server received %d requests, want 3", len(reqs))
	}
	for i, wantID := range []string{"", "2", "4"} {
		if id := reqs[i].Header.Get("Last-Event-ID"); id != wantID {
			t.Errorf("request %d: Last-Event-ID %q, want %q", i, id, wantID)
		}
		if q := reqs[i].RawQuery; q != "sessionId=s1" {
			t.Errorf("request %d: query %q, want sessionId=s1", i, q)
		}
		if h := reqs[i].Header.Get("X-Trace"); h != "t-1" {
			t.Errorf("request %d: X-Trace %q, want the client's header on every connection", i, h)
		}
	}
	if id := stream.LastEventID(); id != "4" {
		t.Errorf("LastEventID = %q, want 4", id)
	}
}

// sessionServer fakes Mix for one session: GET /stream?sessionId=… holds
// the SSE connection open; POST /stream/{id}/message answers with a message
// ID and pushes the message's processing events (thinking, tool, content,
// complete) onto the open connection.
type sessionServer struct {
	id     string
	events chan string // SSE blocks for the open connection

	mu     sync.Mutex
	lastID int
	msgs   int
}

func newSessionServer(id string) *sessionServer {
	return &sessionServer{id: id, events: make(chan string, 64)}
}

// push queues one event with the next id.
func (s *sessionServer) push(data string) {
	s.mu.Lock()
	s.lastID++
	id := s.lastID
	s.mu.Unlock()
	s.events <- fmt.Sprintf("id: %d\ndata: %s\n\n", id, data)
}

func (s *sessionServer) handler(t *testing.T) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stream", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("sessionId") != s.id {
			sdktest.WriteJSON(w, http.StatusNotFound, errorBody("no such session", "not_found"))
			return
		}
		sse := sdktest.StartSSE(w)
		sse.Raw("retry: 10\n\n")
		for {
			select {
			case block := <-s.events:
				sse.Raw(block)
			case <-r.Context().Done():
				return
			case <-t.Context().Done():
				return
			}
		}
	})
	mux.HandleFunc("POST /stream/{id}/message", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != s.id {
			sdktest.WriteJSON(w, http.StatusNotFound, errorBody("no such session", "not_found"))
			return
		}
		var body struct {
			Content string `json:"content"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			sdktest.WriteJSON(w, http.StatusBadRequest, errorBody(err.Error(), "bad_request"))
			return
		}
		s.mu.Lock()
		s.msgs++
		msgID := fmt.Sprintf("m%d", s.msgs)
		s.mu.Unlock()
		quoted, _ := json.Marshal("You said: " + body.Content)
		s.push(`{"type":"thinking","text":"reading"}`)
		s.push(`{"type":"tool","name":"lookup","status":"started"}`)
		s.push(`{"type":"tool","name":"lookup","status":"finished"}`)
		s.push(`{"type":"content","text":` + string(quoted) + `}`)
		s.push(`{"type":"complete","messageId":"` + msgID + `"}`)
		sdktest.WriteJSON(w, http.StatusOK, `{"messageId":"`+msgID+`"}`)
	})
	return mux
}

// One persistent connection carries the events of several messages:
// SendMessage while the stream is open triggers thinking, tool, content
// and complete events on it, the complete event naming the message ID that
// SendMessage returned. Cancelling the context then unblocks Next at once,
// with ctx.Err() and no reconnection.
func TestSendMessageTriggersEventsOnOpenStream(t *testing.T) {
	t.Parallel()
	fake := newSessionServer("s1")
	h := fake.handler(t)
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) { h.ServeHTTP(w, r) })
	client := newClient(srv)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stream, err := client.Streaming.StreamEvents(ctx, sessionParams)
	if err != nil {
		t.Fatalf("StreamEvents: %v", err)
	}
	defer stream.Close()

	// readMessage reads events up to and including a complete event.
	readMessage := func() []string {
		t.Helper()
		var got []string
		for sdktest.Next(t, stream) {
			got = append(got, describe(stream.Current()))
			if _, ok := stream.Current().AsCompleteEvent(); ok {
				return got
			}
		}
		t.Fatalf("stream ended before a complete event: %v (got %q)", stream.Err(), got)
		return nil
	}

	for i, text := range []string{"hello", "again"} {
		res, err := client.Streaming.SendMessage(t.Context(), "s1", mix.StreamingSendMessageParams{Content: text})
		if err != nil {
			t.Fatalf("SendMessage %d: %v", i, err)
		}
		wantID := fmt.Sprintf("m%d", i+1)
		if res.MessageID != wantID {
			t.Errorf("SendMessage %d: MessageID %q, want %q", i, res.MessageID, wantID)
		}
		want := []string{"thinking:reading", "tool:lookup:started", "tool:lookup:finished", "content:You said: " + text, "complete:" + wantID}
		if got := readMessage(); !slices.Equal(got, want) {
			t.Errorf("message %d: events %q, want %q", i, got, want)
		}
	}

	done := make(chan bool, 1)
	go func() { done <- stream.Next() }()
	cancel()
	if sdktest.WaitFor(t, done, "Next to return after cancel") {
		t.Fatalf("Next after cancel gave %s", describe(stream.Current()))
	}
	if err := stream.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err = %v, want context.Canceled", err)
	}

	var gets, posts int
	for _, r := range rec.All() {
		switch {
		case r.Method == "GET":
			gets++
		case r.Method == "POST" && r.Path == "/stream/s1/message":
			posts++
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("SendMessage Content-Type %q", ct)
			}
			var body map[string]any
			if err := json.Unmarshal(r.Body, &body); err != nil || len(body) != 1 || body["content"] == nil {
				t.Errorf("SendMessage body %s, want {\"content\": ...}", r.Body)
			}
		default:
			t.Errorf("unexpected request %s %s", r.Method, r.Path)
		}
	}
	if gets != 1 || posts != 2 {
		t.Errorf("server received %d GETs and %d POSTs, want 1 and 2 (one persistent connection)", gets, posts)
	}
}

// wantErrorResponse checks that err is a *mix.Error with status and a
// Parsed *mix.ErrorResponse holding message and code.
func wantErrorResponse(t *testing.T, err error, status int, message, code string) {
	t.Helper()
	var apiErr *mix.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want *mix.Error", err, err)
	}
	if apiErr.StatusCode != status || apiErr.Message != message || apiErr.Code != code {
		t.Errorf("error = %d %q %q, want %d %q %q", apiErr.StatusCode, apiErr.Message, apiErr.Code, status, message, code)
	}
	parsed, ok := apiErr.Parsed.(*mix.ErrorResponse)
	if !ok || parsed.Error.Message != message || parsed.Error.Code != code {
		t.Errorf("Parsed = %#v, want *mix.ErrorResponse{%q, %q}", apiErr.Parsed, message, code)
	}
}

// 404 comes back as the spec's ErrorResponse, from StreamEvents and from
// SendMessage, without retries; SendMessage escapes its id into one path
// segment.
func TestNotFoundIsTypedErrorResponse(t *testing.T) {
	t.Parallel()
	fake := newSessionServer("s1")
	h := fake.handler(t)
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) { h.ServeHTTP(w, r) })
	client := newClient(srv)

	stream, err := client.Streaming.StreamEvents(t.Context(), mix.StreamingStreamEventsParams{SessionID: "gone &co"})
	if stream != nil {
		stream.Close()
		t.Error("StreamEvents returned a stream with the error")
	}
	wantErrorResponse(t, err, 404, "no such session", "not_found")

	res, err := client.Streaming.SendMessage(t.Context(), "no/such", mix.StreamingSendMessageParams{Content: "hi"})
	if res != nil {
		t.Errorf("SendMessage returned %+v with the error", res)
	}
	wantErrorResponse(t, err, 404, "no such session", "not_found")

	reqs := rec.All()
	if len(reqs) != 2 {
		t.Fatalf("server received %d requests, want 2 (404 is not retried)", len(reqs))
	}
	if reqs[0].RawQuery != "sessionId=gone+%26co" {
		t.Errorf("StreamEvents query %q", reqs[0].RawQuery)
	}
	if reqs[1].Path != "/stream/no%2Fsuch/message" {
		t.Errorf("SendMessage path %q, want /stream/no%%2Fsuch/message", reqs[1].Path)
	}
}

// A 500 on StreamEvents is retried before the stream opens; when it
// persists, StreamEvents returns the typed ErrorResponse.
func TestStreamEventsServerErrorIsRetried(t *testing.T) {
	t.Parallel()
	t.Run("persistent", func(t *testing.T) {
		t.Parallel()
		srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Retry-After-Ms", "1")
			sdktest.WriteJSON(w, http.StatusInternalServerError, errorBody(fmt.Sprintf("down %d", n), "internal"))
		})
		stream, err := newClient(srv).Streaming.StreamEvents(t.Context(), sessionParams)
		if stream != nil {
			stream.Close()
			t.Error("StreamEvents returned a stream with the error")
		}
		wantErrorResponse(t, err, 500, "down 2", "internal")
		if n := len(rec.All()); n != 3 {
			t.Errorf("server received %d requests, want 3 (two retries by default)", n)
		}
	})
	t.Run("recovers", func(t *testing.T) {
		t.Parallel()
		srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			switch n {
			case 0:
				w.Header().Set("Retry-After-Ms", "1")
				sdktest.WriteJSON(w, http.StatusInternalServerError, errorBody("blip", "internal"))
			case 1:
				sdktest.StartSSE(w).Event(content("up"), "id: 1", "retry: 10")
			default:
				w.WriteHeader(http.StatusNoContent)
			}
		})
		events, err := sdktest.Collect(t, open(t, newClient(srv)))
		if got := describeAll(events); err != nil || !slices.Equal(got, []string{"content:up"}) {
			t.Errorf("events = %q, Err = %v", got, err)
		}
		if n := len(rec.All()); n != 3 {
			t.Errorf("server received %d requests, want 3", n)
		}
	})
}

// A 500 on SendMessage is retried (the same Idempotency-Key on each
// attempt); when it persists, the last one comes back as the typed
// ErrorResponse; when the server recovers, the call succeeds.
func TestSendMessageServerErrorIsRetried(t *testing.T) {
	t.Parallel()
	t.Run("persistent", func(t *testing.T) {
		t.Parallel()
		srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Retry-After-Ms", "1")
			sdktest.WriteJSON(w, http.StatusInternalServerError, errorBody(fmt.Sprintf("pipeline down %d", n), "internal"))
		})
		res, err := newClient(srv).Streaming.SendMessage(t.Context(), "s1", mix.StreamingSendMessageParams{Content: "hi"})
		if res != nil {
			t.Errorf("SendMessage returned %+v with the error", res)
		}
		wantErrorResponse(t, err, 500, "pipeline down 2", "internal")
		reqs := rec.All()
		if len(reqs) != 3 {
			t.Fatalf("server received %d requests, want 3 (two retries by default)", len(reqs))
		}
		key := reqs[0].Header.Get("Idempotency-Key")
		for i, r := range reqs {
			if k := r.Header.Get("Idempotency-Key"); k == "" || k != key {
				t.Errorf("attempt %d: Idempotency-Key %q, want %q on every attempt", i, k, key)
			}
			if string(r.Body) != `{"content":"hi"}` {
				t.Errorf("attempt %d: body %s", i, r.Body)
			}
		}
	})
	t.Run("recovers", func(t *testing.T) {
		t.Parallel()
		srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 0 {
				w.Header().Set("Retry-After-Ms", "1")
				sdktest.WriteJSON(w, http.StatusInternalServerError, errorBody("blip", "internal"))
				return
			}
			sdktest.WriteJSON(w, http.StatusOK, `{"messageId":"m7"}`)
		})
		res, err := newClient(srv).Streaming.SendMessage(t.Context(), "s1", mix.StreamingSendMessageParams{Content: "hi"})
		if err != nil || res.MessageID != "m7" {
			t.Errorf("SendMessage = %+v, %v; want m7", res, err)
		}
		if n := len(rec.All()); n != 2 {
			t.Errorf("server received %d requests, want 2", n)
		}
	})
}

// What a reconnection's response does to the stream: 204 ends it
// normally, a 4xx ends it with that error (typed where the spec declares
// one), without further attempts.
func TestStreamEventsReconnectOutcomes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		answer func(w http.ResponseWriter)
		check  func(t *testing.T, err error)
	}{
		{
			name:   "204 ends normally",
			answer: func(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) },
			check: func(t *testing.T, err error) {
				if err != nil {
					t.Errorf("Err = %v, want nil", err)
				}
			},
		},
		{
			name: "404 ends with the typed error",
			answer: func(w http.ResponseWriter) {
				sdktest.WriteJSON(w, http.StatusNotFound, errorBody("session closed", "closed"))
			},
			check: func(t *testing.T, err error) {
				wantErrorResponse(t, err, 404, "session closed", "closed")
			},
		},
		{
			name: "401 ends with that error",
			answer: func(w http.ResponseWriter) {
				sdktest.WriteJSON(w, http.StatusUnauthorized, `{"message":"token expired"}`)
			},
			check: func(t *testing.T, err error) {
				var apiErr *mix.Error
				if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Message != "token expired" {
					t.Errorf("Err = %v, want *mix.Error 401 token expired", err)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 0 {
					s := sdktest.StartSSE(w)
					s.Event(content("before"), "id: 1", "retry: 10")
					return
				}
				tc.answer(w)
			})
			events, err := sdktest.Collect(t, open(t, newClient(srv)))
			if got := describeAll(events); !slices.Equal(got, []string{"content:before"}) {
				t.Errorf("events = %q", got)
			}
			tc.check(t, err)
			reqs := rec.All()
			if len(reqs) != 2 {
				t.Fatalf("server received %d requests, want 2 (one reconnection, not retried)", len(reqs))
			}
			if id := reqs[1].Header.Get("Last-Event-ID"); id != "1" {
				t.Errorf("reconnection Last-Event-ID %q, want 1", id)
			}
		})
	}
}

// With option.WithMaxReconnects(2), a server that keeps failing ends the
// stream after two consecutive failed reconnections, with the last error:
// a 5xx (typed), a connection that gives nothing, or a transport failure.
func TestStreamEventsMaxReconnects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		answer func(w http.ResponseWriter, n int)
		check  func(t *testing.T, err error)
	}{
		{
			name: "500",
			answer: func(w http.ResponseWriter, n int) {
				sdktest.WriteJSON(w, http.StatusInternalServerError, errorBody(fmt.Sprintf("down %d", n), "internal"))
			},
			check: func(t *testing.T, err error) { wantErrorResponse(t, err, 500, "down 2", "internal") },
		},
		{
			name:   "empty streams",
			answer: func(w http.ResponseWriter, n int) { sdktest.StartSSE(w) },
			check: func(t *testing.T, err error) {
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Errorf("Err = %v, want io.ErrUnexpectedEOF (the server closed the stream)", err)
				}
			},
		},
		{
			name: "connection dropped",
			answer: func(w http.ResponseWriter, n int) {
				// Half a response, then the connection closes. (Something is
				// written so that net/http's Transport does not replay the
				// GET by itself on a fresh connection.)
				conn, buf, err := http.NewResponseController(w).Hijack()
				if err == nil {
					_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Ty")
					_ = buf.Flush()
					conn.Close()
				}
			},
			check: func(t *testing.T, err error) {
				var apiErr *mix.Error
				if err == nil || errors.As(err, &apiErr) {
					t.Errorf("Err = %v, want the transport error", err)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 0 {
					s := sdktest.StartSSE(w)
					s.Event(content("only"), "id: 1", "retry: 10")
					return
				}
				tc.answer(w, n)
			})
			events, err := sdktest.Collect(t, open(t, newClient(srv), option.WithMaxReconnects(2)))
			if got := describeAll(events); !slices.Equal(got, []string{"content:only"}) {
				t.Errorf("events = %q", got)
			}
			tc.check(t, err)
			if n := len(rec.All()); n != 3 {
				t.Errorf("server received %d requests, want 3 (the stream and two reconnections)", n)
			}
		})
	}
}

// option.WithMaxReconnects(0) turns reconnection off, the way
// WithMaxRetries(0) turns retries off: a dropped stream ends with the drop
// and is not resumed. (A negative value does the same.)
func TestStreamEventsMaxReconnectsZero(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, -1} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, i int) {
				if i > 0 {
					// Fails the stream at once if the SDK does reconnect.
					sdktest.WriteJSON(w, http.StatusNotFound, errorBody("reconnected", "unexpected"))
					return
				}
				sdktest.StartSSE(w).Event(content("only"), "id: 1", "retry: 10")
				sdktest.Abort()
			})
			events, err := sdktest.Collect(t, open(t, newClient(srv), option.WithMaxReconnects(n)))
			if got := describeAll(events); !slices.Equal(got, []string{"content:only"}) {
				t.Errorf("events = %q", got)
			}
			if reqs := len(rec.All()); reqs != 1 {
				t.Errorf("server received %d requests, want 1 (no reconnection)", reqs)
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("Err = %v, want the drop (io.ErrUnexpectedEOF)", err)
			}
		})
	}
}

// Cancelling the context while the stream waits to reconnect (here the
// server asked for an hour) returns at once with ctx.Err(); the SDK honours
// the server's retry value, so it never reconnected meanwhile.
func TestStreamEventsCancelDuringReconnectWait(t *testing.T) {
	t.Parallel()
	firstDone := make(chan struct{})
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n > 0 {
			sdktest.StartSSE(w).Event(content("reconnected too early"), "id: 2")
			return
		}
		defer close(firstDone)
		sdktest.StartSSE(w).Event(content("one"), "id: 1", "retry: 3600000")
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stream, err := newClient(srv).Streaming.StreamEvents(ctx, sessionParams)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	if !sdktest.Next(t, stream) {
		t.Fatalf("no first event: %v", stream.Err())
	}
	done := make(chan bool, 1)
	go func() { done <- stream.Next() }() // reads EOF, then waits an hour
	sdktest.WaitFor(t, firstDone, "the first connection to end")
	// Give a client that ignored retry (1s by default) time to reconnect.
	// This cannot fail a correct SDK on a slow machine.
	time.Sleep(2 * time.Second)
	cancel()
	if sdktest.WaitFor(t, done, "Next to return after cancel") {
		t.Fatalf("Next gave %s", describe(stream.Current()))
	}
	if err := stream.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err = %v, want context.Canceled", err)
	}
	if n := len(rec.All()); n != 1 {
		t.Errorf("server received %d requests, want 1 (retry: 3600000 is an hour)", n)
	}
}

// option.WithStreamIdleTimeout: a connection on which nothing arrives for
// that long is dropped and resumed with Last-Event-ID.
func TestStreamEventsIdleTimeoutReconnects(t *testing.T) {
	t.Parallel()
	clientLeft := make(chan bool, 1)
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 0:
			sdktest.StartSSE(w).Event(content("one"), "id: 1", "retry: 10")
			select { // silent from now on
			case <-r.Context().Done():
				clientLeft <- true
			case <-t.Context().Done():
			}
		case 1:
			sdktest.StartSSE(w).Event(content("two"), "id: 2")
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	stream := open(t, newClient(srv), option.WithStreamIdleTimeout(300*time.Millisecond))
	events, err := sdktest.Collect(t, stream)
	if err != nil {
		t.Errorf("Err = %v, want nil", err)
	}
	if got, want := describeAll(events), []string{"content:one", "content:two"}; !slices.Equal(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
	if !sdktest.WaitFor(t, clientLeft, "the silent connection to be dropped") {
		t.Error("the client did not drop the silent connection")
	}
	reqs := rec.All()
	if len(reqs) != 3 {
		t.Fatalf("server received %d requests, want 3", len(reqs))
	}
	if id := reqs[1].Header.Get("Last-Event-ID"); id != "1" {
		t.Errorf("reconnection Last-Event-ID %q, want 1", id)
	}
}

// An SSE event named error (on_event: handle error) ends the stream with a
// *mix.Error built from its payload, and the stream does not reconnect.
func TestStreamEventsErrorEvent(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("X-Request-Id", "req-err")
		s := sdktest.StartSSE(w)
		s.Event(content("partial"), "id: 1", "retry: 10")
		s.Event(`{"error":{"message":"session expired","code":"expired"}}`, "event: error", "id: 2")
		s.Event(content("never seen"), "id: 3")
	})
	events, err := sdktest.Collect(t, open(t, newClient(srv)))
	if got := describeAll(events); !slices.Equal(got, []string{"content:partial"}) {
		t.Errorf("events = %q", got)
	}
	var apiErr *mix.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("Err = %v (%T), want *mix.Error", err, err)
	}
	if apiErr.Message != "session expired" || apiErr.Code != "expired" || apiErr.EventType != "error" || apiErr.EventID != "2" || apiErr.StatusCode != 200 || apiErr.RequestID != "req-err" {
		t.Errorf("error = %+v", apiErr)
	}
	if n := len(rec.All()); n != 1 {
		t.Errorf("server received %d requests, want 1 (an error event is not a dropped connection)", n)
	}
}

// Leaving an All loop early closes the stream and its connection; Close is
// idempotent.
func TestStreamEventsBreakingOutOfAllCloses(t *testing.T) {
	t.Parallel()
	clientLeft := make(chan struct{})
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		s := sdktest.StartSSE(w)
		s.Event(content("one"), "id: 1", "retry: 10")
		s.Event(content("two"), "id: 2")
		sdktest.Hold(t, r)
		close(clientLeft)
	})
	stream := open(t, newClient(srv))
	got := sdktest.Run(t, "the loop", func() []string {
		var got []string
		for ev, err := range stream.All() {
			if err != nil {
				got = append(got, "error: "+err.Error())
				break
			}
			got = append(got, describe(ev))
			break
		}
		return got
	})
	if !slices.Equal(got, []string{"content:one"}) {
		t.Errorf("events = %q", got)
	}
	sdktest.WaitFor(t, clientLeft, "the client to close the connection")
	if err := stream.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	if err := stream.Close(); err != nil {
		t.Errorf("third Close = %v", err)
	}
	if sdktest.Next(t, stream) {
		t.Error("Next after Close returned true")
	}
	if n := len(rec.All()); n != 1 {
		t.Errorf("server received %d requests, want 1 (a closed stream does not reconnect)", n)
	}
}

// An event larger than WithMaxEventSize ends the stream with an error that
// says so; reading it again would not help, so the stream does not
// reconnect.
func TestStreamEventsMaxEventSize(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		s := sdktest.StartSSE(w)
		s.Event(content("small"), "id: 1", "retry: 10")
		s.Event(content(strings.Repeat("x", 8192)), "id: 2")
		s.Event(content("after"), "id: 3")
	})
	events, err := sdktest.Collect(t, open(t, newClient(srv), option.WithMaxEventSize(1024)))
	if got := describeAll(events); !slices.Equal(got, []string{"content:small"}) {
		t.Errorf("events = %q", got)
	}
	var limitErr *streaming.LimitError
	if !errors.As(err, &limitErr) {
		t.Errorf("Err = %v (%T), want *streaming.LimitError", err, err)
	}
	if n := len(rec.All()); n != 1 {
		t.Errorf("server received %d requests, want 1", n)
	}
}
