package openaistream

import (
	"context"
	"net/http"
	"testing"

	"github.com/openai/openai-go/v3"
	oaioption "github.com/openai/openai-go/v3/option"

	sdk "github.com/sdkgen/sdkgen/bench/openaistream/sdk"
	"github.com/sdkgen/sdkgen/bench/openaistream/sdk/option"
)

// chunkStream is what both SDKs' streams have in common.
type chunkStream interface {
	Next() bool
	Err() error
	Close() error
}

// openSDKGen starts a chat completion stream through the generated SDK.
func openSDKGen(tb testing.TB, rt http.RoundTripper) (chunkStream, func() string) {
	client := sdk.NewClient(option.WithAPIKey("sk-test"), option.WithBaseURL("http://api.test/v1"),
		option.WithHTTPClient(&http.Client{Transport: rt}))
	s, err := client.Chat.Completions.CreateStreaming(context.Background(), sdk.ChatCompletionCreateParams{Model: "gpt-4o"})
	if err != nil {
		tb.Fatal(err)
	}
	return s, func() string {
		c := s.Current()
		if len(c.Choices) == 0 || c.Choices[0].Delta.Content == nil {
			return ""
		}
		return *c.Choices[0].Delta.Content
	}
}

// openOpenAIGo starts the same stream through openai-go.
func openOpenAIGo(tb testing.TB, rt http.RoundTripper) (chunkStream, func() string) {
	client := openai.NewClient(oaioption.WithAPIKey("sk-test"), oaioption.WithBaseURL("http://api.test/v1"),
		oaioption.WithHTTPClient(&http.Client{Transport: rt}))
	s := client.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{Model: "gpt-4o"})
	return s, func() string {
		c := s.Current()
		if len(c.Choices) == 0 {
			return ""
		}
		return c.Choices[0].Delta.Content
	}
}

var impls = []struct {
	name string
	open func(testing.TB, http.RoundTripper) (chunkStream, func() string)
}{
	{"sdkgen", openSDKGen},
	{"openai-go", openOpenAIGo},
}

// BenchmarkChatStream streams chat completion chunks through each SDK: one
// chunk per op, in steady state (the request is made once, before the
// timer), reading the first choice's content as a caller would.
func BenchmarkChatStream(b *testing.B) {
	recorded, n := recordedBody(b)
	bodies := []struct {
		name   string
		body   []byte
		events int
	}{
		{"synthetic", syntheticBody(1000), 1000},
		{"recorded", recorded, n},
	}
	for _, body := range bodies {
		for _, impl := range impls {
			b.Run("body="+body.name+"/impl="+impl.name, func(b *testing.B) {
				s, content := impl.open(b, sseTransport{body: body.body})
				defer s.Close()
				b.SetBytes(int64(len(body.body) / body.events))
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if !s.Next() {
						b.Fatal(s.Err())
					}
					_ = content()
				}
			})
		}
	}
}
