package functions_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	functions "github.com/sdkgen/sdkgen/golden/seed-jsonpath"
	"github.com/sdkgen/sdkgen/golden/seed-jsonpath/option"
	"github.com/sdkgen/sdkgen/golden/seed-jsonpath/streaming"
	"github.com/sdkgen/sdkgen/internal/sdktest"
)

// newClient returns a client whose base URL is srv's /v1.
func newClient(srv *httptest.Server, opts ...option.RequestOption) *functions.Client {
	return functions.NewClient(append([]option.RequestOption{option.WithBaseURL(srv.URL + "/v1")}, opts...)...)
}

// callParams is a valid request.
func callParams() functions.FunctionStreamCallParams {
	return functions.FunctionStreamCallParams{Input: map[string]any{"text": "John is 42."}}
}

// open calls StreamCall("extract/people") and closes the stream when the
// test ends.
func open(t *testing.T, client *functions.Client) *streaming.Stream[functions.StreamEvent] {
	t.Helper()
	stream, err := client.Functions.StreamCall(t.Context(), "extract/people", callParams())
	if err != nil {
		t.Fatalf("StreamCall: %v", err)
	}
	t.Cleanup(func() { stream.Close() })
	return stream
}

// collectText runs streaming.CollectText with a deadlock guard.
func collectText(t *testing.T, s *streaming.Stream[functions.StreamEvent]) (string, error) {
	t.Helper()
	type result struct {
		text string
		err  error
	}
	r := sdktest.Run(t, "CollectText", func() result {
		text, err := streaming.CollectText(s, deltaOf)
		return result{text, err}
	})
	return r.text, r.err
}

// deltaOf is the text an event carries, for streaming.CollectText.
func deltaOf(e functions.StreamEvent) string { return e.Data.Delta }

// pathDelta is the (json_path, delta) pair of a structured chunk, for
// streaming.CollectJSONPaths; text chunks are skipped.
func pathDelta(e functions.StreamEvent) (path, delta string, ok bool) {
	if e.Data.ChunkType != functions.StreamingChunkChunkTypeJSON || e.Data.JSONPath == nil {
		return "", "", false
	}
	return *e.Data.JSONPath, e.Data.Delta, true
}

// textChunk and jsonChunk render StreamingChunk JSON.
func textChunk(delta string) string {
	return `{"delta":` + quote(delta) + `,"span_id":"123e4567-e89b-12d3-a456-426614174000","chunk_type":"text"}`
}

func jsonChunk(path, delta string) string {
	return `{"delta":` + quote(delta) + `,"json_path":` + quote(path) + `,"span_id":"123e4567-e89b-12d3-a456-426614174000","chunk_type":"json"}`
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
