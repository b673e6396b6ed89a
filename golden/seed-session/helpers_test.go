package mix_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	mix "github.com/sdkgen/sdkgen/golden/seed-session"
	"github.com/sdkgen/sdkgen/golden/seed-session/option"
	"github.com/sdkgen/sdkgen/golden/seed-session/streaming"
)

// captured is one request as the server saw it.
type captured struct {
	Method   string
	Path     string // escaped, as sent
	RawQuery string
	Header   http.Header
	Body     []byte
}

// recorder keeps every request a test server received.
type recorder struct {
	mu   sync.Mutex
	reqs []captured
}

func (r *recorder) add(c captured) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, c)
	return len(r.reqs) - 1
}

func (r *recorder) all() []captured {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]captured(nil), r.reqs...)
}

// serve starts a test server that records each request (its body read
// first, and given back to h), then calls h with the request's 0-based
// index.
func serve(t *testing.T, h func(w http.ResponseWriter, r *http.Request, n int)) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		path, query, _ := strings.Cut(r.RequestURI, "?")
		n := rec.add(captured{Method: r.Method, Path: path, RawQuery: query, Header: r.Header.Clone(), Body: body})
		r.Body = io.NopCloser(bytes.NewReader(body))
		h(w, r, n)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

// newClient returns a client whose base URL is srv.
func newClient(srv *httptest.Server, opts ...option.RequestOption) *mix.Client {
	return mix.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL)}, opts...)...)
}

// sse writes a text/event-stream response, flushing after every write.
type sse struct{ w http.ResponseWriter }

// startSSE sends the headers of a 200 event stream.
func startSSE(w http.ResponseWriter) *sse {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	return &sse{w: w}
}

// raw writes text exactly as given.
func (s *sse) raw(text string) {
	_, _ = io.WriteString(s.w, text)
	s.w.(http.Flusher).Flush()
}

// event writes one event: the given field lines ("id: 1", "event:
// message", "retry: 1000"), then data, then the blank line.
func (s *sse) event(data string, fields ...string) {
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(f + "\n")
	}
	b.WriteString("data: " + data + "\n\n")
	s.raw(b.String())
}

// hold blocks until the client goes away or the test ends.
func hold(t *testing.T, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-t.Context().Done():
	}
}

// abort cuts the connection without ending the response properly.
func abort() { panic(http.ErrAbortHandler) }

// collect reads a stream to its end (with a deadlock guard) and returns
// the events and Err.
func collect[T any](t *testing.T, s *streaming.Stream[T]) ([]T, error) {
	t.Helper()
	type result struct {
		items []T
		err   error
	}
	ch := make(chan result, 1)
	go func() {
		var items []T
		for s.Next() {
			items = append(items, s.Current())
		}
		ch <- result{items, s.Err()}
	}()
	r := waitFor(t, ch, "the stream to end")
	return r.items, r.err
}

// next calls Next with a deadlock guard.
func next[T any](t *testing.T, s *streaming.Stream[T]) bool {
	t.Helper()
	ch := make(chan bool, 1)
	go func() { ch <- s.Next() }()
	return waitFor(t, ch, "Next to return")
}

// run calls f in a goroutine and waits for its result with a deadlock
// guard.
func run[R any](t *testing.T, what string, f func() R) R {
	t.Helper()
	ch := make(chan R, 1)
	go func() { ch <- f() }()
	return waitFor(t, ch, what)
}

// waitFor waits for ch with a generous bound (a deadlock guard, not a
// timing assertion).
func waitFor[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// writeJSON answers with status and a JSON body.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// errorBody is an ErrorResponse.
func errorBody(message, code string) string {
	return `{"error":{"message":"` + message + `","code":"` + code + `"}}`
}

// sessionParams are the params of StreamEvents for session s1.
var sessionParams = mix.StreamingStreamEventsParams{SessionID: "s1"}

// open calls StreamEvents for session s1 and closes the stream when the
// test ends.
func open(t *testing.T, client *mix.Client, opts ...option.RequestOption) *streaming.Stream[mix.SessionEvent] {
	t.Helper()
	stream, err := client.Streaming.StreamEvents(t.Context(), sessionParams, opts...)
	if err != nil {
		t.Fatalf("StreamEvents: %v", err)
	}
	t.Cleanup(func() { stream.Close() })
	return stream
}

// describe renders a session event for comparisons: its variant and main
// field, through a type switch on AsAny.
func describe(ev mix.SessionEvent) string {
	switch v := ev.AsAny().(type) {
	case mix.ThinkingEvent:
		return "thinking:" + v.Text
	case mix.ContentEvent:
		return "content:" + v.Text
	case mix.ToolEvent:
		return "tool:" + v.Name + ":" + string(v.Status)
	case mix.CompleteEvent:
		return "complete:" + v.MessageID
	case nil:
		return "unknown:" + string(ev.Raw())
	default:
		return fmt.Sprintf("unexpected %T", v)
	}
}

// describeAll describes each event.
func describeAll(events []mix.SessionEvent) []string {
	var out []string
	for _, e := range events {
		out = append(out, describe(e))
	}
	return out
}

// content is the data of a content event with text.
func content(text string) string {
	return `{"type":"content","text":"` + text + `"}`
}
