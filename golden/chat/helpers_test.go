package acme_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	acme "github.com/sdkgen/sdkgen/golden/chat"
	"github.com/sdkgen/sdkgen/golden/chat/option"
	"github.com/sdkgen/sdkgen/golden/chat/streaming"
)

// captured is one request as the server saw it.
type captured struct {
	Method   string
	Path     string // escaped, as sent
	RawQuery string
	Header   http.Header
	Body     []byte
	// Remote is the client's address: the same on a reused connection.
	Remote string
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

func (r *recorder) count() int { return len(r.all()) }

// only returns the single request received, failing the test otherwise.
func (r *recorder) only(t *testing.T) captured {
	t.Helper()
	all := r.all()
	if len(all) != 1 {
		t.Fatalf("server received %d requests, want 1", len(all))
	}
	return all[0]
}

// handler answers one request; n is its 0-based index among all requests
// the server received.
type handler func(w http.ResponseWriter, r *http.Request, n int)

// serve starts a test server that records each request (reading its whole
// body first, so the server notices when the client hangs up), then calls h.
func serve(t *testing.T, h handler) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		path, query, _ := strings.Cut(r.RequestURI, "?")
		n := rec.add(captured{Method: r.Method, Path: path, RawQuery: query, Header: r.Header.Clone(), Body: body, Remote: r.RemoteAddr})
		h(w, r, n)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

// newClient returns a client for srv with an API key.
func newClient(srv *httptest.Server, opts ...option.RequestOption) *acme.Client {
	base := []option.RequestOption{option.WithBaseURL(srv.URL + "/v1"), option.WithAPIKey("test-key")}
	return acme.NewClient(append(base, opts...)...)
}

// params is a minimal valid request.
func params() acme.ChatCompletionCreateParams {
	return acme.ChatCompletionCreateParams{
		Model:    "gpt-x",
		Messages: []acme.ChatMessage{{Role: acme.ChatMessageRoleUser, Content: "hi"}},
	}
}

// writeJSON answers with status and a JSON body.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// sse writes a text/event-stream response, flushing after every write.
type sse struct {
	w http.ResponseWriter
}

// startSSE sends the headers of a 200 event stream.
func startSSE(w http.ResponseWriter) *sse {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	return &sse{w: w}
}

// raw writes text exactly as given.
func (s *sse) raw(text string) {
	_, _ = io.WriteString(s.w, text)
	s.w.(http.Flusher).Flush()
}

// data writes one event holding data, with optional extra fields first
// ("event: x", "id: 1").
func (s *sse) data(data string, fields ...string) {
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(f + "\n")
	}
	b.WriteString("data: " + data + "\n\n")
	s.raw(b.String())
}

// chunk writes a chat.completion.chunk whose delta holds content.
func (s *sse) chunk(content string, fields ...string) { s.data(chunkJSON(content), fields...) }

// done writes the [DONE] sentinel.
func (s *sse) done() { s.raw("data: [DONE]\n\n") }

func chunkJSON(content string) string {
	c, _ := json.Marshal(content)
	return fmt.Sprintf(`{"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":%s},"finish_reason":null}]}`, c)
}

// hold blocks until the client goes away or the test ends, and reports
// whether the client went away.
func hold(t *testing.T, r *http.Request) bool {
	select {
	case <-r.Context().Done():
		return true
	case <-t.Context().Done():
		return false
	}
}

// abort cuts the connection without ending the response properly.
func abort() { panic(http.ErrAbortHandler) }

// content returns the text of a chunk's first choice.
func content(c acme.ChatCompletionChunk) string {
	if len(c.Choices) == 0 || c.Choices[0].Delta.Content == nil {
		return ""
	}
	return *c.Choices[0].Delta.Content
}

// collect reads a stream to its end (with a deadlock guard) and returns
// what each event gave, through f, and Err.
func collect[T, R any](t *testing.T, s *streaming.Stream[T], f func(T) R) ([]R, error) {
	t.Helper()
	type result struct {
		items []R
		err   error
	}
	ch := make(chan result, 1)
	go func() {
		var items []R
		for s.Next() {
			items = append(items, f(s.Current()))
		}
		ch <- result{items, s.Err()}
	}()
	r := waitFor(t, ch, "the stream to end")
	return r.items, r.err
}

// chunks collects the contents of a chat completion stream.
func chunks(t *testing.T, s *streaming.Stream[acme.ChatCompletionChunk]) ([]string, error) {
	t.Helper()
	return collect(t, s, content)
}

// next calls Next with a deadlock guard.
func next[T any](t *testing.T, s *streaming.Stream[T]) bool {
	t.Helper()
	ch := make(chan bool, 1)
	go func() { ch <- s.Next() }()
	return waitFor(t, ch, "Next to return")
}

// waitFor waits for ch to deliver or be closed, failing the test after a
// generous bound (a deadlock guard, not a timing assertion).
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

// jsonObject decodes a request body as a JSON object.
func jsonObject(t *testing.T, body []byte) map[string]json.RawMessage {
	t.Helper()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		t.Fatalf("request body %q is not a JSON object: %v", body, err)
	}
	return obj
}
