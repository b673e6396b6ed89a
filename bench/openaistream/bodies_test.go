package openaistream

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// corpusSSE is where the recorded OpenAI bodies are, beside the repository.
const corpusSSE = "../../../shared/corpus/sse"

// syntheticBody is an OpenAI chat completion stream as the API sends it: LF
// line ends, one data line per chunk, about 260 bytes per chunk. It is a
// copy of chatChunkBody, the body of the bench module's SSE framing
// benchmarks (../bodies_test.go, which this package cannot import).
func syntheticBody(n int) []byte {
	var b bytes.Buffer
	words := []string{"Hello", " there", "!", " How", " can", " I", " help", " you", " today", "?"}
	for i := range n {
		fmt.Fprintf(&b, `data: {"id":"chatcmpl-AZ3fQmQ8xX1xq2b9Yk5n7VvW0TgHj","object":"chat.completion.chunk","created":1732213417,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_7f6be3efb0","choices":[{"index":0,"delta":{"content":%q},"logprobs":null,"finish_reason":null}]}`+"\n\n", words[i%len(words)])
	}
	return b.Bytes()
}

// recordedBody is every chat chunk of the recorded OpenAI chat streams in
// the corpus (content, tool calls, logprobs, refusals, several choices),
// without their [DONE], as one SSE body. It skips the benchmark when the
// corpus is absent.
func recordedBody(tb testing.TB) (body []byte, events int) {
	files, _ := filepath.Glob(filepath.Join(corpusSSE, "openai-python-chat-*.sse"))
	if len(files) == 0 {
		tb.Skipf("no recorded OpenAI bodies in %s (../shared/corpus is not beside the repository)", corpusSSE)
	}
	var b bytes.Buffer
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for line := range bytes.Lines(raw) {
			if !bytes.HasPrefix(line, []byte("data: {")) {
				continue
			}
			b.Write(bytes.TrimRight(line, "\r\n"))
			b.WriteString("\n\n")
			events++
		}
	}
	return b.Bytes(), events
}

// loopBody returns body over and over, in reads of at most 32 KiB like a
// network body, until limit bytes have been read (forever when limit is 0).
type loopBody struct {
	body  []byte
	off   int
	limit int64
	read  int64
}

func (r *loopBody) Read(p []byte) (int, error) {
	if r.limit > 0 && r.read >= r.limit {
		return 0, io.EOF
	}
	if len(p) > 32<<10 {
		p = p[:32<<10]
	}
	n := copy(p, r.body[r.off:])
	r.off = (r.off + n) % len(r.body)
	r.read += int64(n)
	return n, nil
}

func (r *loopBody) Close() error { return nil }

// sseTransport answers every request with 200, text/event-stream, and a
// fresh loopBody over body: the network is out of the measurement.
type sseTransport struct {
	body  []byte
	limit int64
}

func (t sseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Status:        "200 OK",
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"text/event-stream; charset=utf-8"}},
		Body:          &loopBody{body: t.body, limit: t.limit},
		ContentLength: -1,
		Request:       req,
	}, nil
}
