package apijson

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testModel and testItem are written the way the generator writes models:
// a readJSON for the fast path, an encoding/json fallback, and the
// UnmarshalJSON that joins them.
type testKind string

type testModel struct {
	ID     string            `json:"id"`
	N      int64             `json:"n,omitempty"`
	F      float64           `json:"f,omitempty"`
	B      bool              `json:"b,omitempty"`
	P      *string           `json:"p,omitempty"`
	Kind   testKind          `json:"kind,omitempty"`
	Items  []testItem        `json:"items,omitempty"`
	Tags   []string          `json:"tags,omitempty"`
	Meta   map[string]string `json:"meta,omitempty"`
	Any    any               `json:"any,omitempty"`
	RawMsg json.RawMessage   `json:"rawmsg,omitempty"`
	Child  *testItem         `json:"child,omitempty"`
	Nested testItem          `json:"nested,omitempty"`
	Grid   [][]int64         `json:"grid,omitempty"`
	Upper  string            `json:"Upper,omitempty"`

	raw json.RawMessage
}

type testItem struct {
	Name  string   `json:"name"`
	Score *float64 `json:"score,omitempty"`

	raw json.RawMessage
}

func (m *testModel) UnmarshalJSON(data []byte) error {
	return Unmarshal(data, m, (*testModel).readJSON, (*testModel).unmarshalStd)
}

func (m *testModel) unmarshalStd(data []byte) error {
	if IsNull(data) {
		return nil
	}
	type plain testModel
	if err := json.Unmarshal(data, (*plain)(m)); err != nil {
		return err
	}
	m.raw = Keep(data)
	return nil
}

func (m *testModel) readJSON(r *Reader) {
	start := r.Start()
	if !r.BeginObject() {
		return
	}
	var seen uint64
	for r.NextKey() {
		switch string(r.Key()) {
		case "id":
			r.Once(&seen, 1<<0)
			r.ReadString(&m.ID)
		case "n":
			r.Once(&seen, 1<<1)
			r.ReadInt(&m.N)
		case "f":
			r.Once(&seen, 1<<2)
			r.ReadFloat(&m.F)
		case "b":
			r.Once(&seen, 1<<3)
			r.ReadBool(&m.B)
		case "p":
			r.Once(&seen, 1<<4)
			if r.Null() {
				m.P = nil
			} else {
				v := new(string)
				r.ReadString(v)
				m.P = v
			}
		case "kind":
			r.Once(&seen, 1<<5)
			r.ReadString((*string)(&m.Kind))
		case "items":
			r.Once(&seen, 1<<6)
			if r.Null() {
				m.Items = nil
			} else if r.BeginArray() {
				v := []testItem{}
				for r.NextItem() {
					var e testItem
					e.readJSON(r)
					v = append(v, e)
				}
				m.Items = v
			}
		case "tags":
			r.Once(&seen, 1<<7)
			if r.Null() {
				m.Tags = nil
			} else if r.BeginArray() {
				v := []string{}
				for r.NextItem() {
					var e string
					r.ReadString(&e)
					v = append(v, e)
				}
				m.Tags = v
			}
		case "meta":
			r.Once(&seen, 1<<8)
			if r.Null() {
				m.Meta = nil
			} else if r.BeginObject() {
				v := map[string]string{} // a new map, as the generator writes it
				for r.NextMapKey() {
					var e string
					r.ReadString(&e)
					v[r.ReadKey()] = e
				}
				m.Meta = v
			}
		case "any":
			r.Once(&seen, 1<<9)
			r.Decode(&m.Any)
		case "rawmsg":
			r.Once(&seen, 1<<10)
			r.ReadRaw(&m.RawMsg)
		case "child":
			r.Once(&seen, 1<<11)
			if r.Null() {
				m.Child = nil
			} else {
				v := new(testItem)
				v.readJSON(r)
				m.Child = v
			}
		case "nested":
			r.Once(&seen, 1<<12)
			m.Nested.readJSON(r)
		case "grid":
			r.Once(&seen, 1<<13)
			if r.Null() {
				m.Grid = nil
			} else if r.BeginArray() {
				v := [][]int64{}
				for r.NextItem() {
					var e []int64
					if r.Null() {
						e = nil
					} else if r.BeginArray() {
						v2 := []int64{}
						for r.NextItem() {
							var e2 int64
							r.ReadInt(&e2)
							v2 = append(v2, e2)
						}
						e = v2
					}
					v = append(v, e)
				}
				m.Grid = v
			}
		case "Upper":
			r.Once(&seen, 1<<14)
			r.ReadString(&m.Upper)
		default:
			r.Other("\x00ID\x00N\x00F\x00B\x00P\x00KIND\x00ITEMS\x00TAGS\x00META\x00ANY\x00RAWMSG\x00CHILD\x00NESTED\x00GRID\x00UPPER\x00")
		}
	}
	m.raw = r.Since(start)
}

func (m *testItem) UnmarshalJSON(data []byte) error {
	return Unmarshal(data, m, (*testItem).readJSON, (*testItem).unmarshalStd)
}

func (m *testItem) unmarshalStd(data []byte) error {
	if IsNull(data) {
		return nil
	}
	type plain testItem
	if err := json.Unmarshal(data, (*plain)(m)); err != nil {
		return err
	}
	m.raw = Keep(data)
	return nil
}

func (m *testItem) readJSON(r *Reader) {
	start := r.Start()
	if !r.BeginObject() {
		return
	}
	var seen uint64
	for r.NextKey() {
		switch string(r.Key()) {
		case "name":
			r.Once(&seen, 1<<0)
			r.ReadString(&m.Name)
		case "score":
			r.Once(&seen, 1<<1)
			if r.Null() {
				m.Score = nil
			} else {
				v := new(float64)
				r.ReadFloat(v)
				m.Score = v
			}
		default:
			r.Other("\x00NAME\x00SCORE\x00")
		}
	}
	m.raw = r.Since(start)
}

// refModel and refItem have the same fields and no methods: what plain
// encoding/json makes of the input.
type refModel struct {
	ID     string            `json:"id"`
	N      int64             `json:"n,omitempty"`
	F      float64           `json:"f,omitempty"`
	B      bool              `json:"b,omitempty"`
	P      *string           `json:"p,omitempty"`
	Kind   testKind          `json:"kind,omitempty"`
	Items  []refItem         `json:"items,omitempty"`
	Tags   []string          `json:"tags,omitempty"`
	Meta   map[string]string `json:"meta,omitempty"`
	Any    any               `json:"any,omitempty"`
	RawMsg json.RawMessage   `json:"rawmsg,omitempty"`
	Child  *refItem          `json:"child,omitempty"`
	Nested refItem           `json:"nested,omitempty"`
	Grid   [][]int64         `json:"grid,omitempty"`
	Upper  string            `json:"Upper,omitempty"`
}

type refItem struct {
	Name  string   `json:"name"`
	Score *float64 `json:"score,omitempty"`
}

// checkSame decodes data both ways and fails when the results differ.
func checkSame(t *testing.T, data []byte) {
	t.Helper()
	var fast testModel
	errFast := fast.UnmarshalJSON(data)
	var ref refModel
	errRef := json.Unmarshal(data, &ref)
	if (errFast == nil) != (errRef == nil) {
		t.Fatalf("%q: fast error %v, encoding/json error %v", data, errFast, errRef)
	}
	if errRef != nil {
		// What encoding/json leaves behind on an error depends on where
		// the error is (a plain field goes on, a nested UnmarshalJSON
		// stops); only the error is specified.
		return
	}
	gotFast, err := json.Marshal(fast)
	if err != nil {
		t.Fatal(err)
	}
	gotRef, err := json.Marshal(ref)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotFast, gotRef) {
		t.Fatalf("%q:\nfast          %s\nencoding/json %s", data, gotFast, gotRef)
	}
	if errFast == nil && !IsNull(data) && !bytes.Equal(fast.raw, bytes.Trim(data, " \t\r\n")) {
		t.Fatalf("%q: raw %q", data, fast.raw)
	}
}

var readerCases = []string{
	`{}`, `null`, ` null `, `{"id":"a"}`, `{"id":"a","n":-12,"f":1.5e3,"b":true,"p":"x","kind":"k"}`,
	`{"items":[{"name":"a","score":1},{"name":"b","score":null},null]}`, `{"items":[]}`, `{"items":null}`,
	`{"tags":["a","b\n","\u00e9\ud83d\ude00","\ud800x","\xff"]}`, `{"meta":{"a":"1","b":"2"}}`, `{"meta":{}}`,
	`{"any":{"x":[1,"2",null,true]}}`, `{"rawmsg":  {"a" : 1} }`, `{"child":{"name":"c"}}`, `{"child":null}`,
	`{"nested":{"name":"n","extra":[1,{"q":2}]}}`, `{"grid":[[1,2],[],null,[3]]}`, `{"unknown":{"deep":[1,2,{"a":"b"}]},"id":"x"}`,
	`{"ID":"case"}`, `{"upper":"fold"}`, `{"Upper":"exact"}`, `{"\u0069d":"escaped key"}`, `{"id":"a","id":"b"}`,
	`{"items":[{"name":"a"}],"items":[{"score":2}]}`, `{"n":1.0}`, `{"n":1e2}`, `{"n":9223372036854775807}`,
	`{"n":9223372036854775808}`, `{"n":-9223372036854775808}`, `{"f":1e400}`, `{"f":-0}`, `{"f":123456789012345678901234567890}`,
	`{"id":5}`, `{"n":"5"}`, `{"b":1}`, `{"items":{}}`, `{"nested":"x"}`, `{"id":null,"n":null,"b":null,"kind":null,"nested":null}`,
	`{"id":"a",}`, `{"id":"a"} x`, `{"id":"a"}}`, `[1]`, `"s"`, `{"id":"\x01"}`, `{"id":"\q"}`, `{"id":"a"`, `{"n":01}`,
	`{"n":-}`, `{"f":1.}`, `{"f":.5}`, `{"b":tru}`, `{"b":truex}`, `{"id" "a"}`, `{id:"a"}`, `{"tags":["a",]}`, ``, ` `,
	"{\"id\":\"\xe2\x82\"}", `{"ſ":"long s"}`, `{"K":1}`,
	`{"meta":{"\u00e9":"1","a\nb":"2","é":"3","\ud800":"4","\"q\"":"5"}}`, "{\"meta\":{\"\xff\":\"bad utf-8\"}}",
	`{"meta":{"a":"1","\u0061":"2"}}`, `{"meta":{"\u0061":"1","a":"2"}}`, `{"meta":{"\q":"1"}}`, "{\"meta\":{\"\x01\":\"1\"}}",
}

func TestReaderMatchesEncodingJSON(t *testing.T) {
	for _, c := range readerCases {
		checkSame(t, []byte(c))
	}
}

// TestReaderFastPath checks the cases meant to stay on the fast path do:
// a fallback would hide a reader that gives up too often.
func TestReaderFastPath(t *testing.T) {
	for _, c := range []string{
		`{"id":"a","n":-12,"f":1.5e3,"b":true,"p":"x","kind":"k","tags":["a","b\n","é"],"meta":{"a":"1"}}`,
		`{"items":[{"name":"a","score":1},{"name":"b","score":null}],"child":{"name":"c"},"nested":{"name":"n"},"grid":[[1],[]]}`,
		`{"unknown":{"deep":[1,2,{"a":"b"}]},"any":[1,{"x":null}],"rawmsg":{"a":1}}`,
		`{"unknown":{"é":1,"a\nb":{"ü":[]}},"id":"x"}`,
		`{"meta":{"é":"1","a\"b":"2","\u00e9x":"3","\ud83d\ude00":"4","a":"5","\u0061":"6"}}`,
	} {
		var m testModel
		r := Reader{data: []byte(c)}
		m.readJSON(&r)
		if r.failed || r.Start() != len(c) {
			t.Errorf("%s: fell back to encoding/json", c)
		}
		checkSame(t, []byte(c)) // and decoded as encoding/json does
	}
}

func TestRawIsTheValue(t *testing.T) {
	var m testModel
	if err := m.UnmarshalJSON([]byte(` {"nested": {"name":"n"} , "id":"x"} `)); err != nil {
		t.Fatal(err)
	}
	if string(m.raw) != `{"nested": {"name":"n"} , "id":"x"}` || string(m.Nested.raw) != `{"name":"n"}` {
		t.Fatalf("raw %q, nested raw %q", m.raw, m.Nested.raw)
	}
	m.Nested.raw = append(m.Nested.raw, '!') // must not write into m.raw
	if string(m.raw) != `{"nested": {"name":"n"} , "id":"x"}` {
		t.Fatalf("appending to a nested raw changed the outer one: %q", m.raw)
	}
}

func FuzzReader(f *testing.F) {
	for _, c := range readerCases {
		f.Add([]byte(c))
	}
	if files, _ := filepath.Glob("../../../../../shared/corpus/sse/openai-*.sse"); len(files) > 0 {
		for _, name := range files[:2] {
			if b, err := os.ReadFile(name); err == nil {
				for _, line := range bytes.Split(b, []byte("\n")) {
					if rest, ok := bytes.CutPrefix(line, []byte("data: {")); ok {
						f.Add(append([]byte("{"), rest...))
					}
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSame(t, data)
	})
}

// TestReaderDepth: nesting deeper than encoding/json allows is its error,
// not a stack overflow, in arrays and objects the fast path skips (an
// unknown property: the only place the input, not the model, sets the
// depth, since a model's own nesting is fixed by its types).
func TestReaderDepth(t *testing.T) {
	for _, c := range []struct{ open, close string }{{`[`, `]`}, {`{"a":`, `}`}} {
		deep := []byte(`{"unknown":` + strings.Repeat(c.open, 1<<20) + strings.Repeat(c.close, 1<<20) + `}`)
		var m testModel
		if err := m.UnmarshalJSON(deep); err == nil {
			t.Errorf("%s nested 1M deep: no error", c.open)
		}
	}
	ok := []byte(`{"unknown":` + strings.Repeat(`[`, 9000) + strings.Repeat(`]`, 9000) + `}`)
	r := Reader{data: ok}
	var m testModel
	m.readJSON(&r)
	if r.failed || r.depth != 0 {
		t.Errorf("9000 deep: failed %v, depth %d after", r.failed, r.depth)
	}
}

func TestField(t *testing.T) {
	for _, c := range []struct {
		in, key, want string
		ok            bool
	}{
		{`{"a":1,"type":"x"}`, "type", `"x"`, true},
		{` { "n" : {"type":"inner"} , "type" : "outer" } `, "type", `"outer"`, true},
		{`{"s":"a\"type\":1","type":[1,{"b":"]"}]}`, "type", `[1,{"b":"]"}]`, true},
		{`{"t\u0079pe":null}`, "type", `null`, true},
		{`{"n":{"é":1,"\n":2},"type":"x"}`, "type", `"x"`, true},
		{`{"type":"first","type":"second"}`, "type", `"first"`, true},
		{`{"a":1}`, "type", ``, false},
		{`[{"type":1}]`, "type", ``, false},
		{`null`, "type", ``, false},
		{`{"a":`, "a", ``, false},
		{`{"a" 1}`, "a", ``, false},
		{`{"a":tru,"type":1}`, "type", ``, false},
		{``, "a", ``, false},
	} {
		v, ok := Field([]byte(c.in), c.key)
		if ok != c.ok || string(v) != c.want {
			t.Errorf("%s: got %q %v", c.in, v, ok)
		}
	}
	// What a stream looks up on every event allocates nothing.
	data := []byte(`{"id":"x","nested":{"error":1},"error":null}`)
	if n := testing.AllocsPerRun(100, func() { Field(data, "error") }); n != 0 {
		t.Errorf("Field with plain keys: %v allocations", n)
	}
}

func TestTrimSpace(t *testing.T) {
	if got := string(TrimSpace([]byte(" \t\r\n{}\n "))); got != "{}" {
		t.Errorf("got %q", got)
	}
	if got := TrimSpace([]byte(" \n")); len(got) != 0 {
		t.Errorf("got %q", got)
	}
}

// TestUnquote: one whole JSON string, decoded as encoding/json decodes it.
func TestUnquote(t *testing.T) {
	for _, in := range []string{
		`"plain"`, `""`, `"a\"b\\c\/d\n\t\u00e9\ud83d\ude00"`, "\"caf\xc3\xa9\"", "\"bad \xff utf-8\"",
		`"\ud800 lone surrogate"`, `"a"x`, `"a" `, `"unterminated`, `"\q"`, "\"ctl \x01\"", `x`, ``,
	} {
		got, ok := Unquote([]byte(in))
		var want string
		err := json.Unmarshal([]byte(in), &want)
		if in == `"a" ` {
			err = errors.New("not one whole string") // encoding/json allows the space; Unquote is given exact values
		}
		if ok != (err == nil) || ok && got != want {
			t.Errorf("Unquote(%q) = %q, %v; encoding/json %q, %v", in, got, ok, want, err)
		}
	}
}
