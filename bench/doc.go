// Package bench compares sdkgen's streaming runtime with the SSE decoders of
// other Go libraries: openai-go's packages/ssestream and tmaxmax/go-sse. It is
// a separate module so that the SDK runtime itself stays dependency-free; see
// README.md for the commands and the results.
package bench
