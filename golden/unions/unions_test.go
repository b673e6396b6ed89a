package unions_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/golden/unions"
	"github.com/sdkgen/sdkgen/golden/unions/option"
)

func client(t *testing.T, h http.HandlerFunc) *unions.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return unions.NewClient(option.WithBaseURL(srv.URL), option.WithMaxRetries(0))
}

func TestUnionParamsEncodeTheVariantGiven(t *testing.T) {
	var body string
	c := client(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		io.WriteString(w, `{"shape":{"kind":"circle","radius":1}}`)
	})
	_, err := c.Shapes.MakeShape(context.Background(), unions.MakeShapeParams{
		Shape: unions.NewShapeFromCircle(unions.Circle{Kind: "circle", Radius: 2}),
		Stop:  unions.NewMakeShapeParamsStopFromStringArray([]string{"\n", "END"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"shape":{"kind":"circle","radius":2},"stop":["\n","END"]}`; body != want {
		t.Fatalf("body %s\nwant %s", body, want)
	}
}

func TestUnionStrategies(t *testing.T) {
	tests := []struct {
		name, json string
		check      func(t *testing.T, r *unions.Result)
	}{
		{"discriminator mapping", `{"shape":{"kind":"square","side":3}}`, func(t *testing.T, r *unions.Result) {
			sq, ok := r.Shape.AsAny().(unions.Square)
			if !ok || sq.Side != 3 {
				t.Fatalf("AsAny = %#v", r.Shape.AsAny())
			}
			if _, ok := r.Shape.AsCircle(); ok {
				t.Fatal("a square is not a circle")
			}
		}},
		{"unknown discriminator value is kept", `{"shape":{"kind":"triangle","sides":3}}`, func(t *testing.T, r *unions.Result) {
			if v := r.Shape.AsAny(); v != nil {
				t.Fatalf("AsAny = %#v, want nil for an unknown variant", v)
			}
			if !strings.Contains(string(r.Shape.Raw()), "triangle") {
				t.Fatalf("Raw = %s", r.Shape.Raw())
			}
			out, _ := json.Marshal(r)
			if !strings.Contains(string(out), `"kind":"triangle"`) {
				t.Fatalf("re-encoding lost the unknown variant: %s", out)
			}
		}},
		{"unique required property", `{"shape":{"kind":"circle","radius":1},"source":{"file_id":"f_1"}}`, func(t *testing.T, r *unions.Result) {
			if f, ok := r.Source.AsAny().(unions.SourceFileID); !ok || f.FileID != "f_1" {
				t.Fatalf("AsAny = %#v", r.Source.AsAny())
			}
		}},
		{"JSON kind: string", `{"shape":{"kind":"circle","radius":1},"value":"x"}`, func(t *testing.T, r *unions.Result) {
			if v, ok := r.Value.AsAny().(string); !ok || v != "x" {
				t.Fatalf("AsAny = %#v", r.Value.AsAny())
			}
		}},
		{"JSON kind: integer", `{"shape":{"kind":"circle","radius":1},"value":42}`, func(t *testing.T, r *unions.Result) {
			if v, ok := r.Value.AsInt(); !ok || v != 42 {
				t.Fatalf("AsInt = %v, %v", v, ok)
			}
		}},
		{"JSON kind: array", `{"shape":{"kind":"circle","radius":1},"value":[1,2]}`, func(t *testing.T, r *unions.Result) {
			if v, ok := r.Value.AsAny().([]int64); !ok || len(v) != 2 {
				t.Fatalf("AsAny = %#v", r.Value.AsAny())
			}
		}},
		{"trying each variant", `{"shape":{"kind":"circle","radius":1},"loose":{"b":"y"}}`, func(t *testing.T, r *unions.Result) {
			if v, ok := r.Loose.AsAny().(unions.LooseVariant2); !ok || v.B != "y" {
				t.Fatalf("AsAny = %#v", r.Loose.AsAny())
			}
		}},
		{"nullable anyOf with null", `{"shape":{"kind":"circle","radius":1},"maybe":null}`, func(t *testing.T, r *unions.Result) {
			if r.Maybe != nil {
				t.Fatalf("Maybe = %#v, want nil", r.Maybe)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := client(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, tt.json) })
			res, err := c.Shapes.MakeShape(context.Background(), unions.MakeShapeParams{Shape: unions.NewShapeFromCircle(unions.Circle{Kind: "circle"})})
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, res)
		})
	}
}

func TestEventUnionStream(t *testing.T) {
	c := client(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for _, data := range []string{
			`{"type":"message_start","id":"m1"}`,
			`{"type":"content_delta","delta":"Hel"}`,
			`{"type":"content_delta","delta":"lo"}`,
			`{"type":"future_event","x":1}`,
			`{"type":"message_stop","stop_reason":null}`,
		} {
			fmt.Fprintf(w, "event: message\ndata: %s\n\n", data)
		}
	})
	stream, err := c.Messages.StreamMessage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	var text strings.Builder
	var kinds []string
	for ev, err := range stream.All() {
		if err != nil {
			t.Fatal(err)
		}
		switch v := ev.AsAny().(type) {
		case unions.MessageStart:
			kinds = append(kinds, "start:"+v.ID)
		case unions.ContentDelta:
			text.WriteString(v.Delta)
			kinds = append(kinds, "delta")
		case unions.MessageStop:
			kinds = append(kinds, "stop")
		case nil:
			kinds = append(kinds, "unknown:"+string(ev.Raw()))
		}
	}
	if text.String() != "Hello" {
		t.Errorf("text %q", text.String())
	}
	want := `start:m1 delta delta unknown:{"type":"future_event","x":1} stop`
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("events %s\nwant   %s", got, want)
	}
}
