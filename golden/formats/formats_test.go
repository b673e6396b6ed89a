package formats_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/golden/formats"
	"github.com/sdkgen/sdkgen/golden/formats/option"
)

// server answers in the first format the Accept header names.
func server(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		accept := r.Header.Get("Accept")
		first := strings.TrimSpace(strings.Split(accept, ",")[0])
		w.Header().Set("Content-Type", first)
		for n := 1; n <= 3; n++ {
			switch first {
			case "text/event-stream":
				fmt.Fprintf(w, "event: tick\nid: %d\ndata: {\"n\":%d}\n\n", n, n)
			case "application/jsonl":
				fmt.Fprintf(w, "{\"n\":%d}\n", n)
			case "application/json-seq":
				fmt.Fprintf(w, "\x1e{\"n\":%d}\n", n)
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestEveryOfferedFormatDecodes(t *testing.T) {
	srv := server(t)
	client := formats.NewClient(option.WithBaseURL(srv.URL), option.WithMaxReconnects(0))
	for _, accept := range []string{"", "application/jsonl", "application/json-seq"} {
		t.Run("accept "+accept, func(t *testing.T) {
			var opts []option.RequestOption
			if accept != "" {
				opts = append(opts, option.WithHeader("Accept", accept))
			}
			stream, err := client.Ticks.StreamTicks(context.Background(), opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer stream.Close()
			var got []int64
			for ev, err := range stream.All() {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, ev.Data.N)
			}
			if fmt.Sprint(got) != "[1 2 3]" {
				t.Fatalf("ticks %v", got)
			}
		})
	}
}
