package realtest

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// ndjsonExpect is what a recorded Ollama NDJSON body holds, worked out by
// the test from the bytes.
type ndjsonExpect struct {
	File string
	// Events is how many objects come before the first error line (all of
	// them when there is none); Text joins their response fields.
	Events     int
	Text       string
	Done       bool
	DoneReason string
	// Error is the error line's message, "" when there is none.
	Error string
}

func expectNDJSON(t *testing.T, rel string, body []byte) ndjsonExpect {
	t.Helper()
	e := ndjsonExpect{File: filepath.Base(rel)}
	for i, line := range strings.Split(string(body), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		var v struct {
			Response   string  `json:"response"`
			Done       bool    `json:"done"`
			DoneReason string  `json:"done_reason"`
			Error      *string `json:"error"`
		}
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("%s line %d: %v", rel, i+1, err)
		}
		if v.Error != nil {
			e.Error = *v.Error
			break
		}
		e.Events++
		e.Text += v.Response
		e.Done, e.DoneReason = v.Done, v.DoneReason
	}
	return e
}

// TestOllamaReplay generates the Ollama SDK from the real spec with
// testdata/real/ollama/stainless.yml and replays the corpus' NDJSON bodies
// through client.Generate.CreateStreaming: the documented streaming answer,
// and the documented mid-stream error, which must end the stream with
// *Error.
func TestOllamaReplay(t *testing.T) {
	slow(t)
	t.Parallel()
	s := generateSDK(t, "ollama-openapi.yaml", "ollama/stainless.yml", "example.com/ollama-go")
	decl := "type ndjsonExpect struct {\n\tFile string\n\tEvents int\n\tText string\n\tDone bool\n\tDoneReason string\n\tError string\n}\n\n"
	rels := []string{"ndjson/ollama-docs-streaming-generate.ndjson", "ndjson/ollama-docs-errors-midstream.ndjson"}
	s.writeCases(t, decl, "ndjsonCases", "ndjsonExpect", rels, func(rel string, body []byte) string {
		// %#v names the type realtest.ndjsonExpect; in the SDK it is local.
		return strings.TrimPrefix(fmt.Sprintf("%#v", expectNDJSON(t, rel, body)), "realtest.ndjsonExpect")
	})
	s.write(t, "replay_helpers_test.go", replayHelpers)
	s.write(t, "replay_test.go", ollamaReplay)
	s.goTest(t)
}

const ollamaReplay = `// Test scaffolding written by sdkgen's internal/realtest; not generated SDK code.

package __PKG___test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	sdk "__MODULE__"
	"__MODULE__/option"
)

func newClient(srv *httptest.Server) *sdk.Client {
	return sdk.NewClient(option.WithBaseURL(srv.URL), option.WithMaxRetries(0))
}

// Params are empty on purpose: these tests replay responses; encoding params
// is the golden tests' job, and the params API (optional fields) is still
// moving.

func checkRequest(t *testing.T, rec *recorder, path, accept, stream string) {
	t.Helper()
	reqs := rec.all()
	if len(reqs) != 1 || reqs[0].Method != "POST" || reqs[0].Path != path {
		t.Fatalf("requests = %+v, want one POST %s", reqs, path)
	}
	if a := reqs[0].Header.Get("Accept"); a != accept {
		t.Errorf("Accept = %q, want %q", a, accept)
	}
	if s := string(jsonObject(t, reqs[0].Body)["stream"]); s != stream {
		t.Errorf("body stream = %q, want %q (the spec's default is true); body %s", s, stream, reqs[0].Body)
	}
}

func TestReplayGenerateNDJSON(t *testing.T) {
	for _, want := range ndjsonCases {
		t.Run(want.File, func(t *testing.T) {
			t.Parallel()
			body := recorded(t, want.File)
			srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
				writeBody(w, "application/x-ndjson", body)
			})
			stream, err := newClient(srv).Generate.CreateStreaming(testContext(t), sdk.GenerateParams{})
			if err != nil {
				t.Fatal(err)
			}
			defer stream.Close()
			checkRequest(t, rec, "/api/generate", "application/x-ndjson", "true")
			n, text := 0, ""
			var last sdk.GenerateStreamEvent
			for stream.Next() {
				e := stream.Current()
				n++
				text += e.Response
				if e.Model != "gemma4" || e.CreatedAt == "" {
					t.Errorf("event %d = %+v", n, e)
				}
				if extra := e.ExtraFields(); len(extra) > 0 {
					t.Errorf("event %d has properties the model lacks: %v", n, extra)
				}
				last = e
			}
			err = stream.Err()
			if n != want.Events || text != want.Text || last.Done != want.Done || last.DoneReason != want.DoneReason {
				t.Errorf("%d events, text %q, last done %v %q; want %d, %q, %v %q", n, text, last.Done, last.DoneReason, want.Events, want.Text, want.Done, want.DoneReason)
			}
			if want.Error == "" {
				if err != nil {
					t.Fatalf("Err = %v, want nil at EOF", err)
				}
				t.Logf("REPLAY %s: %d events decoded, response %q, done %v (%s), Err nil", want.File, n, text, last.Done, last.DoneReason)
				return
			}
			var apiErr *sdk.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("Err = %v (%T), want *Error from the error line", err, err)
			}
			if apiErr.Message != want.Error || apiErr.StatusCode != 200 || apiErr.RequestID != "req-replay" {
				t.Errorf("error = %+v, want message %q", apiErr, want.Error)
			}
			t.Logf("REPLAY %s: %d events decoded, response %q, then Err %v", want.File, n, text, err)
		})
	}
}

// Create sends stream: false (the spec's default is true) and decodes the
// single JSON answer.
func TestGenerateCreateJSON(t *testing.T) {
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 200, ` + "`" + `{"model":"gemma4","created_at":"2025-10-17T23:14:07.414671Z","response":"Hello! How can I help you today?","done":true,"done_reason":"stop","total_duration":174560334,"eval_count":10}` + "`" + `)
	})
	res, err := newClient(srv).Generate.Create(testContext(t), sdk.GenerateParams{})
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, rec, "/api/generate", "application/json", "false")
	if res.Response != "Hello! How can I help you today?" || !res.Done || res.EvalCount != 10 {
		t.Errorf("response = %+v", res)
	}
	t.Logf("REPLAY Generate.Create (JSON): stream false sent, response %q", res.Response)
}

// Chat streams too, with the same rules.
func TestChatStreamingNDJSON(t *testing.T) {
	body := "{\"model\":\"gemma4\",\"created_at\":\"2025-10-26T17:15:24.097767Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}\n" +
		"{\"model\":\"gemma4\",\"created_at\":\"2025-10-26T17:15:24.109172Z\",\"message\":{\"role\":\"assistant\",\"content\":\"lo\"},\"done\":false}\n" +
		"{\"model\":\"gemma4\",\"created_at\":\"2025-10-26T17:15:24.121485Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\"}\n"
	srv, rec := serve(t, func(w http.ResponseWriter, r *http.Request, n int) { writeBody(w, "application/x-ndjson", []byte(body)) })
	stream, err := newClient(srv).Chat.CreateStreaming(testContext(t), sdk.ChatParams{})
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	checkRequest(t, rec, "/api/chat", "application/x-ndjson", "true")
	n, text, done := 0, "", false
	for stream.Next() {
		n++
		text += stream.Current().Message.Content
		done = stream.Current().Done
	}
	if err := stream.Err(); err != nil || n != 3 || text != "Hello" || !done {
		t.Errorf("%d events, text %q, done %v, Err %v", n, text, done, err)
	}
	t.Logf("REPLAY Chat.CreateStreaming (synthetic): %d events, text %q", n, text)
}
`

// TestOllamaSharedModels generates the Ollama SDK with the stream event
// model under resources.$shared (testdata/real/ollama/shared-models.yml)
// and requires it to build: $shared holds models, not a service.
func TestOllamaSharedModels(t *testing.T) {
	slow(t)
	t.Parallel()
	s := generateSDK(t, "ollama-openapi.yaml", "ollama/shared-models.yml", "example.com/ollama-go")
	out, err := s.goCmd(t, "build", "./...")
	if err == nil {
		return
	}
	if strings.Contains(out, "undefined: newService") && strings.Contains(out, "undefined: StatusEvent") {
		t.Fatalf("resources.$shared is generated as a service instead of holding models only:\n%s", out)
	}
	t.Fatalf("go build: %v\n%s", err, out)
}
