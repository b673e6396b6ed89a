package streaming

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sdkgen/sdkgen/templates/runtime/internal/apierror"
)

// These tests drive Stream against real HTTP servers (net/http/httptest).
// None asserts a duration beyond generous "ended instead of hanging" bounds.

const hangBound = 5 * time.Second

// connectTo mimics the SDK's HTTP core: a non-2xx status becomes an
// *apierror.Error, Last-Event-ID is sent when set.
func connectTo(client *http.Client, url string, calls *atomic.Int32) Connect {
	return func(ctx context.Context, lastEventID string, reconnect bool) (*http.Response, error) {
		if calls != nil {
			calls.Add(1)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "text/event-stream")
		if lastEventID != "" {
			req.Header.Set("Last-Event-ID", lastEventID)
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 300 {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			msg, _, _ := apierror.MessageFrom(body)
			return nil, &apierror.Error{StatusCode: resp.StatusCode, Message: msg, Body: body, Request: req}
		}
		return resp, nil
	}
}

func sseHandler(fn func(w http.ResponseWriter, r *http.Request, send func(string))) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("X-Request-Id", "req_http")
		fl := w.(http.Flusher)
		send := func(s string) {
			io.WriteString(w, s)
			fl.Flush()
		}
		fn(w, r, send)
	}
}

func newServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// collectWithin reads the stream to its end, failing if it hangs.
func collectWithin[T any](t *testing.T, s *Stream[T]) ([]T, error) {
	t.Helper()
	type result struct {
		got []T
		err error
	}
	ch := make(chan result, 1)
	go func() { // the test's own goroutine, only to detect a hang
		var got []T
		for s.Next() {
			got = append(got, s.Current())
		}
		ch <- result{got, s.Err()}
	}()
	select {
	case r := <-ch:
		return r.got, r.err
	case <-time.After(hangBound):
		t.Fatal("stream did not end: hung")
		return nil, nil
	}
}

// TestHTTPCutMidEvent: the server dies in the middle of an event; the
// events before it are delivered and Err reports the broken body.
func TestHTTPCutMidEvent(t *testing.T) {
	srv := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		send("data: {\"a\":1}\n\ndata: {\"a\":")
		panic(http.ErrAbortHandler)
	}))
	s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL, nil), Config{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := collectWithin(t, s)
	if len(got) != 1 || got[0].A != 1 || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("got %v, err %v", got, err)
	}
}

// TestHTTPSlowByteByByte: a server that writes one byte per flush.
func TestHTTPSlowByteByByte(t *testing.T) {
	body := "id: 1\r\nevent: delta\r\ndata: {\"a\":1}\r\n\r\n: ping\r\rdata: {\"a\":2}\r\rdata: [DONE]\n\n"
	srv := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		for i := range len(body) {
			send(body[i : i+1])
			time.Sleep(200 * time.Microsecond)
		}
	}))
	s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL, nil), Config{Rules: DefaultRules()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Next() || s.Current().A != 1 || s.Event().Type != "delta" || s.Event().ID != "1" {
		t.Fatalf("first: %+v %+v %v", s.Current(), s.Event(), s.Err())
	}
	if !s.Next() || s.Current().A != 2 || s.Event().Type != "" || s.LastEventID() != "1" {
		t.Fatalf("second: %+v %+v %v", s.Current(), s.Event(), s.Err())
	}
	if s.Next() || s.Err() != nil {
		t.Fatalf("end: %v", s.Err())
	}
}

// TestHTTPFirstEventWithoutWaiting: an event is delivered while the server
// keeps the connection open and sends nothing more.
func TestHTTPFirstEventWithoutWaiting(t *testing.T) {
	release := make(chan struct{})
	srv := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		send("data: {\"a\":1}\n\n")
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer close(release)
	s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL, nil), Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	done := make(chan bool, 1)
	go func() { done <- s.Next() }()
	select {
	case ok := <-done:
		if !ok || s.Current().A != 1 {
			t.Fatal("no first event")
		}
	case <-time.After(hangBound):
		t.Fatal("first event held back")
	}
}

// endless is a server that sends one event and then nothing, forever
// (until the client goes away).
func endless(t *testing.T, served *atomic.Int32) *httptest.Server {
	return newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		if served != nil {
			served.Add(1)
		}
		send("data: {\"a\":1}\n\n")
		<-r.Context().Done()
	}))
}

// TestHTTPCancel: cancelling ctx unblocks Next and Err is ctx.Err(), both
// for Open and for NewStream.
func TestHTTPCancel(t *testing.T) {
	srv := endless(t, nil)
	for _, mode := range []string{"Open", "NewStream"} {
		t.Run(mode, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			var s *Stream[msg]
			if mode == "Open" {
				var err error
				s, err = Open[msg](ctx, connectTo(srv.Client(), srv.URL, nil), Config{})
				if err != nil {
					t.Fatal(err)
				}
			} else {
				resp, err := connectTo(srv.Client(), srv.URL, nil)(context.Background(), "", false)
				if err != nil {
					t.Fatal(err)
				}
				s = NewStream[msg](ctx, resp, Config{})
			}
			if !s.Next() {
				t.Fatal(s.Err())
			}
			time.AfterFunc(50*time.Millisecond, cancel)
			got, err := collectWithin(t, s)
			if len(got) != 0 || !errors.Is(err, context.Canceled) || err != context.Canceled {
				t.Fatalf("got %v err %v, want context.Canceled", got, err)
			}
			s.Close()
		})
	}
	// Cancelled while waiting to reconnect.
	ctx, cancel := context.WithCancel(context.Background())
	srv2 := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		send("data: {\"a\":1}\n\n")
	}))
	s, err := Open[msg](ctx, connectTo(srv2.Client(), srv2.URL, nil), Config{Reconnect: true, Backoff: func(int, time.Duration) time.Duration { return time.Hour }})
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(50*time.Millisecond, cancel)
	if got, err := collectWithin(t, s); len(got) != 1 || err != context.Canceled {
		t.Fatalf("backoff cancel: %v %v", got, err)
	}
}

// TestHTTPIdleTimeout: no byte for IdleTimeout ends a stream; comments keep
// it alive (the comment phase lasts twice the timeout; the gaps are a
// fifteenth of it, so a loaded machine does not make the test flaky).
func TestHTTPIdleTimeout(t *testing.T) {
	const idleTimeout = 750 * time.Millisecond
	srv := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		send("data: {\"a\":1}\n\n")
		if r.URL.Path == "/comments" {
			for range 30 { // 1.5s of comments every 50ms: activity, no events
				time.Sleep(50 * time.Millisecond)
				send(": keep-alive\n")
			}
			send("\ndata: {\"a\":2}\n\n")
		}
		<-r.Context().Done()
	}))
	s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL+"/comments", nil), Config{IdleTimeout: idleTimeout})
	if err != nil {
		t.Fatal(err)
	}
	got, err := collectWithin(t, s)
	var idle *IdleTimeoutError
	if len(got) != 2 || !errors.As(err, &idle) || idle.After != idleTimeout || !idle.Timeout() {
		t.Fatalf("got %v err %v", got, err)
	}
	// NewStream (body closed by the timer instead of a request cancel).
	resp, err := connectTo(srv.Client(), srv.URL, nil)(context.Background(), "", false)
	if err != nil {
		t.Fatal(err)
	}
	got, err = collectWithin(t, NewStream[msg](context.Background(), resp, Config{IdleTimeout: 100 * time.Millisecond}))
	if len(got) != 1 || !errors.As(err, &idle) {
		t.Fatalf("NewStream: got %v err %v", got, err)
	}
}

// TestHTTPErrorEvent: an error event mid-stream carries the HTTP status and
// request ID of the response.
func TestHTTPErrorEvent(t *testing.T) {
	srv := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		send("data: {\"a\":1}\n\nevent: error\ndata: {\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\"}}\n\n")
		<-r.Context().Done() // the stream must not wait for this
	}))
	s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL, nil), Config{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := collectWithin(t, s)
	var apiErr *apierror.Error
	if len(got) != 1 || !errors.As(err, &apiErr) || apiErr.StatusCode != 200 || apiErr.RequestID != "req_http" ||
		apiErr.Message != "Overloaded" || apiErr.Type != "overloaded_error" || apiErr.EventType != "error" {
		t.Fatalf("got %v err %#v", got, err)
	}
}

// TestHTTPDoneThenMore: events after [DONE] are never yielded and Err is
// nil; the connection is reused when the rest of the body is short.
func TestHTTPDoneThenMore(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		send("data: {\"a\":1}\n\ndata: [DONE]\n\ndata: {\"a\":2}\n\n")
	}))
	srv.Config.ConnState = func(c net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	for range 3 {
		s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL, nil), Config{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := collectWithin(t, s)
		if len(got) != 1 || got[0].A != 1 || err != nil {
			t.Fatalf("got %v err %v", got, err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections for 3 streams: the drained connection was not reused", n)
	}
}

// TestHTTPProxyNeverClosesAfterDone: after [DONE] the server keeps the
// connection open and silent; the stream still ends (the drain is bounded),
// and trickling data cannot keep it open either.
func TestHTTPProxyNeverClosesAfterDone(t *testing.T) {
	for _, trickle := range []bool{false, true} {
		srv := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
			send("data: {\"a\":1}\n\ndata: [DONE]\n\n")
			for trickle {
				select {
				case <-r.Context().Done():
					return
				case <-time.After(10 * time.Millisecond):
					send(": still here\n")
				}
			}
			<-r.Context().Done()
		}))
		s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL, nil), Config{DrainTimeout: 300 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		got, err := collectWithin(t, s)
		if len(got) != 1 || err != nil {
			t.Fatalf("trickle=%v: got %v err %v", trickle, got, err)
		}
	}
	// With the default drain bound too.
	srv := endless(t, nil)
	s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL, nil), Config{Rules: []Rule{{Fallthrough: true, Action: Done}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := collectWithin(t, s); len(got) != 0 || err != nil {
		t.Fatalf("default drain: %v %v", got, err)
	}
}

func fastBackoff(int, time.Duration) time.Duration { return time.Millisecond }

// TestHTTPReconnect: a dropped resumable stream reconnects with
// Last-Event-ID and goes on; the server's retry value reaches the backoff;
// the partial event at the cut is dropped.
func TestHTTPReconnect(t *testing.T) {
	var mu sync.Mutex
	var lastIDs []string
	var calls atomic.Int32
	srv := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		mu.Lock()
		lastIDs = append(lastIDs, r.Header.Get("Last-Event-ID"))
		n := len(lastIDs)
		mu.Unlock()
		switch n {
		case 1:
			send("retry: 1234\nid: 1\ndata: {\"a\":1}\n\nid: 2\ndata: {\"a\":2}\n\nid: 3\ndata: {\"a\":")
			panic(http.ErrAbortHandler) // cut mid-event
		case 2:
			send("id: 3\ndata: {\"a\":3}\n\n") // then a clean EOF on an endless stream
		default:
			send("data: {\"a\":4}\n\ndata: [DONE]\n\n")
		}
	}))
	var retries []time.Duration
	cfg := Config{Reconnect: true, Rules: DefaultRules(), Backoff: func(attempt int, retry time.Duration) time.Duration {
		retries = append(retries, retry)
		return time.Millisecond
	}}
	s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL, &calls), cfg)
	if err != nil {
		t.Fatal(err)
	}
	got, err := collectWithin(t, s)
	var as []int
	for _, m := range got {
		as = append(as, m.A)
	}
	if fmt.Sprint(as) != "[1 2 3 4]" || err != nil {
		t.Fatalf("got %v err %v", as, err)
	}
	if fmt.Sprint(lastIDs) != "[ 2 3]" {
		t.Errorf("Last-Event-ID sent: %q", lastIDs)
	}
	if len(retries) != 2 || retries[0] != 1234*time.Millisecond {
		t.Errorf("retry values given to the backoff: %v", retries)
	}
	if s.LastEventID() != "3" {
		t.Errorf("LastEventID %q", s.LastEventID())
	}
}

// TestHTTPReconnectEnds: on reconnection, 204 ends normally, a 4xx ends
// with that error, and repeated failures end after MaxReconnects attempts
// with the last error.
func TestHTTPReconnectEnds(t *testing.T) {
	for _, tc := range []struct {
		name     string
		status   int
		max      int
		wantErr  string
		attempts int32 // connect calls after the first
	}{
		{"204 ends normally", http.StatusNoContent, 0, "", 1},
		{"404 ends with it", http.StatusNotFound, 0, "404", 1},
		{"500 retried up to the default 5", http.StatusInternalServerError, 0, "500", 5},
		{"500 retried up to MaxReconnects", http.StatusInternalServerError, 2, "500", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
				if r.Header.Get("Last-Event-ID") == "" {
					send("id: 1\ndata: {\"a\":1}\n\n")
					return
				}
				if tc.status == http.StatusNoContent {
					w.WriteHeader(tc.status)
					return
				}
				http.Error(w, `{"message":"nope"}`, tc.status)
			}))
			s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL, &calls), Config{Reconnect: true, MaxReconnects: tc.max, Backoff: fastBackoff})
			if err != nil {
				t.Fatal(err)
			}
			got, err := collectWithin(t, s)
			if len(got) != 1 {
				t.Fatalf("got %v", got)
			}
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			var apiErr *apierror.Error
			if tc.wantErr != "" && !errors.As(err, &apiErr) {
				t.Fatalf("err %T is not *apierror.Error", err)
			}
			if n := calls.Load() - 1; n != tc.attempts {
				t.Errorf("%d reconnection attempts, want %d", n, tc.attempts)
			}
		})
	}
	// A server that accepts and closes at once without events counts as a
	// failure each time: the stream ends instead of looping forever.
	var calls atomic.Int32
	srv := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		if r.Header.Get("Last-Event-ID") == "" {
			send("id: 1\ndata: {\"a\":1}\n\n")
		}
	}))
	s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL, &calls), Config{Reconnect: true, Backoff: fastBackoff})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := collectWithin(t, s); len(got) != 1 || !errors.Is(err, io.ErrUnexpectedEOF) || calls.Load() != 1+DefaultMaxReconnects {
		t.Fatalf("got %v err %v after %d calls", got, err, calls.Load())
	}
	// Idle timeout on a resumable stream reconnects.
	var served atomic.Int32
	srv3 := endless(t, &served)
	s, err = Open[msg](context.Background(), connectTo(srv3.Client(), srv3.URL, nil), Config{Reconnect: true, IdleTimeout: 50 * time.Millisecond, Backoff: fastBackoff})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if !s.Next() {
			t.Fatalf("idle reconnect: %v", s.Err())
		}
	}
	s.Close()
	if served.Load() < 3 {
		t.Fatalf("served %d", served.Load())
	}
	// Without Reconnect a GET-like drop is final.
	srv4 := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		send("data: {\"a\":1}\n\n")
		panic(http.ErrAbortHandler)
	}))
	calls.Store(0)
	s, err = Open[msg](context.Background(), connectTo(srv4.Client(), srv4.URL, &calls), Config{})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := collectWithin(t, s); len(got) != 1 || err == nil || calls.Load() != 1 {
		t.Fatalf("no reconnect: %v %v %d", got, err, calls.Load())
	}
}

// TestHTTPOpenErrors: errors before the first body byte come back from
// Open; a 204 gives an empty stream.
func TestHTTPOpenErrors(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/204" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("X-Request-Id", "req_e")
		http.Error(w, `{"error":{"message":"bad key"}}`, http.StatusUnauthorized)
	}))
	raw := func(ctx context.Context, _ string, _ bool) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		return srv.Client().Do(req)
	}
	_, err := Open[msg](context.Background(), raw, Config{})
	var apiErr *apierror.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Message != "bad key" || apiErr.RequestID != "req_e" {
		t.Fatalf("err = %v", err)
	}
	s, err := Open[msg](context.Background(), connectTo(srv.Client(), srv.URL+"/204", nil), Config{Rules: DefaultRules()})
	if err != nil || s.Next() || s.Err() != nil {
		t.Fatalf("204: %v %v", err, s.Err())
	}
	if _, err := Open[msg](context.Background(), nil, Config{}); err == nil {
		t.Fatal("nil connect accepted")
	}
	if _, err := Open[msg](context.Background(), func(context.Context, string, bool) (*http.Response, error) { return nil, nil }, Config{}); err == nil {
		t.Fatal("nil response accepted")
	}
}

// TestHTTPNoLeaks opens 50 streams on servers that never end and abandons
// them (Close, ctx cancel, idle timeout); afterwards no
// goroutine or connection is left. While they are open, the streams add no
// goroutine beyond those of the HTTP connections themselves.
func TestHTTPNoLeaks(t *testing.T) {
	var open atomic.Int32
	srv := newServer(t, sseHandler(func(w http.ResponseWriter, r *http.Request, send func(string)) {
		open.Add(1)
		defer open.Add(-1)
		send("data: {\"a\":1}\n\n")
		<-r.Context().Done()
	}))
	client := srv.Client()
	settle := func(limit int) int {
		n := 0
		for range 500 { // bounded wait: up to 5s
			client.CloseIdleConnections()
			if n = runtime.NumGoroutine(); n <= limit && open.Load() == 0 {
				return n
			}
			time.Sleep(10 * time.Millisecond)
		}
		return n
	}
	base := settle(1 << 30)

	// Goroutines with 50 raw responses open, for comparison.
	var resps []*http.Response
	for range 50 {
		resp, err := connectTo(client, srv.URL, nil)(context.Background(), "", false)
		if err != nil {
			t.Fatal(err)
		}
		resps = append(resps, resp)
	}
	time.Sleep(50 * time.Millisecond)
	rawCount := runtime.NumGoroutine()
	for _, r := range resps {
		r.Body.Close()
	}
	settle(base + 2)

	var streams []*Stream[msg]
	var cancels []context.CancelFunc
	for i := range 50 {
		ctx, cancel := context.WithCancel(context.Background())
		cancels = append(cancels, cancel)
		if i%4 != 1 {
			ctx = context.Background() // only Close or the stream itself may end these
		}
		cfg := Config{IdleTimeout: time.Minute, Reconnect: i%4 == 0}
		if i%4 == 2 {
			cfg.IdleTimeout = time.Second // fires after the count below
		}
		s, err := Open[msg](ctx, connectTo(client, srv.URL, nil), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !s.Next() {
			t.Fatal(s.Err())
		}
		streams = append(streams, s)
	}
	time.Sleep(50 * time.Millisecond)
	// A goroutine per stream would show as +50; allow a little noise.
	if n := runtime.NumGoroutine(); n > rawCount+10 {
		t.Errorf("50 streams: %d goroutines, 50 raw responses: %d: streams start goroutines", n, rawCount)
	}
	for i, s := range streams {
		switch i % 4 {
		case 0:
			s.Close()
		case 1:
			cancels[i]()
			s.Next()
		case 2:
			if s.Next() { // ends by the idle timeout
				t.Fatal("event from a silent server")
			}
		case 3:
			s.Close()
			s.Close()
		}
	}
	if n := settle(base + 2); n > base+2 || open.Load() != 0 {
		t.Fatalf("after closing: %d goroutines (baseline %d), %d server connections still open", n, base, open.Load())
	}
}
