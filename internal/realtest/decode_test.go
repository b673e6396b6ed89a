package realtest

// decodeCheck is a test written into the SDK generated from OpenAI's spec
// (package __PKG__, so it reaches the unexported decoders): every chunk of
// the recorded chat streams, and systematic mutations of each, decode the
// same through the generated reflection-free UnmarshalJSON as through
// encoding/json, values and raw JSON alike. A model's unmarshalStd decodes
// its own fields with encoding/json but the models inside it through their
// own (fast) UnmarshalJSON, so every model of the decoded value is compared
// with its unmarshalStd, inside out: the innermost ones against encoding/json
// alone, each one above against encoding/json given models already checked.
// FuzzChunkDecode runs the same comparison on the fuzzer's inputs:
//
//	go test -run '^$' -fuzz FuzzChunkDecode -fuzztime 10m .
//
// in the generated SDK.
const decodeCheck = `// Test scaffolding written by sdkgen's internal/realtest; not generated SDK code.

package __PKG__

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"__MODULE__/internal/apijson"
)

// chunkLines returns the JSON of every chunk of the recorded chat streams.
func chunkLines(tb testing.TB) [][]byte {
	files, _ := filepath.Glob("testdata/openai-python-chat-*.sse")
	if len(files) == 0 {
		tb.Fatal("no recorded bodies in testdata")
	}
	var lines [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, line := range bytes.Split(b, []byte("\n")) {
			if rest, ok := bytes.CutPrefix(line, []byte("data: {")); ok {
				lines = append(lines, append([]byte("{"), rest...))
			}
		}
	}
	return lines
}

// sameChunk decodes data both ways and fails when they disagree.
func sameChunk(t *testing.T, data []byte) (fastPath bool) {
	t.Helper()
	return same[ChatCompletionChunk](t, data)
}

// decoders is a pointer to a model with the generated decoders.
type decoders[T any] interface {
	*T
	UnmarshalJSON([]byte) error
	unmarshalStd([]byte) error
	readJSON(*apijson.Reader)
}

// same decodes data into a T both ways, fails when they disagree, and
// reports whether the reflection-free path decoded it alone.
func same[T any, P decoders[T]](t *testing.T, data []byte) (fastPath bool) {
	t.Helper()
	var fast, ref T
	errFast := P(&fast).UnmarshalJSON(data)
	errRef := P(&ref).unmarshalStd(data)
	if (errFast == nil) != (errRef == nil) {
		t.Fatalf("%q: generated decoder error %v, encoding/json error %v", data, errFast, errRef)
	}
	if errRef == nil && !reflect.DeepEqual(fast, ref) {
		t.Fatalf("%q: generated decoder and encoding/json disagree:\n%#v\n%#v", data, fast, ref)
	}
	if errRef == nil {
		sameModels(t, data, reflect.ValueOf(fast))
	}
	var m T
	fallbacks := 0
	read := func(m *T, r *apijson.Reader) { P(m).readJSON(r) }
	std := func(m *T, data []byte) error { fallbacks++; return P(m).unmarshalStd(data) }
	_ = apijson.Unmarshal(data, &m, read, std)
	return fallbacks == 0
}

// stdModel is a model with both decoders.
type stdModel interface {
	unmarshalStd([]byte) error
	RawJSON() json.RawMessage
}

// sameModels decodes the JSON of every model inside v (v included) again
// with that model's unmarshalStd, and fails when the result differs from
// what the generated decoder gave. It walks exported fields, pointers,
// slices and maps.
func sameModels(t *testing.T, data []byte, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			sameModels(t, data, v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			sameModels(t, data, v.Index(i))
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			sameModels(t, data, it.Value())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				sameModels(t, data, v.Field(i))
			}
		}
		p := reflect.New(v.Type())
		p.Elem().Set(v)
		m, ok := p.Interface().(stdModel)
		if !ok || len(m.RawJSON()) == 0 {
			return
		}
		ref := reflect.New(v.Type())
		if err := ref.Interface().(stdModel).unmarshalStd(m.RawJSON()); err != nil {
			t.Fatalf("%q: %s: encoding/json fails on the JSON the generated decoder took: %v", data, v.Type(), err)
		}
		if !reflect.DeepEqual(ref.Elem().Interface(), v.Interface()) {
			t.Fatalf("%q: %s: generated decoder and encoding/json disagree:\n%#v\n%#v", data, v.Type(), v.Interface(), ref.Elem().Interface())
		}
	}
}

func TestChunkDecodeMatchesEncodingJSON(t *testing.T) {
	lines := chunkLines(t)
	fast := 0
	for _, line := range lines {
		if sameChunk(t, line) {
			fast++
		}
	}
	if fast != len(lines) {
		t.Errorf("%d of %d recorded chunks fell back to encoding/json; the fast path should take them all", len(lines)-fast, len(lines))
	}
	// Mutations: one byte replaced, at every position of a few chunks, by
	// bytes that break or bend the JSON (case, quotes, structure, escapes,
	// invalid UTF-8), and a duplicated key.
	mutations := 0
	for i, line := range lines {
		if i%25 != 0 {
			continue
		}
		for pos := range line {
			for _, c := range []byte("\"{}[],:\\0n-Ae\xff \t") {
				m := bytes.Clone(line)
				m[pos] = c
				sameChunk(t, m)
				mutations++
			}
		}
		sameChunk(t, append([]byte(" {\"id\":\"dup\","), line[1:]...))
		sameChunk(t, bytes.ReplaceAll(line, []byte("\"content\":\""), []byte("\"Content\":\"")))
	}
	t.Logf("%d recorded chunks (%d on the fast path), %d mutations: generated decoder == encoding/json, model by model", len(lines), fast, mutations)
}

// TestCompletionMapKeys: the token-to-logprob maps of a legacy completion
// chunk, with keys that are escaped or not ASCII (tokens often are), decode
// on the fast path and as encoding/json decodes them.
func TestCompletionMapKeys(t *testing.T) {
	data := []byte(` + "`" + `{"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"text":"é","index":0,"finish_reason":null,` + "`" + ` +
		` + "`" + `"logprobs":{"tokens":["é"],"token_logprobs":[-0.1],"text_offset":[0],"top_logprobs":[{"é":-0.1,"\u00e9t":-2,"a\"b":-3,"\ud83d\ude00":-4,"plain":-5}]}}]}` + "`" + `)
	if !same[Completion](t, data) {
		t.Error("a completion chunk with escaped or non-ASCII map keys fell back to encoding/json")
	}
	var c Completion
	if err := c.UnmarshalJSON(data); err != nil {
		t.Fatal(err)
	}
	if top := c.Choices[0].Logprobs.TopLogprobs[0]; top["\U0001F600"] != -4 || top["é"] != -0.1 {
		t.Fatalf("keys not decoded: %v", top)
	}
}

func FuzzChunkDecode(f *testing.F) {
	for _, line := range chunkLines(f) {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, data []byte) { sameChunk(t, data) })
}
`
