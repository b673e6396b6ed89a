package streaming

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/templates/runtime/internal/apijson"
)

// fuzzLimit keeps the decoders' memory small and bounded during fuzzing.
const fuzzLimit = 4 << 10

// referenceSSE is a deliberately naive, whole-input WHATWG event stream
// interpreter used as an oracle for the fuzzer. Like the decoder, it finds an
// event too large when its data is over limit, or a line over limit plus
// lineSlack (room for the field name).
func referenceSSE(in []byte, limit int) (evs []vectorEvent, tooLarge bool) {
	lineLimit := limit + lineSlack
	s := string(in)
	s = strings.TrimPrefix(s, "\xEF\xBB\xBF")
	var lines []string
	for {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			if len(s) > lineLimit {
				tooLarge = true
			}
			break // unterminated last line: discarded
		}
		lines = append(lines, s[:i])
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
	var data, typ, idBuf string
	var idSet bool
	var lastID *string
	var blockRetry *int
	var hasData bool
	for _, line := range lines {
		if len(line) > lineLimit {
			return evs, true
		}
		if line == "" {
			if idSet {
				id := idBuf
				lastID = &id
			}
			if hasData {
				ev := vectorEvent{ID: lastID, Data: strings.TrimSuffix(data, "\n"), Retry: blockRetry}
				if typ != "" {
					t := typ
					ev.Event = &t
				}
				evs = append(evs, ev)
			}
			data, typ, hasData, blockRetry = "", "", false, nil
			continue
		}
		if line[0] == ':' {
			continue
		}
		name, value, found := strings.Cut(line, ":")
		if found {
			value = strings.TrimPrefix(value, " ")
		}
		switch name {
		case "data":
			if len(data)+len(value) > limit {
				return evs, true
			}
			data += value + "\n"
			hasData = true
		case "event":
			typ = value
		case "id":
			if !strings.Contains(value, "\x00") {
				idBuf, idSet = value, true
			}
		case "retry":
			if ms, ok := parseRetry([]byte(value)); ok {
				blockRetry = &ms
			}
		}
	}
	return evs, tooLarge
}

func FuzzSSE(f *testing.F) {
	for _, s := range []string{
		"data: a\n\n", "event: x\r\ndata: 1\r\ndata: 2\r\n\r\n", "id: 1\rretry: 10\r\rdata\r\r",
		"\xEF\xBB\xBF\xEF\xBB\xBFdata: b\n\n", ":c\ndata:\n\nid: a\x00\ndata: x\n\n", "data: [DONE]\n\ndata: tail",
		"data: a\r\ndata: b\r\n\r\nid: 1\r\ndata: c\rdata: d\r\n\r\nevent: e\ndata: f\n\r\n\n\r\rdata: g\r\n\r\n",
		"event: x\r\nid: 7\r\ndata: {\"a\":1,\r\ndata: \"b\":2}\r\n\r\n: ping\r\n\r\nid: 7\r\ndata: c\r\ndata\r\n\r\nid: 8\r\nretry: 5\r\nevent: x\r\ndata: d\r\n\r\n",
		"id: 1\ndata: a\n\nid: 1\x00\ndata: b\n\nid\ndata: c\n\nevent\ndata: d\rdata: e\r\r",
		"event: a\r\ndata: 0\r\n\r\nevent: b\r\ndata: 1\r\n\r\nevent: a\r\ndata: 2\r\n\r\nevent: a\r\nevent: b\r\ndata: 3\r\n\r\nevent:a\ndata: 4\n\n",
	} {
		f.Add([]byte(s), uint64(len(s)))
	}
	f.Fuzz(func(t *testing.T, in []byte, seed uint64) {
		whole, wholeID, wholeRetry, wholeErr := decodeAllSSE(bytes.NewReader(in), fuzzLimit)
		split, splitID, splitRetry, splitErr := decodeAllSSE(randomSplit(in, seed), fuzzLimit)
		if !reflect.DeepEqual(whole, split) || !reflect.DeepEqual(wholeID, splitID) || !reflect.DeepEqual(wholeRetry, splitRetry) {
			t.Fatalf("whole and split differ:\n%v %v %v\n%v %v %v", whole, deref(wholeID), derefInt(wholeRetry), split, deref(splitID), derefInt(splitRetry))
		}
		if (wholeErr == nil) != (splitErr == nil) {
			t.Fatalf("errors differ: %v / %v", wholeErr, splitErr)
		}
		want, tooLarge := referenceSSE(in, fuzzLimit)
		var le *LimitError
		if wholeErr != nil && !errors.As(wholeErr, &le) {
			t.Fatalf("unexpected error %v", wholeErr)
		}
		if tooLarge || wholeErr != nil {
			// Both stop at an oversized item; the decoder may stop a little
			// earlier (it counts unterminated input), never later.
			if len(whole) > len(want) || !reflect.DeepEqual(whole, want[:len(whole)]) {
				t.Fatalf("oversized input: got %v, reference %v", whole, want)
			}
			return
		}
		if whole == nil {
			whole = []vectorEvent{}
		}
		if want == nil {
			want = []vectorEvent{}
		}
		if !reflect.DeepEqual(whole, want) {
			t.Fatalf("decoder and reference differ:\n got %v\nwant %v", whole, want)
		}
		// Memory stays bounded by the limit, whatever the input.
		d := NewSSEDecoder(bytes.NewReader(in), fuzzLimit)
		for d.Next() {
		}
		if cap(d.rd.buf) > fuzzLimit+lineSlack+minRead || cap(d.data) > 2*fuzzLimit+64 {
			t.Fatalf("buffers grew to %d/%d for a %d limit", cap(d.rd.buf), cap(d.data), fuzzLimit)
		}
	})
}

func FuzzNDJSON(f *testing.F) {
	for _, s := range []string{"{\"a\":1}\n[2]\r\n\n3", "\n\n\"x\"", "{\"a\":\n1}\n", "nul\n", "{}\n{}"} {
		f.Add([]byte(s), uint64(len(s)))
	}
	f.Fuzz(func(t *testing.T, in []byte, seed uint64) {
		whole, wholeErr := collect(NewNDJSONDecoder(bytes.NewReader(in), fuzzLimit))
		split, splitErr := collect(NewNDJSONDecoder(randomSplit(in, seed), fuzzLimit))
		if !reflect.DeepEqual(whole, split) || errText(wholeErr) != errText(splitErr) {
			t.Fatalf("whole and split differ: %q %v / %q %v", whole, wholeErr, split, splitErr)
		}
		// Reference: split on LF, trim, skip blank, every other line valid JSON.
		var want []string
		var wantErr bool
		for _, line := range bytes.Split(in, []byte("\n")) {
			line = apijson.TrimSpace(line)
			if len(line) == 0 {
				continue
			}
			if len(line) > fuzzLimit {
				wantErr = true
				break
			}
			if !json.Valid(line) {
				wantErr = true
				break
			}
			want = append(want, string(line))
		}
		if wholeErr != nil != wantErr && !isLimit(wholeErr) {
			t.Fatalf("err = %v, reference error = %v", wholeErr, wantErr)
		}
		if wholeErr == nil && !reflect.DeepEqual(whole, want) {
			t.Fatalf("got %q want %q", whole, want)
		}
	})
}

func FuzzJSONSeq(f *testing.F) {
	for _, s := range []string{"\x1e{\"a\":1}\n\x1e[2]\n", "\x1e{\n\"b\": \"\\\"}\"\n}\n", "\x1e\x1e1\x1e2", "\x1e{\"a\":\x1e3\n", "x\n"} {
		f.Add([]byte(s), uint64(len(s)))
	}
	f.Fuzz(func(t *testing.T, in []byte, seed uint64) {
		whole, wholeErr := collect(NewJSONSeqDecoder(bytes.NewReader(in), fuzzLimit))
		split, splitErr := collect(NewJSONSeqDecoder(randomSplit(in, seed), fuzzLimit))
		if !reflect.DeepEqual(whole, split) || errText(wholeErr) != errText(splitErr) {
			t.Fatalf("whole and split differ: %q %v / %q %v", whole, wholeErr, split, splitErr)
		}
		for _, rec := range whole {
			if !json.Valid([]byte(rec)) || strings.Contains(rec, "\x1e") {
				t.Fatalf("bad record %q", rec)
			}
		}
		if wholeErr == nil {
			// Everything but white space and RS was delivered, in order.
			nonSpace := func(b []byte) string {
				return string(bytes.Map(func(r rune) rune {
					if r == 0x1e || r < 0x80 && apijson.IsSpace(byte(r)) {
						return -1
					}
					return r
				}, b))
			}
			if got, want := nonSpace([]byte(strings.Join(whole, ""))), nonSpace(in); got != want {
				t.Fatalf("records %q do not cover the input %q", whole, in)
			}
		}
	})
}

func collect(d Decoder) ([]string, error) {
	var out []string
	for d.Next() {
		out = append(out, string(d.Event().Data))
	}
	return out, d.Err()
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func isLimit(err error) bool {
	var le *LimitError
	return errors.As(err, &le)
}
