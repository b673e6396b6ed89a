package streaming

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

type ndjsonVector struct {
	Name        string   `json:"name"`
	Input       string   `json:"input"`
	ChunksHex   []string `json:"chunks_hex"`
	Values      []any    `json:"values"`
	ErrorAtLine *int     `json:"error_at_line"`
}

func decodeAllNDJSON(d Decoder) ([]any, error) {
	vals := []any{}
	for d.Next() {
		var v any
		if err := json.Unmarshal(d.Event().Data, &v); err != nil {
			return vals, err
		}
		vals = append(vals, v)
	}
	return vals, d.Err()
}

// TestNDJSONVectors runs the corpus's NDJSON vectors whole, byte-wise, in
// their chunks and in random splits: values in order, and an error naming
// the first line that is not JSON.
func TestNDJSONVectors(t *testing.T) {
	var vectors []ndjsonVector
	loadJSON(t, "ndjson/ndjson-vectors.json", &vectors)
	if len(vectors) != 13 {
		t.Fatalf("want 13 vectors, got %d", len(vectors))
	}
	for i, v := range vectors {
		t.Run(v.Name, func(t *testing.T) {
			var src [][]byte
			if v.ChunksHex != nil {
				src = decodeChunks(t, nil, v.ChunksHex)
			}
			for name, feed := range feeds([]byte(v.Input), src, uint64(i)) {
				got, err := decodeAllNDJSON(NewNDJSONDecoder(feed(), 0))
				if !reflect.DeepEqual(got, v.Values) {
					t.Errorf("%s: values\n got %v\nwant %v", name, got, v.Values)
				}
				if v.ErrorAtLine == nil {
					if err != nil {
						t.Errorf("%s: unexpected error %v", name, err)
					}
					continue
				}
				var se *SyntaxError
				if !errors.As(err, &se) || se.Line != *v.ErrorAtLine+1 {
					t.Fatalf("%s: err = %v, want a syntax error at line %d", name, err, *v.ErrorAtLine+1)
				}
				firstLine := strings.SplitN(v.Input, "\n", 2)[0]
				if !strings.Contains(err.Error(), firstLine[:min(len(firstLine), 20)]) {
					t.Errorf("%s: error %q does not quote the line", name, err)
				}
			}
		})
	}
}

// TestNDJSONReadErrorAfterValue is the ollama "partial stream then read
// error" case: the value before the failure is delivered, then the error.
func TestNDJSONReadErrorAfterValue(t *testing.T) {
	r := io.MultiReader(strings.NewReader(`{"message":{"content":"partial"}}`+"\n"+`{"message":`), errReader{io.ErrUnexpectedEOF})
	d := NewNDJSONDecoder(r, 0)
	if !d.Next() || !bytes.Contains(d.Event().Data, []byte("partial")) {
		t.Fatal("first value missing")
	}
	if d.Next() || !errors.Is(d.Err(), io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v, want io.ErrUnexpectedEOF", d.Err())
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestNDJSONDetails(t *testing.T) {
	in := "\r\n  \n{\"a\":1}\r\n\n\t[1, 2]  \n\"s\"\n3"
	got, err := decodeAllNDJSON(NewNDJSONDecoder(strings.NewReader(in), 0))
	want := []any{map[string]any{"a": 1.0}, []any{1.0, 2.0}, "s", 3.0}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v %v", got, err)
	}
	_, err = decodeAllNDJSON(NewNDJSONDecoder(strings.NewReader("{}\n\n{\"a\":\n"), 0))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 3 || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("err = %v, want line 3", err)
	}
	// Limit.
	d := NewNDJSONDecoder(io.MultiReader(strings.NewReader(`"`), &countingZeros{n: 10 << 20}), 64<<10)
	var le *LimitError
	if d.Next() || !errors.As(d.Err(), &le) {
		t.Fatalf("err = %v, want *LimitError", d.Err())
	}
}

// TestJSONSeq covers RFC 7464 records: RS-separated, trailing LF optional,
// pretty-printed records, strings holding LF escapes, empty records, and a
// record handed out at its LF without waiting for the next RS.
func TestJSONSeq(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []any
		err  string
	}{
		{"basic", "\x1e{\"a\":1}\n\x1e[2]\n", []any{map[string]any{"a": 1.0}, []any{2.0}}, ""},
		{"no trailing LF", "\x1e{\"a\":1}\x1e2\x1e\"x\"", []any{map[string]any{"a": 1.0}, 2.0, "x"}, ""},
		{"pretty printed", "\x1e{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"}\\\"\\n{\"\n}\n", []any{map[string]any{"a": []any{1.0, 2.0}, "b": "}\"\n{"}}, ""},
		{"empty records", "\x1e\x1e\n\x1e  \n\x1etrue\n", []any{true}, ""},
		{"CRLF", "\x1e{}\r\n\x1enull\r\n", []any{map[string]any{}, nil}, ""},
		{"invalid", "\x1e{\"a\":1}\n\x1e{\"a\":\x1e3\n", []any{map[string]any{"a": 1.0}}, "JSON-seq record 2 is not valid JSON"},
		{"garbage", "\x1e}\n", []any{}, "record 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for name, feed := range feeds([]byte(tc.in), nil, 7) {
				got, err := decodeAllNDJSON(NewJSONSeqDecoder(feed(), 0))
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("%s: got %v want %v", name, got, tc.want)
				}
				if (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
					t.Errorf("%s: err = %v, want %q", name, err, tc.err)
				}
			}
		})
	}
	r := &strictReader{data: []byte("\x1e{\"a\":1}\n"), t: t}
	if d := NewJSONSeqDecoder(r, 0); !d.Next() {
		t.Fatal("record not handed out at its LF")
	}
}
