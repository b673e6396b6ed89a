package sdktest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// WriteJSON answers with status and a JSON body: a string is sent as it is,
// any other v is encoded as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if s, ok := v.(string); ok {
		_, _ = io.WriteString(w, s)
		return
	}
	_ = json.NewEncoder(w).Encode(v)
}

// ReplyJSON is a handler that always answers status and body, as WriteJSON
// does.
func ReplyJSON(status int, body any) Handler {
	return func(w http.ResponseWriter, _ *http.Request, _ int) { WriteJSON(w, status, body) }
}

// Writer writes a streamed response, flushing after every write.
type Writer struct{ w http.ResponseWriter }

// Start sends the headers of a 200 response with contentType, flushes
// them, and returns a Writer for its body. Headers set on w before the call
// are sent too.
func Start(w http.ResponseWriter, contentType string) *Writer {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	return &Writer{w: w}
}

// Raw writes text exactly as given.
func (s *Writer) Raw(text string) {
	_, _ = io.WriteString(s.w, text)
	s.w.(http.Flusher).Flush()
}

// Lines writes each text followed by LF, flushing after each.
func (s *Writer) Lines(texts ...string) {
	for _, text := range texts {
		s.Raw(text + "\n")
	}
}

// StartNDJSON sends the headers of a 200 application/x-ndjson stream.
func StartNDJSON(w http.ResponseWriter) *Writer {
	return Start(w, "application/x-ndjson")
}

// SSE writes a text/event-stream response, flushing after every write.
type SSE struct{ *Writer }

// StartSSE sends the headers of a 200 event stream.
func StartSSE(w http.ResponseWriter) *SSE {
	return &SSE{Start(w, "text/event-stream")}
}

// Event writes one event: the given field lines ("id: 1", "event:
// message", "retry: 1000"), then data, then the blank line, in one write.
func (s *SSE) Event(data string, fields ...string) {
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(f + "\n")
	}
	b.WriteString("data: " + data + "\n\n")
	s.Raw(b.String())
}
