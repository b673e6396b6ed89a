package acme_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	acme "github.com/sdkgen/sdkgen/golden/chat"
	"github.com/sdkgen/sdkgen/golden/chat/option"
	"github.com/sdkgen/sdkgen/golden/chat/streaming"
	"github.com/sdkgen/sdkgen/internal/sdktest"
)

// eventType is what the events tests collect from each AccountEvent.
func eventType(e acme.AccountEvent) string { return e.Type }

// openEvents opens client.Events.Stream with since set.
func openEvents(t *testing.T, client *acme.Client, opts ...option.RequestOption) *streaming.Stream[acme.AccountEvent] {
	t.Helper()
	stream, err := client.Events.Stream(t.Context(), acme.EventStreamParams{Since: acme.String("t0")}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stream.Close() })
	return stream
}

// The always-streaming GET /events resumes a dropped connection by itself:
// after a clean end and after a cut, it reconnects with Last-Event-ID (the
// last id seen) and the same query, and keeps yielding; ping is skipped; a
// 204 on reconnect ends the stream normally.
func TestEventsStreamReconnectsWithLastEventID(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 0:
			s := startSSE(w)
			s.Event(`{"type":"a","amount":1}`, "retry: 5", "id: 1")
			s.Event(`{}`, "event: ping")
			s.Event(`{"type":"b"}`, "id: 2")
			// the handler returns: a clean end of an endless stream
		case 1:
			s := startSSE(w)
			s.Event(`{"type":"ping-but-not-event"}`)
			s.Event(`{"type":"c","amount":3}`, "event: account.updated", "id: 3")
			sdktest.Abort()
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	stream := openEvents(t, newClient(srv))
	got, err := sdktest.CollectFunc(t, stream, eventType)
	if err != nil {
		t.Errorf("Err = %v, want nil (204 ends a resumable stream normally)", err)
	}
	if want := []string{"a", "b", "ping-but-not-event", "c"}; !slices.Equal(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
	reqs := rec.All()
	if len(reqs) != 3 {
		t.Fatalf("server got %d requests, want 3 (two reconnections)", len(reqs))
	}
	for i, want := range []string{"", "2", "3"} {
		r := reqs[i]
		if got := r.Header.Get("Last-Event-ID"); got != want {
			t.Errorf("request %d: Last-Event-ID %q, want %q", i, got, want)
		}
		if r.Method != "GET" || r.Path != "/v1/events" || r.RawQuery != "since=t0" {
			t.Errorf("request %d: %s %s?%s", i, r.Method, r.Path, r.RawQuery)
		}
		if a := r.Header.Get("Accept"); a != "text/event-stream" {
			t.Errorf("request %d: Accept %q", i, a)
		}
		if a := r.Header.Get("Authorization"); a != "Bearer test-key" {
			t.Errorf("request %d: Authorization %q", i, a)
		}
	}
	if ev := stream.Event(); ev.ID != "3" || ev.Type != "account.updated" {
		t.Errorf("last envelope = %+v, want ID 3, type account.updated", ev)
	}
	if id := stream.LastEventID(); id != "3" {
		t.Errorf("LastEventID = %q, want 3", id)
	}
}

// A 4xx on reconnect ends the resumable stream with that error, typed.
func TestEventsStream4xxOnReconnectEnds(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			s := startSSE(w)
			s.Event(`{"type":"a"}`, "retry: 1", "id: 1")
			return
		}
		sdktest.WriteJSON(w, 403, `{"error":{"message":"session revoked"}}`)
	})
	got, err := sdktest.CollectFunc(t, openEvents(t, newClient(srv)), eventType)
	if !slices.Equal(got, []string{"a"}) {
		t.Errorf("events = %q", got)
	}
	var apiErr *acme.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || apiErr.Message != "session revoked" {
		t.Fatalf("Err = %v, want *acme.Error 403 session revoked", err)
	}
	if n := rec.Count(); n != 2 {
		t.Errorf("server got %d requests, want 2", n)
	}
}

// After WithMaxReconnects consecutive failed attempts the stream ends with
// the last error.
func TestEventsStreamGivesUpAfterMaxReconnects(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			s := startSSE(w)
			s.Event(`{"type":"a"}`, "retry: 1", "id: 1")
			return
		}
		sdktest.WriteJSON(w, 503, `{"error":{"message":"unavailable"}}`)
	})
	got, err := sdktest.CollectFunc(t, openEvents(t, newClient(srv), option.WithMaxReconnects(2)), eventType)
	if !slices.Equal(got, []string{"a"}) {
		t.Errorf("events = %q", got)
	}
	var apiErr *acme.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("Err = %v, want the last attempt's *acme.Error 503", err)
	}
	if n := rec.Count(); n != 3 {
		t.Errorf("server got %d requests, want 3 (the first, then 2 failed reconnections)", n)
	}
}

// option.WithStreamIdleTimeout reconnects a resumable stream that went
// silent, with Last-Event-ID.
func TestEventsStreamIdleTimeoutReconnects(t *testing.T) {
	hungUp := make(chan bool, 1)
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 0:
			s := startSSE(w)
			s.Event(`{"type":"a"}`, "retry: 1", "id: 7")
			hungUp <- sdktest.Hold(t, r)
		case 1:
			s := startSSE(w)
			s.Event(`{"type":"b"}`, "id: 8")
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	stream := openEvents(t, newClient(srv), option.WithStreamIdleTimeout(300*time.Millisecond))
	got, err := sdktest.CollectFunc(t, stream, eventType)
	if err != nil {
		t.Errorf("Err = %v", err)
	}
	if !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("events = %q, want [a b]", got)
	}
	if !sdktest.WaitFor(t, hungUp, "the idle connection to close") {
		t.Error("the idle connection was not closed")
	}
	reqs := rec.All()
	if len(reqs) < 2 || reqs[1].Header.Get("Last-Event-ID") != "7" {
		t.Errorf("reconnection after idle timeout: %d requests, Last-Event-ID %q", len(reqs), reqs[len(reqs)-1].Header.Get("Last-Event-ID"))
	}
}

// A resumable stream whose connection drops before any event still
// reconnects (a failure counted towards WithMaxReconnects).
func TestEventsStreamReconnectsAfterEmptyConnection(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 0:
			s := startSSE(w)
			s.Raw("retry: 1\n\n")
			sdktest.Abort()
		case 1:
			s := startSSE(w)
			s.Event(`{"type":"a"}`, "id: 1")
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	got, err := sdktest.CollectFunc(t, openEvents(t, newClient(srv)), eventType)
	if err != nil || !slices.Equal(got, []string{"a"}) {
		t.Errorf("events %q, Err %v; want [a], nil", got, err)
	}
}

// Cancelling the context ends a resumable stream, also while it waits to
// reconnect; Err is the context's error, never io.ErrUnexpectedEOF.
func TestEventsStreamCancelWhileReconnecting(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		s := startSSE(w)
		s.Event(`{"type":"a"}`, "retry: 60000", "id: 1") // a long wait before reconnecting
	})
	ctx, cancel := contextWithCancel(t)
	stream, err := newClient(srv).Events.Stream(ctx, acme.EventStreamParams{})
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	if !sdktest.Next(t, stream) {
		t.Fatalf("no first event: %v", stream.Err())
	}
	blocked := make(chan bool, 1)
	go func() { blocked <- stream.Next() }()
	time.Sleep(20 * time.Millisecond) // let it reach the reconnection wait (not required for the assertion)
	cancel()
	if sdktest.WaitFor(t, blocked, "Next to return after cancel") {
		t.Error("Next returned true after cancel")
	}
	if err := stream.Err(); !errors.Is(err, context.Canceled) || errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Err = %v, want context.Canceled", err)
	}
}

// The first event's envelope carries its retry field.
func TestEventsStreamEnvelope(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n > 0 {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		s := startSSE(w)
		s.Event(`{"type":"a"}`, "retry: 5", "id: 1", "event: account.created")
	})
	stream := openEvents(t, newClient(srv))
	if !sdktest.Next(t, stream) {
		t.Fatalf("no event: %v", stream.Err())
	}
	ev := stream.Event()
	if ev.ID != "1" || ev.Type != "account.created" || ev.Retry != 5 || string(ev.Data) != `{"type":"a"}` {
		t.Errorf("envelope = %+v", ev)
	}
	if stream.Current().Type != "a" {
		t.Errorf("event = %+v", stream.Current())
	}
}

// A non-2xx status when opening comes back from Stream itself.
func TestEventsStreamOpenError(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		sdktest.WriteJSON(w, 404, `{"error":{"message":"no such account"}}`)
	})
	stream, err := newClient(srv).Events.Stream(t.Context(), acme.EventStreamParams{})
	if stream != nil {
		t.Errorf("stream = %v, want nil with the error", stream)
	}
	var apiErr *acme.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Message != "no such account" {
		t.Fatalf("err = %v, want *acme.Error 404", err)
	}
	if n := rec.Count(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

// A caller resuming a stream seen before sets Last-Event-ID itself; after a
// drop the SDK must send the last ID it has seen since, not the caller's
// stale one (STREAMING.md section 5: "sends Last-Event-ID with the last id
// seen").
func TestEventsStreamResumeFromCallerLastEventID(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n > 0 {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		s := startSSE(w)
		s.Event(`{"type":"a"}`, "retry: 1", "id: 42")
	})
	stream := openEvents(t, newClient(srv), option.WithHeader("Last-Event-ID", "41"))
	if got, err := sdktest.CollectFunc(t, stream, eventType); err != nil || !slices.Equal(got, []string{"a"}) {
		t.Fatalf("events %q, Err %v", got, err)
	}
	reqs := rec.All()
	if len(reqs) != 2 {
		t.Fatalf("server got %d requests, want 2", len(reqs))
	}
	if got := reqs[0].Header.Get("Last-Event-ID"); got != "41" {
		t.Errorf("first request: Last-Event-ID %q, want the caller's 41", got)
	}
	if got := reqs[1].Header.Values("Last-Event-ID"); len(got) != 1 || got[0] != "42" {
		t.Errorf("reconnection sent Last-Event-ID %q, want [42]: the request's own header must win over option.WithHeader", got)
	}
}
