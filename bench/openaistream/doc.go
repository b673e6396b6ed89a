// Package openaistream measures streaming OpenAI chat completion chunks end
// to end (request, SSE framing, [DONE] handling, JSON into the typed chunk)
// through the SDK sdkgen generates from OpenAI's own spec, against openai-go's
// ChatCompletionService.NewStreaming, over the same bodies served by an
// in-memory http.RoundTripper.
//
// The SDK is generated into ./sdk (not committed) by go generate:
//
//	go generate ./openaistream && go test -run '^$' -bench . ./openaistream
//
// It needs ../shared/corpus beside the repository, as the whole bench module
// does.
package openaistream

//go:generate go tool sdkgen generate -spec ../../../shared/corpus/specs/openai-openapi.yaml -config ../../testdata/real/openai/stainless.yml -out sdk
