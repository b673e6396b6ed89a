package acme_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	acme "github.com/sdkgen/sdkgen/golden/chat"
	"github.com/sdkgen/sdkgen/golden/chat/option"
	"github.com/sdkgen/sdkgen/golden/chat/streaming"
	"github.com/sdkgen/sdkgen/internal/sdktest"
)

// Create sends the params as JSON without stream (or with stream false),
// asks for application/json, and decodes the completion, tolerating fields
// and enum values it does not know.
func TestCreateSendsJSONWithoutStream(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		sdktest.WriteJSON(w, 200, `{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,
			"choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","refusal":null},"finish_reason":"content_filter"}],
			"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}`)
	})
	p := params()
	p.MaxTokens = acme.Int(64)
	p.Temperature = acme.Float(0)
	res, err := newClient(srv).Chat.Completions.Create(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	if res.ID != "chatcmpl-1" || res.Object != acme.ChatCompletionObjectChatCompletion || len(res.Choices) != 1 ||
		res.Choices[0].Message.Content != "Hello!" || res.Choices[0].FinishReason != "content_filter" ||
		res.Usage.CompletionTokens != 2 {
		t.Errorf("completion = %+v", res)
	}

	got := rec.Only(t)
	if got.Method != "POST" || got.Path != "/v1/chat/completions" {
		t.Errorf("request = %s %s", got.Method, got.Path)
	}
	if a := got.Header.Get("Accept"); a != "application/json" {
		t.Errorf("Accept = %q, want application/json", a)
	}
	if a := got.Header.Get("Authorization"); a != "Bearer test-key" {
		t.Errorf("Authorization = %q, want Bearer test-key", a)
	}
	body := jsonObject(t, got.Body)
	if s, ok := body["stream"]; ok && string(s) != "false" {
		t.Errorf("Create sent stream: %s, want it left out or false", s)
	}
	if string(body["model"]) != `"gpt-x"` || string(body["max_tokens"]) != "64" || string(body["temperature"]) != "0" {
		t.Errorf("body = %s", got.Body)
	}
	if string(body["messages"]) != `[{"role":"user","content":"hi"}]` {
		t.Errorf("messages = %s", body["messages"])
	}
}

// CreateStreaming sends "stream": true in the JSON body, asks for
// text/event-stream, and yields typed chunks in order until [DONE], with
// the raw envelope and the last event ID at hand.
func TestCreateStreamingYieldsChunksInOrder(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		s := startSSE(w)
		s.Event(`{"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}`)
		s.chunk("Hel")
		s.chunk("lo", "id: evt-2")
		s.chunk(" world")
		s.Event(`{"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":3}}`)
		s.done()
	})
	var p acme.ChatCompletionCreateParamsStreaming = params() // the alias other languages' docs use
	p.MaxTokens = acme.Int(16)
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()

	got := rec.Only(t)
	if a := got.Header.Get("Accept"); a != "text/event-stream" {
		t.Errorf("Accept = %q, want text/event-stream", a)
	}
	if ct := got.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	body := jsonObject(t, got.Body)
	if string(body["stream"]) != "true" {
		t.Errorf("stream = %s, want true in the body %s", body["stream"], got.Body)
	}
	if string(body["model"]) != `"gpt-x"` || string(body["max_tokens"]) != "16" {
		t.Errorf("body = %s", got.Body)
	}

	var contents []string
	var last acme.ChatCompletionChunk
	for i := 0; sdktest.Next(t, stream); i++ {
		c := stream.Current()
		contents = append(contents, content(c))
		if c.Object != acme.ChatCompletionChunkObjectChatCompletionChunk || c.ID != "chatcmpl-1" {
			t.Errorf("chunk %d = %+v", i, c)
		}
		ev := stream.Event()
		if ev.Type != "" || !strings.HasPrefix(string(ev.Data), `{"id":"chatcmpl-1"`) {
			t.Errorf("chunk %d envelope = type %q data %q", i, ev.Type, ev.Data)
		}
		if i == 2 && ev.ID != "evt-2" {
			t.Errorf("chunk 2 envelope ID = %q, want evt-2", ev.ID)
		}
		last = c
	}
	if err := stream.Err(); err != nil {
		t.Fatalf("Err = %v, want nil after [DONE]", err)
	}
	if want := []string{"", "Hel", "lo", " world", ""}; !slices.Equal(contents, want) {
		t.Errorf("contents = %q, want %q", contents, want)
	}
	if last.Choices[0].FinishReason == nil || *last.Choices[0].FinishReason != "stop" || last.Usage.CompletionTokens != 3 {
		t.Errorf("last chunk = %+v", last)
	}
	if id := stream.LastEventID(); id != "evt-2" {
		t.Errorf("LastEventID = %q, want evt-2", id)
	}
	if sdktest.Next(t, stream) {
		t.Error("Next after the end returned true")
	}
}

// ping and heartbeat events, comments, and events with empty data are
// skipped.
func TestStreamSkipsPingsAndComments(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		s := startSSE(w)
		s.Raw(": connected\n\n")
		s.chunk("a")
		s.Event(`{"type":"ping"}`, "event: ping")
		s.Raw(": keep-alive\n")
		s.Event(`{}`, "event: heartbeat")
		s.Raw("event: ping\ndata: not json at all\n\n")
		s.Raw("data:\n\n")
		s.Raw("data:   \n\n")
		s.chunk("b")
		s.done()
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	got, err := chunks(t, stream)
	if err != nil {
		t.Fatalf("Err = %v", err)
	}
	if want := []string{"a", "b"}; !slices.Equal(got, want) {
		t.Errorf("contents = %q, want %q", got, want)
	}
}

// An "event: error" ends the stream with an *acme.Error whose message comes
// from the payload (error.message, message, or the raw data), with the
// event, the HTTP status and the request ID.
func TestStreamErrorEvent(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, data, message string
	}{
		{"error.message", `{"error":{"message":"overloaded","type":"server_error","code":"overloaded_error"}}`, "overloaded"},
		{"message", `{"message":"rate limited"}`, "rate limited"},
		{"raw text", `something broke`, "something broke"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("X-Request-Id", "req_stream")
				s := startSSE(w)
				s.chunk("partial")
				s.Event(c.data, "event: error", "id: e9")
				s.chunk("never seen")
				s.done()
			})
			stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
			if err != nil {
				t.Fatal(err)
			}
			defer stream.Close()
			got, err := chunks(t, stream)
			if want := []string{"partial"}; !slices.Equal(got, want) {
				t.Errorf("contents = %q, want %q", got, want)
			}
			var apiErr *acme.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("Err = %v (%T), want *acme.Error", err, err)
			}
			if apiErr.Message != c.message {
				t.Errorf("Message = %q, want %q", apiErr.Message, c.message)
			}
			if apiErr.StatusCode != 200 || apiErr.RequestID != "req_stream" {
				t.Errorf("StatusCode %d, RequestID %q; want 200, req_stream", apiErr.StatusCode, apiErr.RequestID)
			}
			if apiErr.EventType != "error" || apiErr.EventID != "e9" || string(apiErr.Body) != c.data {
				t.Errorf("event kept as type %q id %q body %q", apiErr.EventType, apiErr.EventID, apiErr.Body)
			}
			if c.name == "error.message" && (apiErr.Type != "server_error" || apiErr.Code != "overloaded_error") {
				t.Errorf("Type %q, Code %q", apiErr.Type, apiErr.Code)
			}
		})
	}
}

// With error_property: error, a yielded event whose "error" is present and
// not null ends the stream with an *acme.Error; "error": null is yielded.
func TestStreamErrorProperty(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		s := startSSE(w)
		s.Event(`{"id":"chatcmpl-1","object":"chat.completion.chunk","error":null,"choices":[{"index":0,"delta":{"content":"ok"}}]}`)
		s.Event(`{"error":{"message":"quota exceeded","type":"insufficient_quota"}}`)
		s.chunk("never seen")
		s.done()
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	got, err := chunks(t, stream)
	if want := []string{"ok"}; !slices.Equal(got, want) {
		t.Errorf("contents = %q, want %q (an error: null event is yielded)", got, want)
	}
	var apiErr *acme.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("Err = %v, want *acme.Error", err)
	}
	if apiErr.Message != "quota exceeded" || apiErr.Type != "insufficient_quota" {
		t.Errorf("Message %q Type %q", apiErr.Message, apiErr.Type)
	}
}

// An error property that is a plain string gives that string as message.
func TestStreamErrorPropertyString(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		s := startSSE(w)
		s.Event(`{"error":"boom"}`)
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	_, err = chunks(t, stream)
	var apiErr *acme.Error
	if !errors.As(err, &apiErr) || apiErr.Message != "boom" {
		t.Fatalf("Err = %v, want *acme.Error with message boom", err)
	}
}

// event: fatal_error is a break: the stream ends at once with Err nil and
// the connection is closed without reading what follows.
func TestStreamFatalErrorBreaks(t *testing.T) {
	t.Parallel()
	hungUp := make(chan bool, 1)
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		s := startSSE(w)
		s.chunk("a")
		s.Raw("event: fatal_error\ndata: {\"error\":{\"message\":\"x\"}}\n\n" + "data: " + chunkJSON("after") + "\n\n")
		hungUp <- sdktest.Hold(t, r)
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	got, err := chunks(t, stream)
	if err != nil {
		t.Errorf("Err = %v, want nil after a break", err)
	}
	if want := []string{"a"}; !slices.Equal(got, want) {
		t.Errorf("contents = %q, want %q", got, want)
	}
	if !sdktest.WaitFor(t, hungUp, "the server to see the connection closed") {
		t.Error("the connection was not closed after fatal_error")
	}
}

// A body that ends before [DONE], cleanly or by a cut connection, ends the
// stream with an error that errors.Is io.ErrUnexpectedEOF, and the POST is
// not sent again.
func TestStreamTruncation(t *testing.T) {
	t.Parallel()
	cases := map[string]func(s *sse){
		"clean end without [DONE]": func(s *sse) {},
		"connection cut":           func(s *sse) { sdktest.Abort() },
		"unterminated last event":  func(s *sse) { s.Raw("data: " + chunkJSON("lost")) },
		"half a [DONE]":            func(s *sse) { s.Raw("data: [DONE]"); sdktest.Abort() },
	}
	for name, end := range cases {
		t.Run(name, func(t *testing.T) {
			srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				s := startSSE(w)
				s.chunk("a")
				s.chunk("b")
				end(s)
			})
			stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
			if err != nil {
				t.Fatal(err)
			}
			defer stream.Close()
			got, err := chunks(t, stream)
			if want := []string{"a", "b"}; !slices.Equal(got, want) {
				t.Errorf("contents = %q, want %q", got, want)
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("Err = %v, want io.ErrUnexpectedEOF (a cut stream must not look complete)", err)
			}
			if n := rec.Count(); n != 1 {
				t.Errorf("server got %d requests, want 1 (a POST stream does not reconnect)", n)
			}
		})
	}
}

// A non-2xx status before the stream comes back from CreateStreaming itself
// as *acme.Error, with the spec's ErrorResponse parsed; 4xx is not retried.
func TestCreateStreamingHTTPError(t *testing.T) {
	t.Parallel()
	const body = `{"error":{"message":"invalid api key","type":"invalid_request_error","code":"invalid_api_key"}}`
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("X-Request-Id", "req_401")
		sdktest.WriteJSON(w, 401, body)
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
	if stream != nil {
		t.Errorf("stream = %v, want nil with the error", stream)
	}
	var apiErr *acme.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *acme.Error", err)
	}
	if apiErr.StatusCode != 401 || apiErr.Message != "invalid api key" || apiErr.RequestID != "req_401" ||
		apiErr.Code != "invalid_api_key" || string(apiErr.Body) != body {
		t.Errorf("error = %+v", apiErr)
	}
	parsed, ok := apiErr.Parsed.(*acme.ErrorResponse)
	if !ok {
		t.Fatalf("Parsed = %T, want *acme.ErrorResponse", apiErr.Parsed)
	}
	if parsed.Error.Message != "invalid api key" || parsed.Error.Code == nil || *parsed.Error.Code != "invalid_api_key" {
		t.Errorf("Parsed = %+v", parsed)
	}
	if n := rec.Count(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

// The same 4XX error body comes back typed from Create.
func TestCreateHTTPError(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		sdktest.WriteJSON(w, 429, `{"error":{"message":"slow down","code":null}}`)
	})
	_, err := newClient(srv, option.WithMaxRetries(0)).Chat.Completions.Create(t.Context(), params())
	var apiErr *acme.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Message != "slow down" {
		t.Fatalf("err = %v, want *acme.Error 429 slow down", err)
	}
	if p, ok := apiErr.Parsed.(*acme.ErrorResponse); !ok || p.Error.Message != "slow down" || p.Error.Code != nil {
		t.Errorf("Parsed = %#v", apiErr.Parsed)
	}
}

// A JSON reply to a streaming call is an error, never an empty stream.
func TestCreateStreamingJSONReplyIsError(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		sdktest.WriteJSON(w, 200, `{"id":"chatcmpl-1","object":"chat.completion","choices":[]}`)
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
	if err == nil {
		items, serr := chunks(t, stream)
		t.Fatalf("CreateStreaming accepted a JSON reply: stream gave %q, Err %v", items, serr)
	}
	if stream != nil {
		t.Errorf("stream = %v, want nil with the error", stream)
	}
	if !strings.Contains(err.Error(), "application/json") {
		t.Errorf("error %q does not say what came back", err)
	}
}

// A streaming call is retried before its first body byte: a 503 then a
// stream gives the stream, both attempts with the same Idempotency-Key.
func TestCreateStreamingRetriedBeforeFirstByte(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 0 {
			w.Header().Set("Retry-After-Ms", "1")
			sdktest.WriteJSON(w, 503, `{"error":{"message":"busy"}}`)
			return
		}
		s := startSSE(w)
		s.chunk("x")
		s.done()
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	if got, err := chunks(t, stream); err != nil || !slices.Equal(got, []string{"x"}) {
		t.Errorf("contents %q, Err %v", got, err)
	}
	reqs := rec.All()
	if len(reqs) != 2 {
		t.Fatalf("server got %d requests, want 2", len(reqs))
	}
	if k := reqs[0].Header.Get("Idempotency-Key"); k == "" || reqs[1].Header.Get("Idempotency-Key") != k {
		t.Errorf("Idempotency-Key %q then %q, want the same non-empty key", k, reqs[1].Header.Get("Idempotency-Key"))
	}
}

// All ranges over the chunks; an error is yielded once, last.
func TestStreamAll(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		s := startSSE(w)
		s.chunk("a")
		s.chunk("b")
		if r.URL.Query().Get("fail") != "" {
			s.Event(`{"message":"bad"}`, "event: error")
			return
		}
		s.done()
	})
	client := newClient(srv)

	for _, fail := range []bool{false, true} {
		var opts []option.RequestOption
		if fail {
			opts = append(opts, option.WithQuery("fail", "1"))
		}
		stream, err := client.Chat.Completions.CreateStreaming(t.Context(), params(), opts...)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		var errs []error
		done := make(chan struct{})
		go func() {
			defer close(done)
			for c, err := range stream.All() {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				got = append(got, content(c))
			}
		}()
		sdktest.WaitFor(t, done, "All to finish")
		if want := []string{"a", "b"}; !slices.Equal(got, want) {
			t.Errorf("fail=%v: All gave %q, want %q", fail, got, want)
		}
		var apiErr *acme.Error
		switch {
		case !fail && len(errs) != 0:
			t.Errorf("All yielded errors %v", errs)
		case fail && (len(errs) != 1 || !errors.As(errs[0], &apiErr) || apiErr.Message != "bad"):
			t.Errorf("All yielded errors %v, want one *acme.Error \"bad\"", errs)
		}
		if err := stream.Close(); err != nil {
			t.Errorf("Close after All: %v", err)
		}
	}
}

// Leaving an All loop early closes the stream and its connection.
func TestStreamAllBreakCloses(t *testing.T) {
	t.Parallel()
	hungUp := make(chan bool, 1)
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		s := startSSE(w)
		s.chunk("a")
		s.chunk("b")
		hungUp <- sdktest.Hold(t, r)
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	go func() {
		var first string
		for c := range stream.All() {
			first = content(c)
			break
		}
		done <- first // after All has returned, and with it Close
	}()
	if got := sdktest.WaitFor(t, done, "the first chunk"); got != "a" {
		t.Errorf("first chunk %q", got)
	}
	if !sdktest.WaitFor(t, hungUp, "the connection to close") {
		t.Error("breaking out of All did not close the connection")
	}
	if sdktest.Next(t, stream) {
		t.Error("Next after breaking out of All returned true")
	}
}

// Close is idempotent and safe on a live, an ended and a failed stream; it
// closes the connection, and Next returns false after it.
func TestStreamCloseIdempotent(t *testing.T) {
	t.Parallel()
	hungUp := make(chan bool, 1)
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		s := startSSE(w)
		s.chunk("a")
		switch n {
		case 0: // live
			hungUp <- sdktest.Hold(t, r)
		case 1: // ends normally
			s.done()
		case 2: // fails
			s.Event(`{"message":"bad"}`, "event: error")
		}
	})
	client := newClient(srv)

	live, err := client.Chat.Completions.CreateStreaming(t.Context(), params())
	if err != nil {
		t.Fatal(err)
	}
	if !sdktest.Next(t, live) {
		t.Fatalf("no first chunk: %v", live.Err())
	}
	if err := live.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := live.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if sdktest.Next(t, live) {
		t.Error("Next after Close returned true")
	}
	if !sdktest.WaitFor(t, hungUp, "the connection to close") {
		t.Error("Close did not close the connection")
	}

	for _, name := range []string{"ended", "failed"} {
		s, err := client.Chat.Completions.CreateStreaming(t.Context(), params())
		if err != nil {
			t.Fatal(err)
		}
		_, serr := chunks(t, s)
		if (name == "failed") != (serr != nil) {
			t.Errorf("%s stream: Err = %v", name, serr)
		}
		for range 2 {
			if err := s.Close(); err != nil {
				t.Errorf("Close on a %s stream: %v", name, err)
			}
		}
		if s.Err() != serr {
			t.Errorf("Close changed Err of the %s stream from %v to %v", name, serr, s.Err())
		}
	}
}

// Cancelling the call's context unblocks a waiting Next; Err is
// context.Canceled and the connection is closed.
func TestStreamContextCancelUnblocksNext(t *testing.T) {
	t.Parallel()
	hungUp := make(chan bool, 1)
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		s := startSSE(w)
		s.chunk("a")
		hungUp <- sdktest.Hold(t, r)
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(ctx, params())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	if !sdktest.Next(t, stream) {
		t.Fatalf("no first chunk: %v", stream.Err())
	}
	blocked := make(chan bool, 1)
	go func() { blocked <- stream.Next() }()
	time.Sleep(20 * time.Millisecond) // let Next block on the silent server (not required for the assertion)
	cancel()
	if sdktest.WaitFor(t, blocked, "Next to return after cancel") {
		t.Error("Next returned true after cancel")
	}
	if err := stream.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err = %v, want context.Canceled", err)
	}
	if !sdktest.WaitFor(t, hungUp, "the connection to close") {
		t.Error("cancel did not close the connection")
	}
}

// After [DONE] the stream ends at once even when a proxy keeps the
// connection open, silent or still sending: the drain is bounded.
func TestStreamDoneWithProxyThatNeverCloses(t *testing.T) {
	t.Parallel()
	cases := map[string]func(s *sse, r *http.Request) bool{
		"silent": func(s *sse, r *http.Request) bool { return sdktest.Hold(t, r) },
		"chatty": func(s *sse, r *http.Request) bool {
			pad := ": " + strings.Repeat("x", 4<<10) + "\n"
			for {
				select {
				case <-r.Context().Done():
					return true
				case <-t.Context().Done():
					return false
				default:
					s.Raw(pad)
				}
			}
		},
	}
	for name, after := range cases {
		t.Run(name, func(t *testing.T) {
			hungUp := make(chan bool, 1)
			srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				s := startSSE(w)
				s.chunk("a")
				s.done()
				hungUp <- after(s, r)
			})
			stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
			if err != nil {
				t.Fatal(err)
			}
			defer stream.Close()
			got, err := chunks(t, stream)
			if err != nil || !slices.Equal(got, []string{"a"}) {
				t.Errorf("contents %q, Err %v; want [a], nil", got, err)
			}
			if !sdktest.WaitFor(t, hungUp, "the connection to close") {
				t.Error("the connection was not closed after [DONE]")
			}
		})
	}
}

// An event is handed over as soon as its blank line arrives: the server
// waits for the client to see the first chunk before sending the rest.
func TestStreamFirstEventNotBuffered(t *testing.T) {
	t.Parallel()
	seen := make(chan struct{})
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		s := startSSE(w)
		s.chunk("first")
		select {
		case <-seen:
		case <-r.Context().Done():
			return
		case <-t.Context().Done():
			return
		}
		s.chunk("second")
		s.done()
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	if !sdktest.Next(t, stream) || content(stream.Current()) != "first" {
		t.Fatalf("first chunk not delivered before the server sent more: %v", stream.Err())
	}
	close(seen)
	got, err := chunks(t, stream)
	if err != nil || !slices.Equal(got, []string{"second"}) {
		t.Errorf("rest = %q, Err %v", got, err)
	}
}

// Data that is not valid JSON ends the stream with an error quoting it.
func TestStreamInvalidJSON(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		s := startSSE(w)
		s.chunk("a")
		s.Event(`{"choices": [oops`)
		s.done()
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	got, err := chunks(t, stream)
	if !slices.Equal(got, []string{"a"}) {
		t.Errorf("contents = %q", got)
	}
	var decErr *streaming.DecodeError
	if !errors.As(err, &decErr) {
		t.Fatalf("Err = %v (%T), want *streaming.DecodeError", err, err)
	}
	if !strings.Contains(err.Error(), `{\"choices\": [oops`) {
		t.Errorf("error %q does not quote the data", err)
	}
}

// option.WithMaxEventSize bounds one event: a larger one ends the stream
// with an error that says so.
func TestStreamMaxEventSize(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		s := startSSE(w)
		s.chunk("small")
		s.chunk(strings.Repeat("x", 64<<10))
		s.done()
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params(), option.WithMaxEventSize(4<<10))
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	got, err := chunks(t, stream)
	if !slices.Equal(got, []string{"small"}) {
		t.Errorf("contents = %q", got)
	}
	var limitErr *streaming.LimitError
	if !errors.As(err, &limitErr) || limitErr.Limit != 4<<10 {
		t.Fatalf("Err = %v, want *streaming.LimitError with limit 4096", err)
	}
}

// option.WithStreamIdleTimeout ends a silent stream that cannot resume (a
// POST) with an idle-timeout error.
func TestStreamIdleTimeoutEnds(t *testing.T) {
	t.Parallel()
	hungUp := make(chan bool, 1)
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		s := startSSE(w)
		s.chunk("a")
		hungUp <- sdktest.Hold(t, r)
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params(),
		option.WithStreamIdleTimeout(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	got, err := chunks(t, stream)
	if !slices.Equal(got, []string{"a"}) {
		t.Errorf("contents = %q", got)
	}
	var idle *streaming.IdleTimeoutError
	if !errors.As(err, &idle) {
		t.Fatalf("Err = %v (%T), want *streaming.IdleTimeoutError", err, err)
	}
	if !sdktest.WaitFor(t, hungUp, "the connection to close") {
		t.Error("the idle connection was not closed")
	}
	if n := rec.Count(); n != 1 {
		t.Errorf("server got %d requests, want 1 (a POST does not reconnect)", n)
	}
}

// WithRequestTimeout bounds the wait for the headers only: it does not cut
// a live stream that outlasts it.
func TestRequestTimeoutDoesNotCutLiveStream(t *testing.T) {
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		s := startSSE(w)
		s.chunk("a")
		select {
		case <-time.After(1500 * time.Millisecond): // well past the request timeout
		case <-r.Context().Done():
			return
		}
		s.chunk("b")
		s.done()
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params(),
		option.WithRequestTimeout(500*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	got, err := chunks(t, stream)
	if err != nil || !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("contents %q, Err %v; want [a b], nil", got, err)
	}
}

// After [DONE] the rest of a body that does end is read, so the connection
// goes back to the pool: the next call reuses it.
func TestStreamDoneReusesConnection(t *testing.T) {
	t.Parallel()
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		s := startSSE(w)
		s.chunk("a")
		s.done()
		s.Raw(": trailing comment after [DONE]\n\n")
	})
	client := newClient(srv)
	for range 2 {
		stream, err := client.Chat.Completions.CreateStreaming(t.Context(), params())
		if err != nil {
			t.Fatal(err)
		}
		if got, err := chunks(t, stream); err != nil || !slices.Equal(got, []string{"a"}) {
			t.Fatalf("contents %q, Err %v", got, err)
		}
		stream.Close()
	}
	reqs := rec.All()
	if reqs[0].Remote != reqs[1].Remote {
		t.Errorf("second stream came from %s, first from %s: the connection was not reused after [DONE]",
			reqs[1].Remote, reqs[0].Remote)
	}
}

// SSE comments count as activity for the idle timeout: a stream kept alive
// by comments alone is not ended by it.
func TestStreamIdleTimeoutCountsComments(t *testing.T) {
	var maxGap atomic.Int64 // the longest silence the server left, in ns
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		s := startSSE(w)
		s.chunk("a")
		// Comments only, every 10ms, for well over twice the idle timeout
		// (generous ratios: the machine running the tests may be loaded).
		last := time.Now()
		for start := last; time.Since(start) < 2*time.Second; {
			select {
			case <-time.After(10 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
			s.Raw(": keep-alive\n")
			maxGap.Store(max(maxGap.Load(), int64(time.Since(last))))
			last = time.Now()
		}
		s.chunk("b")
		s.done()
	})
	stream, err := newClient(srv).Chat.Completions.CreateStreaming(t.Context(), params(),
		option.WithStreamIdleTimeout(750*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	got, err := chunks(t, stream)
	if err != nil || !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("contents %q, Err %v; want [a b], nil (longest gap between comments: %v)",
			got, err, time.Duration(maxGap.Load()))
	}
}

// The request ID of an error event is read from the response headers the
// same way as for an HTTP error: a header the SDK recognises for one is
// recognised for the other.
func TestStreamErrorRequestIDMatchesHTTPError(t *testing.T) {
	t.Parallel()
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("X-Amzn-Requestid", "amzn-7")
		if r.URL.Query().Get("status") != "" {
			sdktest.WriteJSON(w, 400, `{"error":{"message":"bad"}}`)
			return
		}
		s := startSSE(w)
		s.Event(`{"message":"bad"}`, "event: error")
	})
	client := newClient(srv)
	_, err := client.Chat.Completions.CreateStreaming(t.Context(), params(), option.WithQuery("status", "400"))
	var httpErr *acme.Error
	if !errors.As(err, &httpErr) {
		t.Fatalf("err = %v", err)
	}
	stream, err := client.Chat.Completions.CreateStreaming(t.Context(), params())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	_, err = chunks(t, stream)
	var eventErr *acme.Error
	if !errors.As(err, &eventErr) {
		t.Fatalf("Err = %v", err)
	}
	if httpErr.RequestID != "amzn-7" {
		t.Fatalf("HTTP error RequestID = %q, want amzn-7", httpErr.RequestID)
	}
	if eventErr.RequestID != httpErr.RequestID {
		t.Errorf("error event RequestID %q, HTTP error %q for the same headers: both must read the same headers", eventErr.RequestID, httpErr.RequestID)
	}
}
