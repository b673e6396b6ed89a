package streaming

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Benchmarks measure one event per op over a body that repeats forever, so
// ns/op and allocs/op are per event in steady state. Run with -benchmem.

// chatChunk is the shape of an OpenAI chat.completion.chunk event.
type chatChunk struct {
	ID                string `json:"id"`
	Object            string `json:"object"`
	Created           int64  `json:"created"`
	Model             string `json:"model"`
	SystemFingerprint string `json:"system_fingerprint"`
	Choices           []struct {
		Index int `json:"index"`
		Delta struct {
			Role    string `json:"role,omitempty"`
			Content string `json:"content"`
		} `json:"delta"`
		Logprobs     any     `json:"logprobs"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
}

// ChatChunkBody is an OpenAI-shaped chat completion stream (LF line ends,
// one data line per event, as the API sends it), n events.
func chatChunkBody(n int) []byte {
	var b bytes.Buffer
	words := []string{"Hello", " there", "!", " How", " can", " I", " help", " you", " today", "?"}
	for i := range n {
		fmt.Fprintf(&b, `data: {"id":"chatcmpl-AZ3fQmQ8xX1xq2b9Yk5n7VvW0TgHj","object":"chat.completion.chunk","created":1732213417,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_7f6be3efb0","choices":[{"index":0,"delta":{"content":%q},"logprobs":null,"finish_reason":null}]}`+"\n\n", words[i%len(words)])
	}
	return b.Bytes()
}

// eventIDBody has an event type, an id and two data lines per event, CRLF
// line ends, and a comment every ten events.
func eventIDBody(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		if i%10 == 0 {
			b.WriteString(": ping\r\n\r\n")
		}
		fmt.Fprintf(&b, "event: content_block_delta\r\nid: %d\r\ndata: {\"type\":\"content_block_delta\",\"index\":0,\r\ndata: \"delta\":{\"type\":\"text_delta\",\"text\":\"token %d\"}}\r\n\r\n", 1000+i, i)
	}
	return b.Bytes()
}

func ndjsonBody(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"model":"llama3.2","created_at":"2025-10-26T17:15:24.%06dZ","response":"tok%d","done":false}`+"\n", i, i)
	}
	return b.Bytes()
}

// loopReader returns body over and over, in reads of at most chunk bytes
// (like a network body), forever.
type loopReader struct {
	body  []byte
	off   int
	chunk int
}

func (r *loopReader) Read(p []byte) (int, error) {
	if len(p) > r.chunk {
		p = p[:r.chunk]
	}
	n := copy(p, r.body[r.off:])
	r.off = (r.off + n) % len(r.body)
	return n, nil
}

func (r *loopReader) Close() error { return nil }

const benchReadSize = 32 << 10

func benchDecoder(b *testing.B, body []byte, newDec func(io.Reader) Decoder) {
	dec := newDec(&loopReader{body: body, chunk: benchReadSize})
	for range 100 { // warm up buffers
		dec.Next()
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body) / 1000)) // about one event
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		if !dec.Next() {
			b.Fatal(dec.Err())
		}
		n += len(dec.Event().Data)
	}
	if n == 0 {
		b.Fatal("no data")
	}
}

// benchSSE is benchDecoder with the concrete type, as a caller holding an
// *SSEDecoder uses it (no interface calls).
func benchSSE(b *testing.B, body []byte) {
	dec := NewSSEDecoder(&loopReader{body: body, chunk: benchReadSize}, 0)
	for range 100 {
		dec.Next()
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body) / 1000))
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		if !dec.Next() {
			b.Fatal(dec.Err())
		}
		n += len(dec.Event().Data)
	}
	if n == 0 {
		b.Fatal("no data")
	}
}

// BenchmarkSSEChatChunks: SSE framing of an OpenAI-shaped stream, per event.
func BenchmarkSSEChatChunks(b *testing.B) { benchSSE(b, chatChunkBody(1000)) }

// BenchmarkSSEEventIDCRLF: event type, id and multi-line data with CRLF,
// per event; the changing id costs one string per event, cut from the ID
// arena (see cutID): a few bytes and no allocation per event on average.
func BenchmarkSSEEventIDCRLF(b *testing.B) { benchSSE(b, eventIDBody(1000)) }

// BenchmarkSSEChatChunksDecoderInterface is BenchmarkSSEChatChunks through
// the Decoder interface (as Stream uses it): the cost of two dynamic calls.
func BenchmarkSSEChatChunksDecoderInterface(b *testing.B) {
	benchDecoder(b, chatChunkBody(1000), func(r io.Reader) Decoder { return NewSSEDecoder(r, 0) })
}

// BenchmarkIndexByteFloor is the floor: bytes.IndexByte over the same chat
// chunk bytes, one LF-terminated line at a time, two lines per event, with
// no copying, no field parsing and no reader in between.
func BenchmarkIndexByteFloor(b *testing.B) {
	body := chatChunkBody(1000)
	b.ReportAllocs()
	b.SetBytes(int64(len(body) / 1000))
	b.ResetTimer()
	off := 0
	for i := 0; i < b.N; i++ {
		for range 2 {
			j := bytes.IndexByte(body[off:], '\n')
			off += j + 1
		}
		if off == len(body) {
			off = 0
		}
	}
}

// BenchmarkNDJSON: NDJSON framing and validation, per line.
func BenchmarkNDJSON(b *testing.B) {
	benchDecoder(b, ndjsonBody(1000), func(r io.Reader) Decoder { return NewNDJSONDecoder(r, 0) })
}

// BenchmarkStreamChatChunks: Stream[T] end to end (framing, default rules,
// encoding/json into a chat chunk struct), per event.
func BenchmarkStreamChatChunks(b *testing.B) {
	body := chatChunkBody(1000)
	resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: &loopReader{body: body, chunk: benchReadSize}}
	s := NewStream[chatChunk](context.Background(), resp, Config{})
	defer s.Close()
	b.ReportAllocs()
	b.SetBytes(int64(len(body) / 1000))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !s.Next() {
			b.Fatal(s.Err())
		}
	}
	if !strings.HasPrefix(s.Current().ID, "chatcmpl-") {
		b.Fatal("not decoded")
	}
}
