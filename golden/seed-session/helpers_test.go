package mix_test

import (
	"fmt"
	"net/http/httptest"
	"testing"

	mix "github.com/sdkgen/sdkgen/golden/seed-session"
	"github.com/sdkgen/sdkgen/golden/seed-session/option"
	"github.com/sdkgen/sdkgen/golden/seed-session/streaming"
)

// newClient returns a client whose base URL is srv.
func newClient(srv *httptest.Server, opts ...option.RequestOption) *mix.Client {
	return mix.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL)}, opts...)...)
}

// errorBody is an ErrorResponse.
func errorBody(message, code string) string {
	return `{"error":{"message":"` + message + `","code":"` + code + `"}}`
}

// sessionParams are the params of StreamEvents for session s1.
var sessionParams = mix.StreamingStreamEventsParams{SessionID: "s1"}

// open calls StreamEvents for session s1 and closes the stream when the
// test ends.
func open(t *testing.T, client *mix.Client, opts ...option.RequestOption) *streaming.Stream[mix.SessionEvent] {
	t.Helper()
	stream, err := client.Streaming.StreamEvents(t.Context(), sessionParams, opts...)
	if err != nil {
		t.Fatalf("StreamEvents: %v", err)
	}
	t.Cleanup(func() { stream.Close() })
	return stream
}

// describe renders a session event for comparisons: its variant and main
// field, through a type switch on AsAny.
func describe(ev mix.SessionEvent) string {
	switch v := ev.AsAny().(type) {
	case mix.ThinkingEvent:
		return "thinking:" + v.Text
	case mix.ContentEvent:
		return "content:" + v.Text
	case mix.ToolEvent:
		return "tool:" + v.Name + ":" + string(v.Status)
	case mix.CompleteEvent:
		return "complete:" + v.MessageID
	case nil:
		return "unknown:" + string(ev.Raw())
	default:
		return fmt.Sprintf("unexpected %T", v)
	}
}

// describeAll describes each event.
func describeAll(events []mix.SessionEvent) []string {
	var out []string
	for _, e := range events {
		out = append(out, describe(e))
	}
	return out
}

// content is the data of a content event with text.
func content(text string) string {
	return `{"type":"content","text":"` + text + `"}`
}
