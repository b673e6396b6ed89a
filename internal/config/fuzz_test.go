package config

import (
	"os"
	"testing"
)

// FuzzLoad checks that Load never panics and always returns a config and
// well-formed diagnostics. Seeds are in testdata/fuzz/FuzzLoad, plus the
// CONFIG.md example (the larger Stainless example makes the fuzzer spend its
// time minimizing).
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"testdata/config_md.yml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, ds := Load("f.yml", data)
		if c == nil {
			t.Fatal("nil config")
		}
		for _, d := range ds {
			if d.Code == "" || d.Message == "" || d.Pos.File != "f.yml" {
				t.Fatalf("malformed diagnostic %+v", d)
			}
		}
		// The helpers must cope with whatever was decoded.
		for _, p := range c.ModelPaths() {
			if findModel(c, p) == nil {
				t.Fatalf("findModel(%q) = nil for a listed path", p)
			}
		}
		c.SuggestModel("a.b")
	})
}
