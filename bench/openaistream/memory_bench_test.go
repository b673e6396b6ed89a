package openaistream

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
)

// bigChunkBody is the synthetic chat stream with, every 1000 chunks, one
// chunk whose content is size bytes: the largest event of the stream.
func bigChunkBody(size int) []byte {
	var b bytes.Buffer
	b.Write(syntheticBody(999))
	fmt.Fprintf(&b, `data: {"id":"chatcmpl-big","object":"chat.completion.chunk","created":1732213417,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":%q},"logprobs":null,"finish_reason":null}]}`+"\n\n", strings.Repeat("x", size))
	return b.Bytes()
}

// BenchmarkStreamMemory streams a total of 64 MiB and then 1 GiB of chat
// chunks (a 256 KiB chunk among every 1000) through each SDK, once per op,
// and reports the peak heap in use and the peak live heap (as of the last
// GC), sampled every 1000 chunks, next to the largest event: memory must
// stay bounded by the largest event, not grow with the length of the
// stream. Run with -benchtime 1x.
func BenchmarkStreamMemory(b *testing.B) {
	const big = 256 << 10
	body := bigChunkBody(big)
	for _, total := range []int64{64 << 20, 1 << 30} {
		for _, impl := range impls {
			b.Run(fmt.Sprintf("total=%dMiB/impl=%s", total>>20, impl.name), func(b *testing.B) {
				var peak, peakLive uint64
				var events int
				var ms runtime.MemStats
				live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
				b.SetBytes(total)
				for i := 0; i < b.N; i++ {
					runtime.GC()
					s, content := impl.open(b, sseTransport{body: body, limit: total})
					n := 0
					for s.Next() {
						_ = content()
						if n++; n%1000 == 0 {
							runtime.ReadMemStats(&ms)
							peak = max(peak, ms.HeapInuse)
							metrics.Read(live)
							peakLive = max(peakLive, live[0].Value.Uint64())
						}
					}
					// The body ends mid-event or at a blank line: either way
					// the stream ends without [DONE], which is not what is
					// measured here.
					_ = s.Close()
					events = n
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
				b.ReportMetric(float64(peakLive)/(1<<20), "peak-live-MiB")
				b.ReportMetric(float64(big)/(1<<20), "largest-event-MiB")
				b.ReportMetric(float64(events), "events")
			})
		}
	}
}
