package main

// The SDK in ./acme is generated from the chat test case and committed, so
// the example builds on a fresh clone. Regenerate it with
//
//	go generate ./examples/chat
//
// from the repository root (make example does). The output directory is
// inside this repository's module, so sdkgen derives the import path
// github.com/sdkgen/sdkgen/examples/chat/acme and writes no go.mod.

//go:generate go run github.com/sdkgen/sdkgen/cmd/sdkgen generate -spec ../../testdata/chat/openapi.yaml -config ../../testdata/chat/stainless.yml -out acme
