package realtest

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/sdkgen/sdkgen/internal/config"
	"github.com/sdkgen/sdkgen/internal/ir"
	"github.com/sdkgen/sdkgen/internal/openapi"
)

// chatExpect is what a recorded chat.completions stream holds, worked out
// by the test from the bytes (referenceSSE and encoding/json into its own
// types), for the replay to compare with what the SDK decodes.
type chatExpect struct {
	File string
	// Events is the number of chunks: MANIFEST's event count minus [DONE].
	Events int
	// Per choice index: the joined delta contents and refusals, the finish
	// reason, and the number of content and refusal logprob entries.
	Content, Refusal, Finish map[int64]string
	ContentLogprobs          map[int64]int
	RefusalLogprobs          map[int64]int
	// Per "choice/tool index": the joined function arguments and the name.
	ToolArgs, ToolNames map[string]string
	// TotalTokens is usage.total_tokens of the chunk that carries usage.
	TotalTokens int64
}

// refChunk is the test's own reading of a chat.completion.chunk.
type refChunk struct {
	Object  string `json:"object"`
	Choices []struct {
		Index int64 `json:"index"`
		Delta struct {
			Content   *string `json:"content"`
			Refusal   *string `json:"refusal"`
			ToolCalls []struct {
				Index    int64 `json:"index"`
				Function struct {
					Name      string `json:"name"`
					Arguments string `json:"arguments"`
				} `json:"function"`
			} `json:"tool_calls"`
		} `json:"delta"`
		FinishReason *string `json:"finish_reason"`
		Logprobs     *struct {
			Content []json.RawMessage `json:"content"`
			Refusal []json.RawMessage `json:"refusal"`
		} `json:"logprobs"`
	} `json:"choices"`
	Usage *struct {
		TotalTokens int64 `json:"total_tokens"`
	} `json:"usage"`
}

// expectChat works out a recorded chat stream's expectations.
func expectChat(t *testing.T, m *manifest, rel string, body []byte) chatExpect {
	t.Helper()
	name := filepath.Base(rel)
	e := chatExpect{
		File: name, Content: map[int64]string{}, Refusal: map[int64]string{}, Finish: map[int64]string{},
		ContentLogprobs: map[int64]int{}, RefusalLogprobs: map[int64]int{},
		ToolArgs: map[string]string{}, ToolNames: map[string]string{},
	}
	events := referenceSSE(body)
	mb, ok := m.bodies[name]
	if !ok {
		t.Fatalf("MANIFEST does not list %s", name)
	}
	if len(events) != mb.Events {
		t.Fatalf("%s: the reference reader finds %d events, MANIFEST says %d", name, len(events), mb.Events)
	}
	if last := events[len(events)-1]; last.Data != "[DONE]" {
		t.Fatalf("%s: last event is %q, want [DONE]", name, last.Data)
	}
	e.Events = mb.Events - 1
	for _, ev := range events[:len(events)-1] {
		var c refChunk
		if err := json.Unmarshal([]byte(ev.Data), &c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, ch := range c.Choices {
			if ch.Delta.Content != nil {
				e.Content[ch.Index] += *ch.Delta.Content
			}
			if ch.Delta.Refusal != nil {
				e.Refusal[ch.Index] += *ch.Delta.Refusal
			}
			for _, tc := range ch.Delta.ToolCalls {
				key := fmt.Sprintf("%d/%d", ch.Index, tc.Index)
				e.ToolArgs[key] += tc.Function.Arguments
				if tc.Function.Name != "" {
					e.ToolNames[key] = tc.Function.Name
				}
			}
			if ch.FinishReason != nil {
				e.Finish[ch.Index] = *ch.FinishReason
			}
			if ch.Logprobs != nil {
				e.ContentLogprobs[ch.Index] += len(ch.Logprobs.Content)
				e.RefusalLogprobs[ch.Index] += len(ch.Logprobs.Refusal)
			}
		}
		if c.Usage != nil {
			e.TotalTokens = c.Usage.TotalTokens
		}
	}
	text := 0
	for _, s := range e.Content {
		text += len(s)
	}
	for _, s := range e.Refusal {
		text += len(s)
	}
	for _, s := range e.ToolArgs {
		text += len(s)
	}
	if text == 0 {
		t.Fatalf("%s: no content, refusal or tool arguments: the replay would prove little", name)
	}
	return e
}

// TestOpenAIReplay generates the OpenAI SDK from the real spec with
// testdata/real/openai/stainless.yml and replays every recorded
// chat.completions stream of the corpus through
// client.Chat.Completions.CreateStreaming, plus the JSON twin, a legacy
// completions stream and a Responses API event stream.
func TestOpenAIReplay(t *testing.T) {
	slow(t)
	t.Parallel()
	m := readManifest(t)
	s := generateSDK(t, "openai-openapi.yaml", "openai/stainless.yml", "example.com/openai-go")
	s.writeCases(t, chatExpectType, "chatCases", "chatExpect", corpusFiles(t, "sse/openai-python-chat-*.sse"), func(rel string, body []byte) string {
		e := expectChat(t, m, rel, body)
		return fmt.Sprintf("{File: %q, Events: %d, Content: %#v, Refusal: %#v, Finish: %#v, ContentLogprobs: %#v, RefusalLogprobs: %#v, ToolArgs: %#v, ToolNames: %#v, TotalTokens: %d}",
			e.File, e.Events, e.Content, e.Refusal, e.Finish, e.ContentLogprobs, e.RefusalLogprobs, e.ToolArgs, e.ToolNames, e.TotalTokens)
	})
	s.write(t, "replay_helpers_test.go", replayHelpers)
	s.write(t, "replay_test.go", openaiReplay)
	s.write(t, "decode_internal_test.go", decodeCheck)
	s.goTest(t)
}

// chatExpectType declares chatExpect in the generated SDK's test package.
const chatExpectType = `type chatExpect struct {
	File                       string
	Events                     int
	Content, Refusal, Finish   map[int64]string
	ContentLogprobs            map[int64]int
	RefusalLogprobs            map[int64]int
	ToolArgs, ToolNames        map[string]string
	TotalTokens                int64
}

`

const openaiReplay = `// Test scaffolding written by sdkgen's internal/realtest; not generated SDK code.

package __PKG___test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	return sdk.NewClient(option.WithBaseURL(srv.URL+"/v1"), option.WithAPIKey("test-key"), option.WithMaxRetries(0))
}

// chatParams is the request every call sends. It is empty on purpose: these
// tests replay responses; encoding params is the golden tests' job, and the
// params API (optional fields) is still moving.
func chatParams() sdk.ChatCompletionCreateParams {
	return sdk.ChatCompletionCreateParams{}
}

// checkRequest checks the one request a call sent.
func checkRequest(t *testing.T, rec *recorder, path, accept string, stream bool) {
	t.Helper()
	reqs := rec.all()
	if len(reqs) != 1 {
		t.Fatalf("server received %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != "POST" || r.Path != path {
		t.Errorf("request = %s %s, want POST %s", r.Method, r.Path, path)
	}
	if got := r.Header.Get("Accept"); got != accept {
		t.Errorf("Accept = %q, want %q", got, accept)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer test-key" {
		t.Errorf("Authorization = %q", got)
	}
	body := jsonObject(t, r.Body)
	switch s, ok := body["stream"]; {
	case stream && string(s) != "true":
		t.Errorf("streaming call sent stream: %s (present %v), want true; body %s", s, ok, r.Body)
	case !stream && ok && string(s) != "false":
		t.Errorf("JSON call sent stream: %s, want it left out or false", s)
	}
}

// noteExtras records JSON properties a generated type has no field for.
func noteExtras(seen map[string]bool, where string, extra map[string][]byte) {
	for k := range extra {
		seen[where+"."+k] = true
	}
}

func TestReplayChatCompletionStreams(t *testing.T) {
	for _, want := range chatCases {
		t.Run(want.File, func(t *testing.T) {
			t.Parallel()
			body := recorded(t, want.File)
			srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
				writeBody(w, "text/event-stream; charset=utf-8", body)
			})
			stream, err := newClient(srv).Chat.Completions.CreateStreaming(testContext(t), chatParams())
			if err != nil {
				t.Fatal(err)
			}
			defer stream.Close()
			checkRequest(t, rec, "/v1/chat/completions", "text/event-stream", true)

			got := chatExpect{
				Content: map[int64]string{}, Refusal: map[int64]string{}, Finish: map[int64]string{},
				ContentLogprobs: map[int64]int{}, RefusalLogprobs: map[int64]int{},
				ToolArgs: map[string]string{}, ToolNames: map[string]string{},
			}
			extras := map[string]bool{}
			ids := map[string]bool{}
			for stream.Next() {
				c := stream.Current()
				got.Events++
				ids[c.ID] = true
				if c.Object != sdk.ChatCompletionChunkObjectChatCompletionChunk || c.ID == "" || c.Model == "" || c.Created == 0 {
					t.Errorf("chunk %d: object %q id %q model %q created %d", got.Events, c.Object, c.ID, c.Model, c.Created)
				}
				if ev := stream.Event(); ev.Type != "" || !strings.HasPrefix(string(ev.Data), "{") {
					t.Errorf("chunk %d: envelope type %q data %.40q", got.Events, ev.Type, ev.Data)
				}
				noteExtras(extras, "chunk", raw(c.ExtraFields()))
				for _, ch := range c.Choices {
					noteExtras(extras, "choice", raw(ch.ExtraFields()))
					noteExtras(extras, "delta", raw(ch.Delta.ExtraFields()))
					if ch.Delta.Content != nil {
						got.Content[ch.Index] += *ch.Delta.Content
					}
					if ch.Delta.Refusal != nil {
						got.Refusal[ch.Index] += *ch.Delta.Refusal
					}
					for _, tc := range ch.Delta.ToolCalls {
						noteExtras(extras, "tool_call", raw(tc.ExtraFields()))
						key := fmt.Sprintf("%d/%d", ch.Index, tc.Index)
						got.ToolArgs[key] += tc.Function.Arguments
						if tc.Function.Name != "" {
							got.ToolNames[key] = tc.Function.Name
						}
					}
					if ch.FinishReason != nil {
						got.Finish[ch.Index] = string(*ch.FinishReason)
					}
					if ch.Logprobs != nil {
						got.ContentLogprobs[ch.Index] += len(ch.Logprobs.Content)
						got.RefusalLogprobs[ch.Index] += len(ch.Logprobs.Refusal)
						for _, lp := range ch.Logprobs.Content {
							if lp.Token == "" && len(lp.Bytes) == 0 {
								t.Errorf("chunk %d: empty logprob entry %+v", got.Events, lp)
							}
						}
					}
				}
				if c.Usage.TotalTokens != 0 {
					got.TotalTokens = c.Usage.TotalTokens
				}
			}
			if err := stream.Err(); err != nil {
				t.Fatalf("Err = %v after %d chunks, want nil at [DONE]", err, got.Events)
			}
			if got.Events != want.Events {
				t.Errorf("decoded %d chunks, the recording has %d (MANIFEST's events minus [DONE])", got.Events, want.Events)
			}
			if len(ids) != 1 {
				t.Errorf("chunk ids = %v, want one id for the whole stream", slices.Sorted(maps.Keys(ids)))
			}
			for _, c := range []struct {
				what      string
				got, want map[int64]string
			}{{"content", got.Content, want.Content}, {"refusal", got.Refusal, want.Refusal}, {"finish_reason", got.Finish, want.Finish}} {
				if !maps.Equal(c.got, c.want) {
					t.Errorf("%s per choice = %q, want %q", c.what, c.got, c.want)
				}
			}
			if !maps.Equal(got.ToolArgs, want.ToolArgs) || !maps.Equal(got.ToolNames, want.ToolNames) {
				t.Errorf("tool calls = %q %q, want %q %q", got.ToolNames, got.ToolArgs, want.ToolNames, want.ToolArgs)
			}
			if !maps.Equal(got.ContentLogprobs, want.ContentLogprobs) || !maps.Equal(got.RefusalLogprobs, want.RefusalLogprobs) {
				t.Errorf("logprobs per choice = content %v refusal %v, want %v %v", got.ContentLogprobs, got.RefusalLogprobs, want.ContentLogprobs, want.RefusalLogprobs)
			}
			if got.TotalTokens != want.TotalTokens {
				t.Errorf("usage.total_tokens = %d, want %d", got.TotalTokens, want.TotalTokens)
			}
			text, args, refusal := 0, 0, 0
			for _, s := range got.Content {
				text += len(s)
			}
			for _, s := range got.ToolArgs {
				args += len(s)
			}
			for _, s := range got.Refusal {
				refusal += len(s)
			}
			t.Logf("REPLAY %s: %d chunks decoded (Err nil at [DONE]); %d choice(s); content %d bytes, tool arguments %d bytes in %d call(s), refusal %d bytes; finish %v; usage.total_tokens %d; properties without a field: %v",
				want.File, got.Events, max(len(got.Finish), 1), text, args, len(got.ToolArgs), refusal, got.Finish, got.TotalTokens, slices.Sorted(maps.Keys(extras)))
		})
	}
}

// The config's rules have a done rule ([DONE]), so a recorded stream cut
// just before its [DONE] must end with a truncation error, never look
// complete.
func TestReplayChatCompletionStreamsTruncated(t *testing.T) {
	for _, want := range chatCases {
		t.Run(want.File, func(t *testing.T) {
			t.Parallel()
			body := string(recorded(t, want.File))
			cut := strings.LastIndex(body, "data: [DONE]")
			if cut < 0 {
				t.Fatal("no [DONE] in the recording")
			}
			srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
				writeBody(w, "text/event-stream", []byte(body[:cut]))
			})
			stream, err := newClient(srv).Chat.Completions.CreateStreaming(testContext(t), chatParams())
			if err != nil {
				t.Fatal(err)
			}
			defer stream.Close()
			n := 0
			for stream.Next() {
				n++
			}
			if err := stream.Err(); !errors.Is(err, io.ErrUnexpectedEOF) || n != want.Events {
				t.Fatalf("after %d chunks Err = %v, want all %d chunks and io.ErrUnexpectedEOF", n, err, want.Events)
			}
		})
	}
}

// raw turns ExtraFields' map into a plain one, whatever its value type.
func raw[V ~[]byte](m map[string]V) map[string][]byte {
	out := make(map[string][]byte, len(m))
	for k, v := range m {
		out[k] = []byte(v)
	}
	return out
}

// Create is the JSON twin: Accept application/json, no stream: true, and
// the completion decoded.
func TestChatCompletionCreateJSON(t *testing.T) {
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 200, ` + "`" + `{"id":"chatcmpl-1","object":"chat.completion","created":1727346180,"model":"gpt-4o-2024-08-06",
			"choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
			"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5},"service_tier":"default","system_fingerprint":"fp_1"}` + "`" + `)
	})
	res, err := newClient(srv).Chat.Completions.Create(testContext(t), chatParams())
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, rec, "/v1/chat/completions", "application/json", false)
	if res.ID != "chatcmpl-1" || len(res.Choices) != 1 || res.Choices[0].Message.Content == nil ||
		*res.Choices[0].Message.Content != "Hello!" || res.Choices[0].FinishReason != "stop" || res.Usage.TotalTokens != 5 {
		t.Errorf("completion = %+v", res)
	}
	t.Logf("REPLAY Create (JSON): chat.completion decoded, content %q", *res.Choices[0].Message.Content)
}

// The legacy completions endpoint streams chunks shaped like its JSON
// response, ended by [DONE]; the config adds the streaming twin.
func TestCompletionsStreaming(t *testing.T) {
	body := "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1700000000,\"model\":\"gpt-3.5-turbo-instruct\",\"choices\":[{\"text\":\"Hel\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}\n\n" +
		"data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1700000000,\"model\":\"gpt-3.5-turbo-instruct\",\"choices\":[{\"text\":\"lo\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n" +
		"data: [DONE]\n\n"
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeBody(w, "text/event-stream", []byte(body))
	})
	stream, err := newClient(srv).Completions.CreateStreaming(testContext(t), sdk.CompletionCreateParams{})
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	checkRequest(t, rec, "/v1/completions", "text/event-stream", true)
	var text string
	var finish string
	n := 0
	for stream.Next() {
		n++
		for _, c := range stream.Current().Choices {
			text += c.Text
			finish = string(c.FinishReason)
		}
	}
	if err := stream.Err(); err != nil || n != 2 || text != "Hello" || finish != "stop" {
		t.Errorf("completions stream: %d chunks, text %q, finish %q, Err %v", n, text, finish, err)
	}
	t.Logf("REPLAY completions stream (synthetic): %d chunks, text %q", n, text)
}

const responseEvents = "event: response.created\n" +
	"data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1741290958,\"status\":\"in_progress\",\"model\":\"gpt-4.1-2025-04-14\",\"output\":[],\"metadata\":{},\"temperature\":1,\"top_p\":1,\"tools\":[],\"parallel_tool_calls\":true,\"tool_choice\":\"auto\"}}\n\n" +
	"event: response.output_text.delta\n" +
	"data: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\",\"logprobs\":[]}\n\n" +
	"event: response.output_text.delta\n" +
	"data: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\" there!\",\"logprobs\":[]}\n\n" +
	"event: response.output_text.done\n" +
	"data: {\"type\":\"response.output_text.done\",\"sequence_number\":3,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"text\":\"Hi there!\",\"logprobs\":[]}\n\n" +
	"event: response.completed\n" +
	"data: {\"type\":\"response.completed\",\"sequence_number\":4,\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1741290958,\"status\":\"completed\",\"model\":\"gpt-4.1-2025-04-14\",\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi there!\",\"annotations\":[]}]}],\"metadata\":{},\"temperature\":1,\"top_p\":1,\"tools\":[],\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"usage\":{\"input_tokens\":5,\"output_tokens\":3,\"total_tokens\":8,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens_details\":{\"reasoning_tokens\":0}}}}\n\n"

// The Responses API stream is a union of many event schemas, told apart by
// type; the stream ends at EOF after response.completed (no [DONE]).
func TestResponsesStreamingUnion(t *testing.T) {
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeBody(w, "text/event-stream", []byte(responseEvents))
	})
	stream, err := newClient(srv).Responses.CreateStreaming(testContext(t), sdk.ResponseCreateParams{})
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	checkRequest(t, rec, "/v1/responses", "text/event-stream", true)
	var types []string
	var text, done, status string
	for stream.Next() {
		e := stream.Current()
		typ := stream.Event().Type
		types = append(types, typ)
		switch v := e.AsAny().(type) {
		case sdk.ResponseCreatedEvent:
			if v.Response.ID != "resp_1" || v.Response.Status != "in_progress" {
				t.Errorf("response.created = %+v", v.Response)
			}
		case sdk.ResponseTextDeltaEvent:
			text += v.Delta
			if d, ok := e.AsResponseTextDeltaEvent(); !ok || d.Delta != v.Delta {
				t.Errorf("AsResponseTextDeltaEvent = %+v, %v", d, ok)
			}
		case sdk.ResponseTextDoneEvent:
			done = v.Text
		case sdk.ResponseCompletedEvent:
			status = string(v.Response.Status)
			if len(v.Response.Output) != 1 {
				t.Errorf("response.completed output = %d items", len(v.Response.Output))
			}
		case nil:
			// A known variant whose data does not decode: say why.
			var err error
			switch typ {
			case "response.created":
				err = json.Unmarshal(e.Raw(), new(sdk.ResponseCreatedEvent))
			case "response.completed":
				err = json.Unmarshal(e.Raw(), new(sdk.ResponseCompletedEvent))
			}
			t.Errorf("event %q: AsAny gave nil (%v)", typ, err)
		default:
			t.Errorf("event %q: AsAny gave %T", typ, v)
		}
		if _, ok := e.AsResponseErrorEvent(); ok {
			t.Errorf("event %q decodes as an error event too", typ)
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatalf("Err = %v, want nil at EOF", err)
	}
	want := []string{"response.created", "response.output_text.delta", "response.output_text.delta", "response.output_text.done", "response.completed"}
	if !slices.Equal(types, want) || text != "Hi there!" || done != "Hi there!" || status != "completed" {
		t.Errorf("events %q, text %q, done %q, status %q", types, text, done, status)
	}
	t.Logf("REPLAY responses stream (synthetic): %d events decoded into their union variants %q", len(types), types)
}

// An error event in a Responses stream ends it with *Error.
func TestResponsesStreamingErrorEvent(t *testing.T) {
	created, _, _ := strings.Cut(responseEvents, "event: response.output_text.delta")
	body := created + "event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"The server had an error while processing your request.\",\"param\":null,\"sequence_number\":1}\n\n"
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeBody(w, "text/event-stream", []byte(body))
	})
	stream, err := newClient(srv).Responses.CreateStreaming(testContext(t), sdk.ResponseCreateParams{})
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
	if apiErr.Message != "The server had an error while processing your request." || apiErr.Code != "server_error" || apiErr.EventType != "error" || apiErr.StatusCode != 200 || apiErr.RequestID != "req-replay" {
		t.Errorf("error = %+v", apiErr)
	}
	t.Logf("REPLAY responses error event (synthetic): %d event, then Err %v", n, apiErr)
}
`

// TestOpenAIRefWithSiblingsKeepsType checks that a property written as a
// $ref with sibling keywords (OpenAPI 3.1 allows {$ref, description} and
// {$ref, nullable}) has the referenced component's type, as the same $ref
// without siblings does: the component's declared type, or the builtin it
// collapses to; never a copy under a new name, never map[string]any.
func TestOpenAIRefWithSiblingsKeepsType(t *testing.T) {
	api := buildIR(t, "openai-openapi.yaml", "openai/stainless.yml")
	var gaps []string
	for _, c := range []struct{ typ, field, component string }{
		// model: {$ref: ModelIdsShared, description}; ModelIdsShared is
		// anyOf [string, string enum].
		{"ChatCompletionCreateParams", "Model", "ModelIdsShared"},
		// model: {$ref: ModelIdsResponses, description}.
		{"Response", "Model", "ModelIdsResponses"},
		// response: {$ref: Response, description}: the config's model.
		{"ResponseCompletedEvent", "Response", "Response"},
		// usage: {$ref: CompletionUsage, nullable: true}.
		{"ChatCompletionChunk", "Usage", "CompletionUsage"},
	} {
		typ := findType(api, c.typ)
		if typ == nil {
			t.Errorf("no type %s in the SDK", c.typ)
			continue
		}
		f := findField(typ, c.field)
		if f == nil {
			t.Errorf("%s has no field %s", c.typ, c.field)
			continue
		}
		source := "#/components/schemas/" + c.component
		want := findTypeBySource(api, source)
		ref := f.Type
		for ref.Kind == ir.Pointer {
			ref = ref.Elem
		}
		switch {
		case want != nil && (ref.Kind != ir.Named || ref.Type != want):
			gaps = append(gaps, fmt.Sprintf("%s.%s is %s, want %s (%s)", c.typ, c.field, describeType(f.Type), want.Name, source))
		case want == nil && (ref.Kind != ir.Builtin || ref.Builtin == "any"):
			gaps = append(gaps, fmt.Sprintf("%s.%s is %s, want the builtin %s collapses to", c.typ, c.field, describeType(f.Type), source))
		}
	}
	// Fixed in c8f3d45 (found by this test on the real spec): before, the
	// loader's {annotations, allOf: [target]} was mapped as a new inline
	// object, a copy of the target struct under a new name, or
	// map[string]any when the target is not an object.
	for _, g := range gaps {
		t.Errorf("a $ref with sibling keywords lost its type: %s", g)
	}
}

// buildIR loads a corpus spec and a config from testdata/real and builds
// the IR.
func buildIR(t *testing.T, spec, configFile string) *ir.API {
	t.Helper()
	specFile := filepath.Join(corpus(t), "specs", spec)
	doc, diags := openapi.Load(specFile, readFile(t, specFile))
	if doc == nil || diags.HasErrors() {
		t.Fatalf("load %s:\n%s", spec, diags)
	}
	cfgFile := filepath.Join(configDir, configFile)
	cfg, diags := config.Load(cfgFile, readFile(t, cfgFile))
	if cfg == nil || diags.HasErrors() {
		t.Fatalf("config %s:\n%s", configFile, diags)
	}
	api, diags := ir.Build(doc, cfg, ir.Options{ImportPath: "example.com/x"})
	if api == nil || diags.HasErrors() {
		t.Fatalf("ir.Build:\n%s", diags)
	}
	return api
}

func findType(api *ir.API, name string) *ir.Type {
	for _, typ := range api.Types {
		if typ.Name == name {
			return typ
		}
	}
	return nil
}

func findField(typ *ir.Type, name string) *ir.Field {
	for _, f := range typ.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// findTypeBySource finds the type declared for a schema
// ("#/components/schemas/Pet").
func findTypeBySource(api *ir.API, source string) *ir.Type {
	for _, typ := range api.Types {
		if typ.Source == source {
			return typ
		}
	}
	return nil
}

// describeType spells a TypeRef as Go.
func describeType(ref *ir.TypeRef) string {
	switch ref.Kind {
	case ir.Named:
		return ref.Type.Name
	case ir.Builtin:
		return ref.Builtin
	case ir.Slice:
		return "[]" + describeType(ref.Elem)
	case ir.Map:
		return "map[string]" + describeType(ref.Elem)
	case ir.Pointer:
		return "*" + describeType(ref.Elem)
	}
	return "?"
}
