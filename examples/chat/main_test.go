package main

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// timedWriter records each write and when it happened.
type timedWriter struct {
	mu     sync.Mutex
	writes []write
}

type write struct {
	at   time.Time
	text string
}

func (w *timedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes = append(w.writes, write{time.Now(), string(p)})
	return len(p), nil
}

func (w *timedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var b strings.Builder
	for _, wr := range w.writes {
		b.WriteString(wr.text)
	}
	return b.String()
}

// at returns the time of the first write of exactly text.
func (w *timedWriter) at(t *testing.T, text string) time.Time {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, wr := range w.writes {
		if wr.text == text {
			return wr.at
		}
	}
	t.Fatalf("no write of %q", text)
	return time.Time{}
}

func TestRun(t *testing.T) {
	var w timedWriter
	if err := run(&w); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, w.String())
	}
	out := w.String()
	for _, want := range []string{
		"== Create: one JSON response\n",
		"assistant: Hello! I am a test server.\n",
		"id=chatcmpl-1 finish_reason=stop completion_tokens=7\n",
		"== CreateStreaming: server-sent events, token by token\n",
		// The comment and the ping event are skipped, not yielded: the 15
		// chunks are the role, 13 tokens and the finish reason.
		"Each chunk is an SSE event; the SDK decodes it as it arrives.\n[done: 15 chunks, finish_reason=stop]\n",
		"== CreateStreaming: an error event in the middle of the stream\n",
		"Each chunk is\n",
		`stream.Err(): POST /chat/completions: 200 OK (stream event "error"): the model is overloaded` + "\n",
		`*acme.Error: status=200 event="error" type="overloaded_error" message="the model is overloaded"` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}

	// The answer is printed token by token as the server sends it, not all
	// at once at the end. The server waits tokenDelay between chunks, so
	// this is a lower bound that a slow machine cannot break.
	first, last := w.at(t, "Each"), w.at(t, " arrives.")
	if spread := last.Sub(first); spread < 8*tokenDelay {
		t.Errorf("first and last token printed %v apart; want at least %v: the stream was not read incrementally", spread, 8*tokenDelay)
	}
}
