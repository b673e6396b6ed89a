package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/openai/openai-go/v3/packages/ssestream"
	"github.com/sdkgen/sdkgen/templates/runtime/streaming"
	sse "github.com/tmaxmax/go-sse"
)

// Every benchmark decodes one event per op from a body that repeats forever
// (so ns/op and allocs/op are per event, in steady state) and touches the
// event's data, as a caller would.

func sseResponse(body []byte) *http.Response {
	h := http.Header{}
	h.Set("Content-Type", "text/event-stream")
	return &http.Response{StatusCode: 200, Header: h, Body: &loopReader{body: body, chunk: readSize}}
}

func benchSdkgen(b *testing.B, body []byte) {
	dec := streaming.NewSSEDecoder(&loopReader{body: body, chunk: readSize}, 0)
	b.ReportAllocs()
	b.SetBytes(int64(len(body) / 1000))
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if !dec.Next() {
			b.Fatal(dec.Err())
		}
		n += len(dec.Event().Data)
	}
	sink = n
}

func benchOpenAI(b *testing.B, body []byte) {
	dec := ssestream.NewDecoder(sseResponse(body))
	b.ReportAllocs()
	b.SetBytes(int64(len(body) / 1000))
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if !dec.Next() {
			b.Fatal(dec.Err())
		}
		n += len(dec.Event().Data)
	}
	sink = n
}

func benchGoSSE(b *testing.B, body []byte) {
	b.ReportAllocs()
	b.SetBytes(int64(len(body) / 1000))
	b.ResetTimer()
	n, i := 0, 0
	if b.N == 0 {
		return
	}
	for ev, err := range sse.Read(&loopReader{body: body, chunk: readSize}, &sse.ReadConfig{MaxEventSize: 32 << 20}) {
		if err != nil {
			b.Fatal(err)
		}
		n += len(ev.Data)
		if i++; i == b.N {
			break
		}
	}
	sink = n
}

var sink int

// floor: bytes.IndexByte over the same bytes, one LF at a time, with no
// reader, no copy and no field parsing. body holds events events; an op
// scans the lines of one event on average (b.N events' worth of lines in
// all), so that the floor covers the same bytes per op as the decoders.
func benchFloor(b *testing.B, body []byte, events int) {
	lines := b.N * bytes.Count(body, []byte("\n")) / events
	b.ReportAllocs()
	b.SetBytes(int64(len(body) / events))
	b.ResetTimer()
	off := 0
	for range lines {
		off += bytes.IndexByte(body[off:], '\n') + 1
		if off == len(body) {
			off = 0
		}
	}
}

func BenchmarkChatChunksLF(b *testing.B) {
	body := chatChunkBody(1000)
	b.Run("impl=floor-IndexByte", func(b *testing.B) { benchFloor(b, body, 1000) })
	b.Run("impl=sdkgen", func(b *testing.B) { benchSdkgen(b, body) })
	b.Run("impl=openai-go", func(b *testing.B) { benchOpenAI(b, body) })
	b.Run("impl=go-sse", func(b *testing.B) { benchGoSSE(b, body) })
}

func BenchmarkEventIDCRLF(b *testing.B) {
	body := eventIDBody(1000)
	b.Run("impl=floor-IndexByte", func(b *testing.B) { benchFloor(b, body, 1000) }) // 5.2 lines per event
	b.Run("impl=sdkgen", func(b *testing.B) { benchSdkgen(b, body) })
	b.Run("impl=openai-go", func(b *testing.B) { benchOpenAI(b, body) })
	b.Run("impl=go-sse", func(b *testing.B) { benchGoSSE(b, body) })
}

// BenchmarkStreamChatChunks compares the typed streams end to end: framing,
// [DONE]/error handling and encoding/json into the same struct.
func BenchmarkStreamChatChunks(b *testing.B) {
	body := chatChunkBody(1000)
	b.Run("impl=sdkgen", func(b *testing.B) {
		s := streaming.NewStream[chatChunk](context.Background(), sseResponse(body), streaming.Config{})
		defer s.Close()
		b.ReportAllocs()
		b.SetBytes(int64(len(body) / 1000))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if !s.Next() {
				b.Fatal(s.Err())
			}
		}
	})
	b.Run("impl=openai-go", func(b *testing.B) {
		s := ssestream.NewStream[chatChunk](ssestream.NewDecoder(sseResponse(body)), nil)
		defer s.Close()
		b.ReportAllocs()
		b.SetBytes(int64(len(body) / 1000))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if !s.Next() {
				b.Fatal(s.Err())
			}
		}
	})
}

var _ io.Reader = (*loopReader)(nil)
