// Package sdktest is test support for the golden SDKs' behaviour tests
// (golden/*/*_test.go): a test server that records every request, writers
// for JSON replies and for streamed (SSE, NDJSON) responses that flush after
// every write, stream collectors, and bounded waits that guard against
// deadlocks.
//
// It imports only the standard library and no golden SDK, so every golden
// package can use it; helpers that need an SDK's types stay in that SDK's
// tests. Streams are taken through the small [Stream] interface that every
// generated streaming.Stream satisfies.
package sdktest
