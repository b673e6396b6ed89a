package relay_test

import (
	"net/http/httptest"
	"testing"

	relay "github.com/sdkgen/sdkgen/golden/seed-ndjson"
	"github.com/sdkgen/sdkgen/golden/seed-ndjson/option"
	"github.com/sdkgen/sdkgen/golden/seed-ndjson/streaming"
)

// newClient returns a client whose base URL is srv's /v1.
func newClient(srv *httptest.Server, opts ...option.RequestOption) *relay.Client {
	return relay.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL + "/v1")}, opts...)...)
}

// createParams is a valid request.
func createParams() relay.ResponseCreateParams {
	return relay.ResponseCreateParams{Model: "relay-1", Input: "What is the weather in Oslo?"}
}

// open calls Responses.Create and closes the stream when the test ends.
func open(t *testing.T, client *relay.Client, opts ...option.RequestOption) *streaming.Stream[relay.StreamEvent] {
	t.Helper()
	stream, err := client.Responses.Create(t.Context(), createParams(), opts...)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { stream.Close() })
	return stream
}

// types lists the event types of events.
func types(events []relay.StreamEvent) []string {
	var out []string
	for _, e := range events {
		out = append(out, string(e.Event))
	}
	return out
}
