package realtest

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// anthropicExpect is what a recorded Anthropic Messages stream holds, worked
// out by the test from the bytes.
type anthropicExpect struct {
	File string
	// Types are the data types of the events the SDK must yield, in order:
	// every event a WHATWG reader dispatches except ping (skipped).
	Types []string
	// Pings is how many ping events the stream skips.
	Pings int
	// Lost is the type of the final event that is not terminated by a blank
	// line and so is never dispatched ("" when the body ends properly).
	Lost string
	// Per content block index: its type, and the joined text, partial_json
	// and thinking deltas.
	Blocks                map[int64]string
	Text, JSON, Thinking  map[int64]string
	StopReason, MessageID string
}

// expectAnthropic works out a recorded Anthropic stream's expectations.
func expectAnthropic(t *testing.T, m *manifest, rel string, body []byte) anthropicExpect {
	t.Helper()
	name := filepath.Base(rel)
	e := anthropicExpect{File: name, Blocks: map[int64]string{}, Text: map[int64]string{}, JSON: map[int64]string{}, Thinking: map[int64]string{}}
	events := referenceSSE(body)
	mb, ok := m.bodies[name]
	if !ok {
		t.Fatalf("MANIFEST does not list %s", name)
	}
	if len(events) != mb.Events {
		t.Fatalf("%s: the reference reader finds %d events, MANIFEST says %d", name, len(events), mb.Events)
	}
	ends := strings.HasSuffix(string(body), "\n\n") || strings.HasSuffix(string(body), "\r\n\r\n")
	if ends != mb.EndsWithLine {
		t.Fatalf("%s: body ends with a blank line: %v, MANIFEST says %v", name, ends, mb.EndsWithLine)
	}
	if !ends {
		// The unterminated tail is one event: find its type.
		tail := string(body)[strings.LastIndex(string(body), "\n\n")+2:]
		for _, line := range strings.Split(tail, "\n") {
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				e.Lost = v
			}
		}
		if e.Lost == "" {
			t.Fatalf("%s: no event in the unterminated tail %q", name, tail)
		}
	}
	for _, ev := range events {
		var d struct {
			Type    string `json:"type"`
			Index   int64  `json:"index"`
			Message struct {
				ID string `json:"id"`
			} `json:"message"`
			ContentBlock struct {
				Type string `json:"type"`
			} `json:"content_block"`
			Delta struct {
				Type        string `json:"type"`
				Text        string `json:"text"`
				PartialJSON string `json:"partial_json"`
				Thinking    string `json:"thinking"`
				StopReason  string `json:"stop_reason"`
			} `json:"delta"`
		}
		if err := json.Unmarshal([]byte(ev.Data), &d); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d.Type != ev.Type {
			t.Fatalf("%s: event %q carries data of type %q", name, ev.Type, d.Type)
		}
		switch d.Type {
		case "ping":
			e.Pings++
			continue
		case "error":
			t.Fatalf("%s: has an error event; the replay expects none", name)
		case "message_start":
			e.MessageID = d.Message.ID
		case "content_block_start":
			e.Blocks[d.Index] = d.ContentBlock.Type
		case "content_block_delta":
			switch d.Delta.Type {
			case "text_delta":
				e.Text[d.Index] += d.Delta.Text
			case "input_json_delta":
				e.JSON[d.Index] += d.Delta.PartialJSON
			case "thinking_delta":
				e.Thinking[d.Index] += d.Delta.Thinking
			}
		case "message_delta":
			e.StopReason = d.Delta.StopReason
		}
		e.Types = append(e.Types, d.Type)
	}
	return e
}

// TestOpenRouterAnthropicReplay generates the OpenRouter SDK from the real
// spec with testdata/real/openrouter/stainless.yml (POST /messages only, the
// Anthropic-compatible endpoint) and replays every recorded Anthropic
// Messages stream of the corpus through client.Messages.CreateStreaming.
func TestOpenRouterAnthropicReplay(t *testing.T) {
	slow(t)
	t.Parallel()
	m := readManifest(t)
	s := generateSDK(t, "openrouter-in.openapi.yaml", "openrouter/stainless.yml", "example.com/openrouter-go")
	s.writeCases(t, anthropicExpectType, "anthropicCases", "anthropicExpect", corpusFiles(t, "sse/anthropic-*.sse"), func(rel string, body []byte) string {
		e := expectAnthropic(t, m, rel, body)
		return fmt.Sprintf("{File: %q, Types: %#v, Pings: %d, Lost: %q, Blocks: %#v, Text: %#v, JSON: %#v, Thinking: %#v, StopReason: %q, MessageID: %q}",
			e.File, e.Types, e.Pings, e.Lost, e.Blocks, e.Text, e.JSON, e.Thinking, e.StopReason, e.MessageID)
	})
	s.write(t, "replay_helpers_test.go", replayHelpers)
	s.write(t, "replay_test.go", openrouterReplay)
	s.goTest(t)
}

const anthropicExpectType = `type anthropicExpect struct {
	File                  string
	Types                 []string
	Pings                 int
	Lost                  string
	Blocks                map[int64]string
	Text, JSON, Thinking  map[int64]string
	StopReason, MessageID string
}

`

const openrouterReplay = `// Test scaffolding written by sdkgen's internal/realtest; not generated SDK code.

package __PKG___test

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	sdk "__MODULE__"
	"__MODULE__/option"
)

func newClient(srv *httptest.Server) *sdk.Client {
	return sdk.NewClient(option.WithBaseURL(srv.URL+"/api/v1"), option.WithAPIKey("test-key"), option.WithMaxRetries(0))
}

// params is the request every call sends. It is empty on purpose: these
// tests replay responses; encoding params is the golden tests' job, and the
// params API (optional fields) is still moving.
func params() sdk.MessageCreateParams {
	return sdk.MessageCreateParams{}
}

// blockTypes maps a content block's type to the Go type its union's AsAny
// must give; a type the spec does not know gives nil, with Raw kept.
var blockTypes = map[string]string{
	"text":                   "AnthropicTextBlock",
	"tool_use":               "AnthropicToolUseBlock",
	"thinking":               "AnthropicThinkingBlock",
	"redacted_thinking":      "AnthropicRedactedThinkingBlock",
	"server_tool_use":        "OrAnthropicServerToolUseBlock",
	"web_search_tool_result": "AnthropicWebSearchToolResult",
	"compaction":             "AnthropicCompactionBlock",
}

// typeName is the unqualified name of v's type, "nil" for nil.
func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	s := fmt.Sprintf("%T", v)
	return s[strings.LastIndex(s, ".")+1:]
}

func TestReplayAnthropicMessageStreams(t *testing.T) {
	for _, want := range anthropicCases {
		t.Run(want.File, func(t *testing.T) {
			t.Parallel()
			body := recorded(t, want.File)
			srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
				writeBody(w, "text/event-stream; charset=utf-8", body)
			})
			stream, err := newClient(srv).Messages.CreateStreaming(testContext(t), params())
			if err != nil {
				t.Fatal(err)
			}
			defer stream.Close()
			reqs := rec.all()
			if len(reqs) != 1 || reqs[0].Path != "/api/v1/messages" || reqs[0].Header.Get("Accept") != "text/event-stream" ||
				string(jsonObject(t, reqs[0].Body)["stream"]) != "true" {
				t.Fatalf("request = %+v", reqs)
			}

			var types []string
			blocks := map[int64]string{}
			text, js, thinking := map[int64]string{}, map[int64]string{}, map[int64]string{}
			var stop, id string
			var misfiled []string
			for stream.Next() {
				e := stream.Current()
				ev := stream.Event()
				v := e.AsAny()
				// The union's variant, its As accessor and the SSE event
				// type must agree.
				name := typeName(v)
				switch v := v.(type) {
				case sdk.MessagesStartEvent:
					types = append(types, "message_start")
					id = v.Message.ID
					if m, ok := e.AsMessagesStartEvent(); !ok || m.Message.ID != v.Message.ID || v.Message.Role != "assistant" {
						t.Errorf("message_start: As = %v, message %+v", ok, v.Message)
					}
				case sdk.MessagesContentBlockStartEvent:
					types = append(types, "content_block_start")
					raw := string(v.ContentBlock.Raw())
					typ := jsonType(t, raw)
					blocks[v.Index] = typ
					got := typeName(v.ContentBlock.AsAny())
					if wantType, known := blockTypes[typ]; (known && got != wantType) || (!known && got != "nil") {
						misfiled = append(misfiled, fmt.Sprintf("%s block %.60s: AsAny gives %s, want %s", typ, raw, got, wantType))
					}
				case sdk.MessagesContentBlockDeltaEvent:
					types = append(types, "content_block_delta")
					switch d := v.Delta.AsAny().(type) {
					case sdk.MessagesContentBlockDeltaEventDeltaTextDelta:
						text[v.Index] += d.Text
					case sdk.MessagesContentBlockDeltaEventDeltaInputJSONDelta:
						js[v.Index] += d.PartialJSON
					case sdk.MessagesContentBlockDeltaEventDeltaThinkingDelta:
						thinking[v.Index] += d.Thinking
					case sdk.MessagesContentBlockDeltaEventDeltaSignatureDelta:
						if d.Signature == "" {
							t.Errorf("empty signature_delta")
						}
					case sdk.MessagesContentBlockDeltaEventDeltaCompactionDelta:
					default:
						t.Errorf("content_block_delta %s: delta AsAny gives %T", v.Delta.Raw(), d)
					}
				case sdk.MessagesContentBlockStopEvent:
					types = append(types, "content_block_stop")
				case sdk.MessagesDeltaEvent:
					types = append(types, "message_delta")
					if v.Delta.StopReason != nil {
						stop = string(*v.Delta.StopReason)
					}
				case sdk.MessagesStopEvent:
					types = append(types, "message_stop")
					if _, ok := e.AsMessagesStopEvent(); !ok {
						t.Error("AsMessagesStopEvent = false on message_stop")
					}
				case sdk.MessagesPingEvent:
					t.Errorf("ping yielded; the config skips it")
				default:
					t.Errorf("event %q %.80s: AsAny gives %s", ev.Type, e.Raw(), name)
				}
				if len(types) > 0 && types[len(types)-1] != ev.Type {
					t.Errorf("SSE event %q decoded as %s", ev.Type, name)
				}
			}
			if err := stream.Err(); err != nil {
				t.Fatalf("Err = %v after %d events, want nil (no done rule: EOF ends the stream)", err, len(types))
			}
			if !slices.Equal(types, want.Types) {
				t.Errorf("events = %q\nwant %q", types, want.Types)
			}
			if want.Lost != "" && slices.Contains(types, want.Lost) && want.Lost == types[len(types)-1] {
				t.Errorf("the unterminated final %s event was dispatched", want.Lost)
			}
			if id != want.MessageID || stop != want.StopReason {
				t.Errorf("message id %q stop_reason %q, want %q %q", id, stop, want.MessageID, want.StopReason)
			}
			if !maps.Equal(blocks, want.Blocks) || !maps.Equal(text, want.Text) || !maps.Equal(js, want.JSON) || !maps.Equal(thinking, want.Thinking) {
				t.Errorf("blocks %q text %q json %q thinking %q\nwant %q %q %q %q", blocks, text, js, thinking, want.Blocks, want.Text, want.JSON, want.Thinking)
			}
			lost := "none"
			if want.Lost != "" {
				lost = want.Lost + " (not terminated by a blank line, not dispatched)"
			}
			t.Logf("REPLAY %s: %d events decoded into their variants, %d ping(s) skipped, final event lost: %s; blocks %v; text %d bytes, tool JSON %d bytes, thinking %d bytes; stop_reason %s",
				want.File, len(types), want.Pings, lost, blocks, total(text), total(js), total(thinking), stop)
			t.Run("content_block_variants", func(t *testing.T) {
				if len(misfiled) > 0 {
					t.Errorf("content_block variants misfiled (discrimination by type must survive two variants claiming one value):\n%s", strings.Join(misfiled, "\n"))
				}
			})
		})
	}
}

// jsonType reads the type property of a JSON object.
func jsonType(t *testing.T, raw string) string {
	t.Helper()
	_, rest, ok := strings.Cut(raw, "\"type\":\"")
	if !ok {
		t.Fatalf("no type in %s", raw)
	}
	typ, _, _ := strings.Cut(rest, "\"")
	return typ
}

func total(m map[int64]string) int {
	n := 0
	for _, s := range m {
		n += len(s)
	}
	return n
}

// An Anthropic error event ends the stream with *Error carrying the
// payload's error.message and error.type.
func TestAnthropicErrorEvent(t *testing.T) {
	body := "event: message_start\n" +
		"data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n" +
		"event: ping\ndata: {\"type\": \"ping\"}\n\n" +
		"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n" +
		"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, n int) { writeBody(w, "text/event-stream", []byte(body)) })
	stream, err := newClient(srv).Messages.CreateStreaming(testContext(t), params())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	n := 0
	for stream.Next() {
		n++
	}
	var apiErr *sdk.Error
	if !errors.As(stream.Err(), &apiErr) || n != 1 {
		t.Fatalf("after %d events Err = %v, want *Error after 1", n, stream.Err())
	}
	if apiErr.Message != "Overloaded" || apiErr.Type != "overloaded_error" || apiErr.EventType != "error" || apiErr.StatusCode != 200 {
		t.Errorf("error = %+v", apiErr)
	}
	t.Logf("REPLAY anthropic error event (synthetic): %d event, ping skipped, then Err %v", n, apiErr)
}

// A [DONE] sentinel (the spec's x-speakeasy-sse-sentinel) stops the stream
// normally without reading on.
func TestAnthropicDoneSentinelBreaks(t *testing.T) {
	body := "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\ndata: [DONE]\n\ndata: {not json\n\n"
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, n int) { writeBody(w, "text/event-stream", []byte(body)) })
	stream, err := newClient(srv).Messages.CreateStreaming(testContext(t), params())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	n := 0
	for stream.Next() {
		n++
	}
	if err := stream.Err(); err != nil || n != 1 {
		t.Fatalf("after %d events Err = %v, want 1 event and nil", n, err)
	}
}

// Create is the JSON twin: no stream: true, Accept application/json.
func TestMessagesCreateJSON(t *testing.T) {
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 200, ` + "`" + `{"id":"msg_abc123","type":"message","role":"assistant","model":"anthropic/claude-sonnet-4",
			"content":[{"type":"text","text":"I'm doing well, thank you for asking!","citations":[]}],
			"stop_reason":"end_turn","stop_sequence":null,"container":null,"stop_details":null,
			"usage":{"input_tokens":12,"output_tokens":18,"cache_creation_input_tokens":null,"cache_read_input_tokens":null,"service_tier":"standard"}}` + "`" + `)
	})
	res, err := newClient(srv).Messages.Create(testContext(t), params())
	if err != nil {
		t.Fatal(err)
	}
	r := rec.all()[0]
	if s, ok := jsonObject(t, r.Body)["stream"]; ok && string(s) != "false" {
		t.Errorf("Create sent stream: %s", s)
	}
	if a := r.Header.Get("Accept"); a != "application/json" {
		t.Errorf("Accept = %q", a)
	}
	if res.ID != "msg_abc123" || len(res.Content) != 1 {
		t.Errorf("message = %+v", res)
	}
	t.Logf("REPLAY Create (JSON): message %s decoded", res.ID)
}
`
