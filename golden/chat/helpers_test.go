package acme_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	acme "github.com/sdkgen/sdkgen/golden/chat"
	"github.com/sdkgen/sdkgen/golden/chat/option"
	"github.com/sdkgen/sdkgen/golden/chat/streaming"
	"github.com/sdkgen/sdkgen/internal/sdktest"
)

// newClient returns a client for srv with an API key.
func newClient(srv *httptest.Server, opts ...option.RequestOption) *acme.Client {
	base := []option.RequestOption{option.WithBaseURL(srv.URL + "/v1"), option.WithAPIKey("test-key")}
	return acme.NewClient(append(base, opts...)...)
}

// params is a minimal valid request.
func params() acme.ChatCompletionCreateParams {
	return acme.ChatCompletionCreateParams{
		Model:    "gpt-x",
		Messages: []acme.ChatMessage{{Role: acme.ChatMessageRoleUser, Content: "hi"}},
	}
}

// sse is an event stream with the chat completion helpers chunk and done.
type sse struct{ *sdktest.SSE }

// startSSE sends the headers of a 200 event stream, with Cache-Control:
// no-cache as the chat API sends them.
func startSSE(w http.ResponseWriter) *sse {
	w.Header().Set("Cache-Control", "no-cache")
	return &sse{sdktest.StartSSE(w)}
}

// chunk writes a chat.completion.chunk whose delta holds content.
func (s *sse) chunk(content string, fields ...string) { s.Event(chunkJSON(content), fields...) }

// done writes the [DONE] sentinel.
func (s *sse) done() { s.Raw("data: [DONE]\n\n") }

func chunkJSON(content string) string {
	c, _ := json.Marshal(content)
	return fmt.Sprintf(`{"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":%s},"finish_reason":null}]}`, c)
}

// content returns the text of a chunk's first choice.
func content(c acme.ChatCompletionChunk) string {
	if len(c.Choices) == 0 || c.Choices[0].Delta.Content == nil {
		return ""
	}
	return *c.Choices[0].Delta.Content
}

// chunks collects the contents of a chat completion stream.
func chunks(t *testing.T, s *streaming.Stream[acme.ChatCompletionChunk]) ([]string, error) {
	t.Helper()
	return sdktest.CollectFunc(t, s, content)
}

// jsonObject decodes a request body as a JSON object.
func jsonObject(t *testing.T, body []byte) map[string]json.RawMessage {
	t.Helper()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		t.Fatalf("request body %q is not a JSON object: %v", body, err)
	}
	return obj
}
