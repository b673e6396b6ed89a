package streaming

import (
	"encoding/hex"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// corpusDir is the shared test corpus, next to the repository (see
// shared/corpus/MANIFEST.md). A clone without it skips the corpus tests.
const corpusDir = "../../../../shared/corpus"

func corpusFile(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, rel))
	if os.IsNotExist(err) {
		t.Skipf("corpus file %s not found (the shared/ corpus folder is not next to this checkout); skipping", rel)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadJSON(t testing.TB, rel string, v any) {
	t.Helper()
	if err := json.Unmarshal(corpusFile(t, rel), v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}

// chunkReader returns its chunks one Read at a time (a chunk larger than the
// caller's buffer is returned over several Reads).
type chunkReader struct {
	chunks [][]byte
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.chunks) > 0 && len(r.chunks[0]) == 0 {
		r.chunks = r.chunks[1:]
	}
	if len(r.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.chunks[0])
	r.chunks[0] = r.chunks[0][n:]
	return n, nil
}

// feeds returns the ways each input is fed to a decoder: whole, one byte at a
// time, the source test's own chunks when given, and random splits from a
// seeded generator (deterministic).
func feeds(input []byte, srcChunks [][]byte, seed uint64) map[string]func() *chunkReader {
	m := map[string]func() *chunkReader{
		"whole": func() *chunkReader { return &chunkReader{chunks: [][]byte{append([]byte(nil), input...)}} },
		"bytewise": func() *chunkReader {
			if len(input) > 200_000 {
				return splitEvery(input, 997) // the 1 MB vector: byte-wise is covered by the others
			}
			return splitEvery(input, 1)
		},
	}
	if srcChunks != nil {
		m["source-chunks"] = func() *chunkReader {
			c := make([][]byte, len(srcChunks))
			for i := range srcChunks {
				c[i] = append([]byte(nil), srcChunks[i]...)
			}
			return &chunkReader{chunks: c}
		}
	}
	for k := range 3 {
		name := "random-" + string(rune('a'+k))
		m[name] = func() *chunkReader { return randomSplit(input, seed*31+uint64(k)) }
	}
	return m
}

func splitEvery(b []byte, n int) *chunkReader {
	r := &chunkReader{}
	for len(b) > 0 {
		k := min(n, len(b))
		r.chunks = append(r.chunks, append([]byte(nil), b[:k]...))
		b = b[k:]
	}
	return r
}

func randomSplit(b []byte, seed uint64) *chunkReader {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	r := &chunkReader{}
	for len(b) > 0 {
		k := 1 + rng.IntN(min(len(b), 1+rng.IntN(64)))
		if rng.IntN(20) == 0 {
			k = min(len(b), 1+rng.IntN(70_000))
		}
		r.chunks = append(r.chunks, append([]byte(nil), b[:k]...))
		b = b[k:]
	}
	return r
}

func decodeChunks(t testing.TB, textChunks []string, hexChunks []string) [][]byte {
	t.Helper()
	var out [][]byte
	for _, c := range textChunks {
		out = append(out, []byte(c))
	}
	for _, h := range hexChunks {
		b, err := hex.DecodeString(h)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}
