package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3/packages/ssestream"
	"github.com/sdkgen/sdkgen/templates/runtime/streaming"
	sse "github.com/tmaxmax/go-sse"
)

// ev is what the comparison looks at: event type and data.
type ev struct{ Type, Data string }

type decodeFunc func(body []byte) ([]ev, error)

func decodeSdkgen(body []byte) ([]ev, error) {
	d := streaming.NewSSEDecoder(bytes.NewReader(body), 0)
	var out []ev
	for d.Next() {
		e := d.Event()
		out = append(out, ev{e.Type, string(e.Data)})
	}
	return out, d.Err()
}

// decodeOpenAI uses openai-go's decoder. Its Data keeps the LF that ends
// every data line; one trailing LF is removed here so that the comparison is
// about framing, not about that (harmless for JSON) difference.
func decodeOpenAI(body []byte) ([]ev, error) {
	h := http.Header{}
	h.Set("Content-Type", "text/event-stream")
	d := ssestream.NewDecoder(&http.Response{Header: h, Body: io.NopCloser(bytes.NewReader(body))})
	var out []ev
	for d.Next() {
		e := d.Event()
		out = append(out, ev{e.Type, strings.TrimSuffix(string(e.Data), "\n")})
	}
	return out, d.Err()
}

// decodeGoSSE uses go-sse's Read with its default 64 KiB event limit.
func decodeGoSSE(body []byte) ([]ev, error) {
	var out []ev
	for e, err := range sse.Read(bytes.NewReader(body), nil) {
		if err != nil {
			return out, err
		}
		out = append(out, ev{e.Type, e.Data})
	}
	return out, nil
}

var peers = []struct {
	name string
	fn   decodeFunc
}{{"sdkgen", decodeSdkgen}, {"openai-go", decodeOpenAI}, {"go-sse", decodeGoSSE}}

// TestConformanceCases runs the cases the streaming issue names against each
// decoder and prints a table; only sdkgen is required to pass.
func TestConformanceCases(t *testing.T) {
	big := strings.Repeat("x", 2<<20)
	cases := []struct {
		name string
		body string
		want []ev
	}{
		{"CR-only line endings", "data: a\r\rdata: b\r\r", []ev{{"", "a"}, {"", "b"}}},
		{"leading BOM", "\xEF\xBB\xBFdata: a\n\n", []ev{{"", "a"}}},
		{"2 MiB event", "data: " + big + "\n\n", []ev{{"", big}}},
		{"unterminated final event", "data: a\n\ndata: b", []ev{{"", "a"}}},
		{"event type resets", "event: x\ndata: 1\n\ndata: 2\n\n", []ev{{"x", "1"}, {"", "2"}}},
		{"CRLF", "event: x\r\ndata: 1\r\n\r\n", []ev{{"x", "1"}}},
		{"block without data", "event: x\n\ndata: 1\n\n", []ev{{"", "1"}}},
	}
	var report strings.Builder
	fmt.Fprintf(&report, "\n| case | sdkgen | openai-go | go-sse |\n|---|---|---|---|\n")
	for _, c := range cases {
		fmt.Fprintf(&report, "| %s |", c.name)
		for _, p := range peers {
			got, err := p.fn([]byte(c.body))
			ok := err == nil && equal(got, c.want)
			verdict := "pass"
			if !ok {
				verdict = "FAIL: " + describe(got, err)
			}
			fmt.Fprintf(&report, " %s |", verdict)
			if p.name == "sdkgen" && !ok {
				t.Errorf("%s: sdkgen got %s", c.name, describe(got, err))
			}
		}
		report.WriteString("\n")
	}
	t.Log(report.String())
}

// TestConformanceVectors counts, for each decoder, how many of the corpus's
// 115 WHATWG vectors it decodes to the expected (type, data) sequence.
func TestConformanceVectors(t *testing.T) {
	raw, err := os.ReadFile("../../shared/corpus/sse/sse-parser-vectors.json")
	if os.IsNotExist(err) {
		t.Skip("shared/corpus not found next to this checkout; skipping")
	}
	if err != nil {
		t.Fatal(err)
	}
	var vectors []struct {
		Name   string `json:"name"`
		Input  string `json:"input"`
		Events []struct {
			Event *string `json:"event"`
			Data  string  `json:"data"`
		} `json:"events"`
	}
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
	}
	passed := map[string]int{}
	failed := map[string][]string{}
	for _, v := range vectors {
		var want []ev
		for _, e := range v.Events {
			typ := ""
			if e.Event != nil {
				typ = *e.Event
			}
			want = append(want, ev{typ, e.Data})
		}
		for _, p := range peers {
			got, err := p.fn([]byte(v.Input))
			if err == nil && equal(got, want) {
				passed[p.name]++
			} else {
				failed[p.name] = append(failed[p.name], v.Name)
			}
		}
	}
	for _, p := range peers {
		t.Logf("%-10s %3d/%d vectors (type and data); failing: %s", p.name, passed[p.name], len(vectors), strings.Join(failed[p.name], ", "))
	}
	if passed["sdkgen"] != len(vectors) {
		t.Errorf("sdkgen fails %v", failed["sdkgen"])
	}
}

func equal(a, b []ev) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func describe(got []ev, err error) string {
	if err != nil {
		msg := err.Error()
		if len(msg) > 60 {
			msg = msg[:60] + "..."
		}
		return fmt.Sprintf("%d events, error %q", len(got), msg)
	}
	var parts []string
	for _, e := range got {
		d := e.Data
		if len(d) > 12 {
			d = d[:12] + fmt.Sprintf("...(%d bytes)", len(e.Data))
		}
		parts = append(parts, fmt.Sprintf("%q/%q", e.Type, d))
	}
	return fmt.Sprintf("%d events [%s]", len(got), strings.Join(parts, " "))
}
