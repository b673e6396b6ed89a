package realtest

// replayHelpers is written into every generated SDK as
// replay_helpers_test.go: a test server that records requests and answers
// with recorded bytes, written in small flushed pieces so the SDK's decoder
// sees lines and events split across reads, as on a real connection.
const replayHelpers = `// Test scaffolding written by sdkgen's internal/realtest; not generated SDK code.

package __PKG___test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// captured is one request as the server saw it.
type captured struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// recorder keeps every request the server received.
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

// serve starts a server that records each request and answers it with h
// (n counts requests from 0).
func serve(t *testing.T, h func(w http.ResponseWriter, r *http.Request, n int)) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		n := rec.add(captured{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
		h(w, r, n)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

// pieceSize is how many bytes of a recorded body go out per write and
// flush: small and odd, so lines, events and UTF-8 sequences are split.
const pieceSize = 61

// writeBody answers 200 with contentType and body, flushing after every
// piece.
func writeBody(w http.ResponseWriter, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Request-Id", "req-replay")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	for len(body) > 0 {
		n := min(pieceSize, len(body))
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		body = body[n:]
		if f != nil {
			f.Flush()
		}
	}
}

// writeJSON answers with status and a JSON body.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// recorded reads a body copied from the corpus into testdata.
func recorded(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jsonObject decodes a request body that must be a JSON object.
func jsonObject(t *testing.T, b []byte) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("request body is not a JSON object: %v: %s", err, b)
	}
	return m
}

// testContext bounds a replay, so a stream that never ends fails the test
// instead of hanging it.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}
`
