package openapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/internal/diag"
)

// FuzzLoad feeds Load arbitrary bytes. Load recovers from panics and
// reports them as Spec/Internal, so that code is the failure here.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{spec30, spec32, spec20, "openapi: 3.1.0\n", "{\"swagger\": \"2.0\"}", "a: &x [*x]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, diags := Load("fuzz.yaml", data)
		for _, d := range diags {
			if d.Code == "Spec/Internal" {
				t.Fatalf("%s", d)
			}
			if d.Pos.File == "" {
				t.Errorf("diagnostic without a file: %s", d)
			}
		}
		if doc == nil && !diags.HasErrors() {
			t.Fatalf("no document and no error")
		}
	})
}

// FuzzScanJSON checks the JSON scanner and writer against encoding/json:
// valid JSON must scan, and writing the nodes back must give the same value.
func FuzzScanJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e3,-0,true,null,"x\/\u00e9\ud83d\ude00"]}`, `"\ud800"`, `[{}, []]`, "{\"a\":1,\"a\":2}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, []byte("\ufeff")) {
			return // the scanner skips a BOM, encoding/json does not
		}
		n, err := scanJSON(data)
		if !json.Valid(data) {
			if err == nil {
				t.Fatalf("scanned invalid JSON %q", data)
			}
			return
		}
		if err != nil && !strings.Contains(err.Error(), "nesting deeper") {
			t.Fatalf("valid JSON %q: %v", data, err)
		}
		if err != nil {
			return
		}
		var diags diag.List
		jd, d := toJSON(&source{file: "f", root: deref(n)}, &nav{}, data, "", &diags)
		out := jd.js
		if d != nil {
			t.Fatalf("writing %q: %s", data, d)
		}
		var want, got any
		if err := json.Unmarshal(data, &want); err != nil {
			return // e.g. 1e700: valid JSON, but not a float64
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("wrote invalid JSON %q for %q: %v", out, data, err)
		}
		// The writer leaves out nulls outside example and schema values.
		if want = stripNulls(want); !reflect.DeepEqual(want, got) {
			t.Fatalf("%q came back as %q", data, out)
		}
	})
}

// stripNulls drops null object members and array items, as the writer does
// outside example and schema values.
func stripNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if e == nil {
				delete(v, k)
			} else {
				v[k] = stripNulls(e)
			}
		}
	case []any:
		out := v[:0]
		for _, e := range v {
			if e != nil {
				out = append(out, stripNulls(e))
			}
		}
		return out
	}
	return v
}
