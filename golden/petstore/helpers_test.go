package petstore_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sdkgen/sdkgen/golden/petstore"
	"github.com/sdkgen/sdkgen/golden/petstore/option"
)

// captured is one request as the server saw it.
type captured struct {
	Method string
	// URI is the request target exactly as sent (escaped path and raw query).
	URI string
	// Path is the escaped path part of URI.
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
}

// Query decodes the raw query.
func (c captured) Query() url.Values {
	q, _ := url.ParseQuery(c.RawQuery)
	return q
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

// serve starts a test server that records each request, then calls h.
// Handlers that wait must also stop on t.Context(), which ends before the
// server is closed.
func serve(t *testing.T, h handler) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		path, query, _ := strings.Cut(r.RequestURI, "?")
		n := rec.add(captured{
			Method:   r.Method,
			URI:      r.RequestURI,
			Path:     path,
			RawQuery: query,
			Header:   r.Header.Clone(),
			Body:     body,
		})
		h(w, r, n)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

// writeJSON answers with status and v encoded as JSON (a string is sent as
// it is).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if s, ok := v.(string); ok {
		_, _ = io.WriteString(w, s)
		return
	}
	_ = json.NewEncoder(w).Encode(v)
}

// replyJSON is a handler that always answers status and body.
func replyJSON(status int, body any) handler {
	return func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, status, body) }
}

// newClient returns a client for srv (base URL with a /v1 prefix, so that
// escaping tests can see a path try to climb out of it) and an API key.
func newClient(srv *httptest.Server, opts ...option.RequestOption) *petstore.Client {
	base := []option.RequestOption{
		option.WithBaseURL(srv.URL + "/v1"),
		option.WithAPIKeyAuth("test-key"),
	}
	return petstore.NewClient(append(base, opts...)...)
}

// sameJSON reports whether a and b are the same JSON value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%q: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%q: %v", b, err)
	}
	xs, _ := json.Marshal(x)
	ys, _ := json.Marshal(y)
	return string(xs) == string(ys)
}

// waitFor waits for ch to be closed or to deliver, failing the test after a
// generous bound (it is a deadlock guard, not a timing assertion).
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
