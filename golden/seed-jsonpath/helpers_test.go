package functions_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	functions "github.com/sdkgen/sdkgen/golden/seed-jsonpath"
	"github.com/sdkgen/sdkgen/golden/seed-jsonpath/option"
	"github.com/sdkgen/sdkgen/golden/seed-jsonpath/streaming"
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
func newClient(srv *httptest.Server, opts ...option.RequestOption) *functions.Client {
	return functions.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL + "/v1")}, opts...)...)
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

// callParams is a valid request.
func callParams() functions.FunctionStreamCallParams {
	return functions.FunctionStreamCallParams{Input: map[string]any{"text": "John is 42."}}
}

// open calls StreamCall("extract/people") and closes the stream when the
// test ends.
func open(t *testing.T, client *functions.Client) *streaming.Stream[functions.StreamEvent] {
	t.Helper()
	stream, err := client.Functions.StreamCall(t.Context(), "extract/people", callParams())
	if err != nil {
		t.Fatalf("StreamCall: %v", err)
	}
	t.Cleanup(func() { stream.Close() })
	return stream
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

// collectText runs streaming.CollectText with a deadlock guard.
func collectText(t *testing.T, s *streaming.Stream[functions.StreamEvent]) (string, error) {
	t.Helper()
	type result struct {
		text string
		err  error
	}
	r := run(t, "CollectText", func() result {
		text, err := streaming.CollectText(s, deltaOf)
		return result{text, err}
	})
	return r.text, r.err
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

// deltaOf is the text an event carries, for streaming.CollectText.
func deltaOf(e functions.StreamEvent) string { return e.Data.Delta }

// pathDelta is the (json_path, delta) pair of a structured chunk, for
// streaming.CollectJSONPaths; text chunks are skipped.
func pathDelta(e functions.StreamEvent) (path, delta string, ok bool) {
	if e.Data.ChunkType != functions.StreamingChunkChunkTypeJSON || e.Data.JSONPath == nil {
		return "", "", false
	}
	return *e.Data.JSONPath, e.Data.Delta, true
}

// textChunk and jsonChunk render StreamingChunk JSON.
func textChunk(delta string) string {
	return `{"delta":` + quote(delta) + `,"span_id":"123e4567-e89b-12d3-a456-426614174000","chunk_type":"text"}`
}

func jsonChunk(path, delta string) string {
	return `{"delta":` + quote(delta) + `,"json_path":` + quote(path) + `,"span_id":"123e4567-e89b-12d3-a456-426614174000","chunk_type":"json"}`
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
