package sdktest_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/internal/sdktest"
)

func TestServeRecordsAndGivesTheBodyBack(t *testing.T) {
	srv, rec := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		body, _ := io.ReadAll(r.Body)
		sdktest.WriteJSON(w, http.StatusCreated, map[string]any{"n": n, "body": string(body)})
	})
	resp, err := http.Post(srv.URL+"/a%2Fb?x=1&y=2", "application/json", strings.NewReader(`{"k":1}`))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("status %d content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if want := `{"body":"{\"k\":1}","n":0}` + "\n"; string(got) != want {
		t.Errorf("reply %q, want %q", got, want)
	}
	r := rec.Only(t)
	if r.Method != "POST" || r.URI != "/a%2Fb?x=1&y=2" || r.Path != "/a%2Fb" || r.RawQuery != "x=1&y=2" ||
		r.Query().Get("y") != "2" || string(r.Body) != `{"k":1}` || r.Remote == "" || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("recorded %+v", r)
	}
	if rec.Count() != 1 {
		t.Errorf("Count = %d", rec.Count())
	}
}

func TestWriteJSONSendsAStringAsItIs(t *testing.T) {
	srv, _ := sdktest.Serve(t, sdktest.ReplyJSON(http.StatusTeapot, `{"raw": true}`))
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTeapot || string(got) != `{"raw": true}` {
		t.Errorf("status %d body %q", resp.StatusCode, got)
	}
}

func TestSSEAndNDJSONWriters(t *testing.T) {
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/sse" {
			s := sdktest.StartSSE(w)
			s.Event("1", "id: a", "event: x")
			s.Raw(": comment\n\n")
			return
		}
		sdktest.StartNDJSON(w).Lines(`{"a":1}`, `{"b":2}`)
	})
	for path, want := range map[string][2]string{
		"/sse":    {"text/event-stream", "id: a\nevent: x\ndata: 1\n\n: comment\n\n"},
		"/ndjson": {"application/x-ndjson", "{\"a\":1}\n{\"b\":2}\n"},
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("Content-Type") != want[0] || string(got) != want[1] {
			t.Errorf("%s: content type %q body %q", path, resp.Header.Get("Content-Type"), got)
		}
	}
}

func TestHoldReportsTheClientGoingAway(t *testing.T) {
	went := make(chan bool, 1)
	srv, _ := sdktest.Serve(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		sdktest.StartSSE(w)
		went <- sdktest.Hold(t, r)
	})
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !sdktest.WaitFor(t, went, "the handler to see the client go") {
		t.Error("Hold = false, want true")
	}
}

// slice is a Stream over fixed items that ends with err.
type slice struct {
	items []int
	cur   int
	err   error
}

func (s *slice) Next() bool {
	if len(s.items) == 0 {
		return false
	}
	s.cur, s.items = s.items[0], s.items[1:]
	return true
}
func (s *slice) Current() int { return s.cur }
func (s *slice) Err() error   { return s.err }

func TestCollectors(t *testing.T) {
	boom := errors.New("boom")
	items, err := sdktest.Collect(t, &slice{items: []int{1, 2}, err: boom})
	if len(items) != 2 || items[0] != 1 || items[1] != 2 || err != boom {
		t.Errorf("Collect = %v, %v", items, err)
	}
	doubled, err := sdktest.CollectFunc(t, &slice{items: []int{3}}, func(v int) int { return 2 * v })
	if len(doubled) != 1 || doubled[0] != 6 || err != nil {
		t.Errorf("CollectFunc = %v, %v", doubled, err)
	}
	s := &slice{items: []int{1}}
	if !sdktest.Next(t, s) || sdktest.Next(t, s) {
		t.Error("Next should report one item, then the end")
	}
	if got := sdktest.Run(t, "f", func() string { return "ok" }); got != "ok" {
		t.Errorf("Run = %q", got)
	}
}
