package bench

import (
	"bytes"
	"fmt"
)

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

// The bodies are the same as the ones of the runtime's own benchmarks
// (templates/runtime/streaming/bench_test.go).

// chatChunkBody is an OpenAI-shaped chat completion stream: LF line ends,
// one data line per event, about 260 bytes per event.
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

const readSize = 32 << 10
