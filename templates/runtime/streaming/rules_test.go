package streaming

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sdkgen/sdkgen/templates/runtime/internal/apierror"
)

type msg struct {
	A    int    `json:"a"`
	Type string `json:"type"`
}

// trackingBody records how far it was read and whether it was closed. After
// a done event the body is drained and closed by a background goroutine, so
// it is safe for concurrent use and waitClosed waits for the close.
type trackingBody struct {
	mu     sync.Mutex
	r      io.Reader
	read   int
	closed bool
	done   chan struct{}
}

func (b *trackingBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, errors.New("read on closed body")
	}
	n, err := b.r.Read(p)
	b.read += n
	return n, err
}

func (b *trackingBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.closed = true
		close(b.done)
	}
	return nil
}

// waitClosed waits (at most 5s) for the body to be closed and reports
// whether it was, and how much of it was read.
func (b *trackingBody) waitClosed() (closed bool, read int) {
	select {
	case <-b.done:
	case <-time.After(5 * time.Second):
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closed, b.read
}

// closedNow reports whether the body is closed already (no waiting).
func closedNow(b *trackingBody) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closed
}

func fakeResponse(body string) (*http.Response, *trackingBody) {
	tb := &trackingBody{r: strings.NewReader(body), done: make(chan struct{})}
	h := http.Header{}
	h.Set("X-Request-Id", "req_123")
	req, _ := http.NewRequest("POST", "https://api.example.com/v1/chat", nil)
	return &http.Response{StatusCode: 200, Header: h, Body: tb, Request: req}, tb
}

// run reads a stream to its end and returns the yielded values and Err.
func run[T any](t *testing.T, body string, cfg Config) ([]T, *trackingBody, error) {
	t.Helper()
	resp, tb := fakeResponse(body)
	s := NewStream[T](context.Background(), resp, cfg)
	var got []T
	for s.Next() {
		got = append(got, s.Current())
	}
	err := s.Err()
	if closed, _ := tb.waitClosed(); !closed {
		t.Errorf("body not closed after the stream ended")
	}
	if s.Next() {
		t.Errorf("Next after the end returned true")
	}
	if cerr := s.Close(); cerr != nil || s.Close() != nil {
		t.Errorf("Close after end: %v", cerr)
	}
	return got, tb, err
}

// TestRules covers every matcher with every action, first-match-wins, the
// yield-when-nothing-matches default and the default table.
func TestRules(t *testing.T) {
	const body = "data: {\"a\":1}\n\n" +
		"event: ping\ndata: {}\n\n" +
		"event: tick\ndata: {\"a\":2}\n\n" +
		"data: [DONE] x\n\n" +
		"event: other\ndata: {\"a\":3}\n\n"
	type tc struct {
		name  string
		rules []Rule
		want  []msg
		err   string // substring; "" = nil
		eof   bool   // errors.Is(err, io.ErrUnexpectedEOF)
	}
	doneRule := Rule{DataPrefix: "[DONE]", HasDataPrefix: true, Action: Done}
	cases := []tc{
		{"default rules", nil, []msg{{A: 1}, {}, {A: 2}}, "", false},
		{"event type continue", []Rule{{EventTypes: []string{"ping"}, Action: Continue}, doneRule}, []msg{{A: 1}, {A: 2}}, "", false},
		{"event type list", []Rule{{EventTypes: []string{"ping", "tick"}, Action: Continue}, doneRule}, []msg{{A: 1}}, "", false},
		{"event type break", []Rule{{EventTypes: []string{"tick"}, Action: Break}}, []msg{{A: 1}, {}}, "", false},
		{"event type done", []Rule{{EventTypes: []string{"tick"}, Action: Done}}, []msg{{A: 1}, {}}, "", false},
		{"event type error", []Rule{{EventTypes: []string{"tick"}, Action: Error}}, []msg{{A: 1}, {}}, "(stream event \"tick\")", false},
		{"event type yield", []Rule{{EventTypes: []string{"tick"}, Action: Yield}, {Fallthrough: true, Action: Continue}}, []msg{{A: 2}}, "", false},
		{"no event type continue", []Rule{{NoEventType: true, Action: Continue}}, []msg{{}, {A: 2}, {A: 3}}, "", false},
		{"no event type done", []Rule{{NoEventType: true, Action: Done}}, nil, "", false},
		{"no event type break", []Rule{{NoEventType: true, Action: Break}}, nil, "", false},
		{"no event type error", []Rule{{NoEventType: true, Action: Error}}, nil, `200 OK: {"a":1}`, false},
		{"no event type or ping", []Rule{{NoEventType: true, EventTypes: []string{"ping"}, Action: Continue}}, []msg{{A: 2}, {A: 3}}, "", false},
		{"data prefix done", []Rule{doneRule}, []msg{{A: 1}, {}, {A: 2}}, "", false},
		{"data prefix continue", []Rule{{HasDataPrefix: true, DataPrefix: "[DONE]", Action: Continue}}, []msg{{A: 1}, {}, {A: 2}, {A: 3}}, "", false},
		{"data prefix break", []Rule{{HasDataPrefix: true, DataPrefix: "{\"a\":2", Action: Break}}, []msg{{A: 1}, {}}, "", false},
		{"data prefix error", []Rule{{HasDataPrefix: true, DataPrefix: "[DONE]", Action: Error}}, []msg{{A: 1}, {}, {A: 2}}, "[DONE] x", false},
		{"data prefix yield (invalid JSON)", []Rule{{HasDataPrefix: true, DataPrefix: "[DONE]", Action: Yield}}, []msg{{A: 1}, {}, {A: 2}}, `cannot decode event data "[DONE] x"`, false},
		{"empty prefix matches all", []Rule{{HasDataPrefix: true, DataPrefix: "", Action: Continue}}, nil, "", false},
		{"type and prefix both must match", []Rule{{EventTypes: []string{"tick"}, HasDataPrefix: true, DataPrefix: "{\"a\":3", Action: Continue}, {EventTypes: []string{"other"}, HasDataPrefix: true, DataPrefix: "{\"a\":3", Action: Continue}, doneRule}, []msg{{A: 1}, {}, {A: 2}}, "", false},
		{"first match wins", []Rule{{EventTypes: []string{"ping"}, Action: Yield}, {EventTypes: []string{"ping"}, Action: Error}, doneRule}, []msg{{A: 1}, {}, {A: 2}}, "", false},
		{"fallthrough continue", []Rule{doneRule, {Fallthrough: true, Action: Continue}}, nil, "", false},
		{"fallthrough done", []Rule{{Fallthrough: true, Action: Done}}, nil, "", false},
		{"rule without condition matches all", []Rule{{Action: Break}}, nil, "", false},
		{"unmatched events are yielded", []Rule{{EventTypes: []string{"nothing"}, Action: Continue}, doneRule}, []msg{{A: 1}, {}, {A: 2}}, "", false},
		{"done rule never fires: truncated", []Rule{{EventTypes: []string{"never"}, Action: Done}, {HasDataPrefix: true, DataPrefix: "[DONE]", Action: Continue}}, []msg{{A: 1}, {}, {A: 2}, {A: 3}}, "ended before its done event", true},
		{"no done rule: EOF is a normal end", []Rule{{HasDataPrefix: true, DataPrefix: "[DONE]", Action: Continue}}, []msg{{A: 1}, {}, {A: 2}, {A: 3}}, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, err := run[msg](t, body, Config{Rules: c.rules})
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v want %+v", got, c.want)
			}
			if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
				t.Errorf("err = %v, want %q", err, c.err)
			}
			if errors.Is(err, io.ErrUnexpectedEOF) != c.eof {
				t.Errorf("errors.Is(err, io.ErrUnexpectedEOF) = %v", !c.eof)
			}
		})
	}
}

// TestTruncation: with an explicit table holding a done rule, EOF before it
// is a truncation; the default table (Rules nil) does not make EOF an error,
// since many APIs never send [DONE].
func TestTruncation(t *testing.T) {
	body := "data: {\"a\":1}\n\ndata: {\"a\":2}\n\ndata: {\"a\":3" // cut inside the last event
	got, _, err := run[msg](t, body, Config{})
	if err != nil || len(got) != 2 {
		t.Fatalf("default rules: %v %v", got, err)
	}
	got, _, err = run[msg](t, body, Config{Rules: DefaultRules()})
	if !errors.Is(err, io.ErrUnexpectedEOF) || len(got) != 2 {
		t.Fatalf("explicit done rule: %v %v", got, err)
	}
	got, _, err = run[msg](t, body+"}\n\ndata: [DONE]\n\n", Config{Rules: DefaultRules()})
	if err != nil || len(got) != 3 {
		t.Fatalf("done seen: %v %v", got, err)
	}
}

// TestBreakReadsNoMore checks that break closes at once and done drains.
func TestBreakReadsNoMore(t *testing.T) {
	tail := strings.Repeat("data: {\"a\":9}\n\n", 10000)
	_, tb, err := run[msg](t, "data: stop\n\n"+tail, Config{Rules: []Rule{{HasDataPrefix: true, DataPrefix: "stop", Action: Break}}})
	_, read := tb.waitClosed()
	if err != nil || read > 32<<10 {
		t.Fatalf("break: err %v, read %d bytes", err, read)
	}
	_, tb, err = run[msg](t, "data: [DONE]\n\n"+tail, Config{})
	_, read = tb.waitClosed()
	if err != nil || read != len("data: [DONE]\n\n"+tail) {
		t.Fatalf("done: err %v, drained %d bytes", err, read)
	}
	big := strings.Repeat("x", 1<<20)
	_, tb, err = run[msg](t, "data: [DONE]\n\n"+big, Config{})
	_, read = tb.waitClosed()
	if err != nil || read > DefaultDrainLimit+64<<10 {
		t.Fatalf("done: err %v, drained %d bytes past the limit", err, read)
	}
}

// TestErrorEvent checks the *apierror.Error built from an error event:
// message from error.message, message or the raw data; event, body, status
// and request ID kept.
func TestErrorEvent(t *testing.T) {
	for _, c := range []struct{ data, msg, code, typ string }{
		{`{"error":{"message":"overloaded","type":"overloaded_error","code":"529"}}`, "overloaded", "529", "overloaded_error"},
		{`{"message":"bad things"}`, "bad things", "", ""},
		{`{"error":"plain"}`, "plain", "", ""},
		{`not json at all`, "not json at all", "", ""},
	} {
		_, _, err := run[msg](t, "data: {\"a\":1}\n\nid: ev-7\nevent: error\ndata: "+c.data+"\n\ndata: {\"a\":2}\n\n", Config{})
		var apiErr *apierror.Error
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v, want *apierror.Error", err)
		}
		if apiErr.Message != c.msg || apiErr.Code != c.code || apiErr.Type != c.typ || apiErr.StatusCode != 200 ||
			apiErr.RequestID != "req_123" || apiErr.EventType != "error" || apiErr.EventID != "ev-7" || string(apiErr.Body) != c.data {
			t.Errorf("%s: got %+v", c.data, apiErr)
		}
		if !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), "req_123") {
			t.Errorf("message %q", err)
		}
	}
	// Request-Id is the fallback header.
	resp, _ := fakeResponse("event: error\ndata: {\"message\":\"x\"}\n\n")
	resp.Header = http.Header{"Request-Id": {"r-2"}}
	s := NewStream[msg](context.Background(), resp, Config{})
	var apiErr *apierror.Error
	if s.Next() || !errors.As(s.Err(), &apiErr) || apiErr.RequestID != "r-2" {
		t.Fatalf("Request-Id fallback: %v", s.Err())
	}
}

// TestErrorProperty: present and not null ends the stream with an error
// built from that value; null or absent is yielded.
func TestErrorProperty(t *testing.T) {
	rules := []Rule{{Fallthrough: true, Action: Yield, ErrorProperty: "error"}}
	got, _, err := run[msg](t, "data: {\"a\":1,\"error\":null}\n\ndata: {\"a\":2}\n\ndata: {\"a\":3,\"error\":{\"message\":\"quota\",\"type\":\"rate_limit\"}}\n\ndata: {\"a\":4}\n\n", Config{Rules: rules})
	if !reflect.DeepEqual(got, []msg{{A: 1}, {A: 2}}) {
		t.Fatalf("got %v", got)
	}
	var apiErr *apierror.Error
	if !errors.As(err, &apiErr) || apiErr.Message != "quota" || apiErr.Type != "rate_limit" || !strings.Contains(string(apiErr.Body), `"a":3`) {
		t.Fatalf("err = %#v", err)
	}
	// A string value, and NDJSON (the ollama mid-stream error object).
	_, _, err = run[msg](t, "{\"a\":1}\n{\"error\":\"model not found\"}\n", Config{Format: NDJSON, Rules: rules})
	if !errors.As(err, &apiErr) || apiErr.Message != "model not found" {
		t.Fatalf("NDJSON err = %v", err)
	}
	// Without ErrorProperty the object is yielded as data.
	got, _, err = run[msg](t, "{\"a\":1,\"error\":\"x\"}\n", Config{Format: NDJSON})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %v %v", got, err)
	}
}

// TestYieldDetails: empty and white-space data are skipped, invalid JSON
// quotes the data's start, each Current is a fresh value.
func TestYieldDetails(t *testing.T) {
	got, _, err := run[map[string]any](t, "data:\n\ndata:  \n\ndata: {\"a\":1}\n\ndata: {\"b\":2}\n\n", Config{})
	if err != nil || !reflect.DeepEqual(got, []map[string]any{{"a": 1.0}, {"b": 2.0}}) {
		t.Fatalf("got %v %v", got, err)
	}
	_, _, err = run[msg](t, "data: {\"a\":1\ndata: oops "+strings.Repeat("z", 200)+"\n\n", Config{})
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), `"{\"a\":1\noops zzz`) || len(err.Error()) > 300 {
		t.Fatalf("err = %v", err)
	}
}

// TestEventTypeProperty: for NDJSON and JSON-seq the property plays the
// role of the SSE event type (seed 002: ping and keepalive skipped).
func TestEventTypeProperty(t *testing.T) {
	rules := []Rule{{EventTypes: []string{"ping", "keepalive"}, Action: Continue}, {EventTypes: []string{"message_stop"}, Action: Done}, {Fallthrough: true, Action: Yield}}
	body := `{"type":"message_start","a":1}` + "\n" + `{"a":0,"type":"ping"}` + "\n" + `{"type":"keep\u0061live"}` + "\n" + `{"nested":{"type":"ping"},"type":"message_delta","a":2}` + "\n" + `{"type":"message_stop"}` + "\n" + `{"type":"late","a":9}` + "\n"
	for _, f := range []Format{NDJSON, JSONSeq} {
		b := body
		if f == JSONSeq {
			b = "\x1e" + strings.ReplaceAll(body, "\n", "\n\x1e")
		}
		resp, _ := fakeResponse(b)
		s := NewStream[msg](context.Background(), resp, Config{Format: f, Rules: rules, EventTypeProperty: "type"})
		var types []string
		for s.Next() {
			types = append(types, s.Event().Type+":"+s.Current().Type)
		}
		if s.Err() != nil || !reflect.DeepEqual(types, []string{"message_start:message_start", "message_delta:message_delta"}) {
			t.Errorf("%v: %v %v", f, types, s.Err())
		}
	}
	// Truncation applies to NDJSON too.
	_, _, err := run[msg](t, `{"type":"message_start"}`+"\n", Config{Format: NDJSON, Rules: rules, EventTypeProperty: "type"})
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v", err)
	}
}

type envelope struct {
	ID    string         `json:"id"`
	Event string         `json:"event"`
	Data  map[string]any `json:"data"`
	Retry int            `json:"retry"`
}

type textEnvelope struct {
	ID    string `json:"id"`
	Event string `json:"event"`
	Data  string `json:"data"`
}

// TestEnvelope: T is built from the SSE fields (seed 000/001).
func TestEnvelope(t *testing.T) {
	got, _, err := run[envelope](t, "id: 1\nevent: delta\nretry: 5\ndata: {\"delta\":\"he\\\"y\",\"json_path\":\"$.a\"}\n\ndata: {}\n\n", Config{Envelope: true})
	want := []envelope{{ID: "1", Event: "delta", Retry: 5, Data: map[string]any{"delta": "he\"y", "json_path": "$.a"}}, {ID: "1", Data: map[string]any{}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v %v", got, err)
	}
	text, _, err := run[textEnvelope](t, "event: t\"q\ndata: plain \"text\"\x01\ndata: line2\n\n", Config{Envelope: true})
	if err != nil || len(text) != 1 || text[0].Data != "plain \"text\"\x01\nline2" || text[0].Event != "t\"q" {
		t.Fatalf("got %+v %v", text, err)
	}
}

type fastMsg struct {
	Raw   string
	calls int
}

func (m *fastMsg) UnmarshalStreamJSON(b []byte) error {
	if m.calls != 0 || m.Raw != "" {
		return errors.New("not called on a zero value")
	}
	m.calls++
	m.Raw = string(b)
	return nil
}

// TestStreamUnmarshaler: the fast-path hook replaces encoding/json.
func TestStreamUnmarshaler(t *testing.T) {
	got, _, err := run[fastMsg](t, "data: {\"x\": 1}\n\ndata: [1]\n\n", Config{})
	if err != nil || len(got) != 2 || got[0].Raw != `{"x": 1}` || got[1].Raw != "[1]" {
		t.Fatalf("got %+v %v", got, err)
	}
}

// TestAll: the iterator yields values, then the error once; breaking out
// closes the stream.
func TestAll(t *testing.T) {
	resp, tb := fakeResponse("data: {\"a\":1}\n\ndata: {\"a\":2}\n\nevent: error\ndata: {\"message\":\"boom\"}\n\n")
	s := NewStream[msg](context.Background(), resp, Config{})
	var got []int
	var errs []error
	for v, err := range s.All() {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v.A)
	}
	if !reflect.DeepEqual(got, []int{1, 2}) || len(errs) != 1 || !strings.Contains(errs[0].Error(), "boom") || !closedNow(tb) {
		t.Fatalf("got %v %v closed=%v", got, errs, closedNow(tb))
	}
	resp, tb = fakeResponse("data: {\"a\":1}\n\ndata: {\"a\":2}\n\n")
	s = NewStream[msg](context.Background(), resp, Config{})
	for range s.All() {
		break
	}
	if !closedNow(tb) || s.Next() {
		t.Fatal("breaking out of All did not close the stream")
	}
}

func TestDefaultRulesAndStrings(t *testing.T) {
	r := DefaultRules()
	if len(r) != 3 || r[0].Action != Done || r[1].Action != Error || r[2].Action != Yield || !r[2].Fallthrough {
		t.Fatalf("%+v", r)
	}
	r[0].DataPrefix = "changed" // each call returns a fresh table
	if DefaultRules()[0].DataPrefix != "[DONE]" {
		t.Fatal("DefaultRules shares its slice")
	}
	for a, s := range map[Action]string{Yield: "yield", Done: "done", Error: "error", Break: "break", Continue: "continue", 9: "Action(9)"} {
		if a.String() != s {
			t.Errorf("%d: %s", a, a)
		}
	}
	for f, s := range map[Format]string{SSE: "SSE", NDJSON: "NDJSON", JSONSeq: "JSON-seq", 7: "Format(7)"} {
		if f.String() != s {
			t.Errorf("%d: %s", f, f)
		}
	}
}
