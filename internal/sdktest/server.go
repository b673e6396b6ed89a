package sdktest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Request is one request as the server saw it.
type Request struct {
	Method string
	// URI is the request target exactly as sent (escaped path and raw query).
	URI string
	// Path is the escaped path part of URI, as sent.
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
	// Remote is the client's address: the same on a reused connection.
	Remote string
}

// Query decodes the raw query.
func (r Request) Query() url.Values {
	q, _ := url.ParseQuery(r.RawQuery)
	return q
}

// Recorder keeps every request a test server received.
type Recorder struct {
	mu   sync.Mutex
	reqs []Request
}

// Add records c and returns its 0-based index.
func (r *Recorder) Add(c Request) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, c)
	return len(r.reqs) - 1
}

// All returns a copy of the requests received so far, in order.
func (r *Recorder) All() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.reqs...)
}

// Count is the number of requests received so far.
func (r *Recorder) Count() int { return len(r.All()) }

// Only returns the single request received, failing the test otherwise.
func (r *Recorder) Only(t testing.TB) Request {
	t.Helper()
	all := r.All()
	if len(all) != 1 {
		t.Fatalf("server received %d requests, want 1", len(all))
	}
	return all[0]
}

// Handler answers one request; n is its 0-based index among all requests
// the server received.
type Handler func(w http.ResponseWriter, r *http.Request, n int)

// Serve starts a test server that records each request, then calls h. The
// server reads each request's whole body first (so it notices when the
// client hangs up) and gives it back to h as r.Body. The server is closed
// when the test ends; handlers that wait must also stop on t.Context(),
// which ends before the server is closed.
func Serve(t testing.TB, h Handler) (*httptest.Server, *Recorder) {
	t.Helper()
	rec := &Recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		path, query, _ := strings.Cut(r.RequestURI, "?")
		n := rec.Add(Request{
			Method:   r.Method,
			URI:      r.RequestURI,
			Path:     path,
			RawQuery: query,
			Header:   r.Header.Clone(),
			Body:     body,
			Remote:   r.RemoteAddr,
		})
		r.Body = io.NopCloser(bytes.NewReader(body))
		h(w, r, n)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

// Hold blocks until the client goes away or the test ends, and reports
// whether the client went away.
func Hold(t testing.TB, r *http.Request) bool {
	select {
	case <-r.Context().Done():
		return true
	case <-t.Context().Done():
		return false
	}
}

// Abort cuts the connection without ending the response properly. Call it
// from a handler.
func Abort() { panic(http.ErrAbortHandler) }
