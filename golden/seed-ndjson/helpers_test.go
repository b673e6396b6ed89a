package relay_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	relay "github.com/sdkgen/sdkgen/golden/seed-ndjson"
	"github.com/sdkgen/sdkgen/golden/seed-ndjson/option"
	"github.com/sdkgen/sdkgen/golden/seed-ndjson/streaming"
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

// only returns the single request received, failing the test otherwise.
func (r *recorder) only(t *testing.T) captured {
	t.Helper()
	all := r.all()
	if len(all) != 1 {
		t.Fatalf("server received %d requests, want 1", len(all))
	}
	return all[0]
}

// serve starts a test server that records each request (its body read
// first), then calls h with the request's 0-based index.
func serve(t *testing.T, h func(w http.ResponseWriter, r *http.Request, n int)) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		path, query, _ := strings.Cut(r.RequestURI, "?")
		n := rec.add(captured{Method: r.Method, Path: path, RawQuery: query, Header: r.Header.Clone(), Body: body})
		h(w, r, n)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

// newClient returns a client whose base URL is srv's /v1.
func newClient(srv *httptest.Server, opts ...option.RequestOption) *relay.Client {
	return relay.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL + "/v1")}, opts...)...)
}

// hold blocks until the client goes away or the test ends.
func hold(t *testing.T, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-t.Context().Done():
	}
}

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

// ndjson writes an application/x-ndjson response, flushing after every
// write.
type ndjson struct{ w http.ResponseWriter }

// startNDJSON sends the headers of a 200 NDJSON stream.
func startNDJSON(w http.ResponseWriter) *ndjson {
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	return &ndjson{w: w}
}

// lines writes each text followed by LF.
func (s *ndjson) lines(texts ...string) {
	for _, text := range texts {
		s.raw(text + "\n")
	}
}

// raw writes text exactly as given.
func (s *ndjson) raw(text string) {
	_, _ = io.WriteString(s.w, text)
	s.w.(http.Flusher).Flush()
}

// writeJSON answers with status and a JSON body.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// createParams is a valid request.
func createParams() relay.ResponseCreateParams {
	return relay.ResponseCreateParams{Model: "relay-1", Input: "What is the weather in Oslo?"}
}

// open calls Responses.Create and closes the stream when the test ends.
func open(t *testing.T, client *relay.Client, opts ...option.RequestOption) *streaming.Stream[relay.StreamEvent] {
	t.Helper()
	stream, err := client.Responses.Create(t.Context(), createParams(), opts...)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { stream.Close() })
	return stream
}

// types lists the event types of events.
func types(events []relay.StreamEvent) []string {
	var out []string
	for _, e := range events {
		out = append(out, string(e.Event))
	}
	return out
}
