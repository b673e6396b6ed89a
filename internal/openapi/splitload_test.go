package openapi

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// splitSpecs are specs that exercise what splitLoad must keep: x- keys
// among the paths, a discriminator mapping into the document, a path item
// $ref, and a duplicate path.
var splitSpecs = map[string]string{
	"mapping.yaml": `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  x-note: {a: 1}
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
  /pets/{id}:
    $ref: "#/components/pathItems/PetByID"
  /dup: {get: {responses: {"204": {description: first}}}}
  /dup: {get: {responses: {"204": {description: second}}}}
components:
  pathItems:
    PetByID:
      get:
        parameters: [{name: id, in: path, required: true, schema: {type: integer, maximum: 18446744073709551615}}]
        responses: {"204": {description: none}}
  schemas:
    Pet:
      oneOf: [{$ref: "#/components/schemas/Dog"}, {$ref: "#/components/schemas/Cat"}]
      discriminator:
        propertyName: kind
        mapping: {dog: "#/components/schemas/Dog", cat: Cat}
    Dog: {type: object, properties: {kind: {type: string}, bark: {type: boolean}}}
    Cat: {type: object, properties: {kind: {type: string}, lives: {type: integer, maxLength: 7}}}
`,
	// A path item kin-openapi cannot decode: the split load gives up and
	// the one-piece load reports the error.
	"bad-path.yaml": `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a: {get: {responses: {"204": {description: none}}}}
  /b: {get: {parameters: nope, responses: {"204": {description: none}}}}
`,
}

// splitJSON returns the JSON Load gives kin-openapi for a spec.
func splitJSON(t *testing.T, file string, data []byte) (jsonDoc, bool) {
	t.Helper()
	l := &loader{file: file, files: map[string][]byte{}, sources: map[string]*source{}}
	src, d := parseSource(file, data)
	if d != nil {
		return jsonDoc{}, false
	}
	l.root = src
	if !l.detectVersion() || l.v2 {
		return jsonDoc{}, false
	}
	jd, d := toJSON(src, &l.nav, data, l.readAs, &l.diags)
	return jd, d == nil
}

// TestSplitLoad checks that splitLoad gives the document kin-openapi's own
// load gives (both written back as JSON by kin-openapi), and that Load gives
// the same model and diagnostics with and without it, on every spec of the
// corpus and of testdata, and on splitSpecs.
func TestSplitLoad(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "specs", "*"))
	if len(files) == 0 {
		t.Logf("no specs in %s (the shared corpus is not next to this checkout): testdata only", corpusDir)
	}
	more, _ := filepath.Glob("../../testdata/*/*.yaml")
	files = append(files, more...)
	dir := t.TempDir()
	for name, spec := range splitSpecs {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	split := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(file)
		if jd, ok := splitJSON(t, file, data); ok && !jd.whole && len(jd.parts) > 1 {
			loc := &url.URL{Path: filepath.ToSlash(file)}
			one, oneErr := openapi3.NewLoader().LoadFromDataWithPath(jd.js, loc)
			got := splitLoad(jd, loc)
			switch {
			case got == nil && oneErr == nil:
				t.Errorf("%s: the split load failed where the one-piece load works", name)
			case got != nil && oneErr != nil:
				t.Errorf("%s: the split load worked where the one-piece load fails: %v", name, oneErr)
			case got != nil:
				split++
				a, errA := json.Marshal(got)
				b, errB := json.Marshal(one)
				if errA != nil || errB != nil || string(a) != string(b) {
					t.Errorf("%s: the split load gives another document (%v, %v)", name, errA, errB)
				}
				// JSON shows a mapping's $ref, not whether it was resolved
				// (which depends on the root location splitLoad records).
				var schemas openapi3.Schemas
				if one.Components != nil {
					schemas = one.Components.Schemas
				}
				for _, k := range sortedKeys(schemas) {
					s, o := got.Components.Schemas[k], one.Components.Schemas[k]
					if s.Value != nil && o.Value != nil && o.Value.Discriminator != nil {
						for m, ref := range o.Value.Discriminator.Mapping {
							if (ref.Value == nil) != (s.Value.Discriminator.Mapping[m].Value == nil) {
								t.Errorf("%s: mapping %s of %s resolved differently", name, m, k)
							}
						}
					}
				}
			}
		}
		docA, diagsA := loadSpec(file, data, true)
		docB, diagsB := loadSpec(file, data, false)
		if diagsA.String() != diagsB.String() {
			t.Errorf("%s: diagnostics differ:\nsplit:\n%s\none piece:\n%s", name, diagsA, diagsB)
		}
		if !reflect.DeepEqual(docA, docB) {
			t.Errorf("%s: the split load gives another model", name)
		}
	}
	if split < 2 {
		t.Fatalf("only %d specs took the split load", split)
	}
	t.Logf("%d of %d specs took the split load", split, len(files))
}

// TestSplitLoadExternal checks which $refs keep a document from the split
// load: one to another file does (splitLoad's loader reads no files; it
// would fail and fall back, at a cost), a discriminator mapping to a schema
// name does not.
func TestSplitLoadExternal(t *testing.T) {
	for _, c := range []struct {
		ref      string
		external bool
	}{
		{`$ref: "#/components/schemas/Dog"`, false},
		{`$ref: "other.yaml#/Dog"`, true},
		{`$ref: "./dog.json"`, true},
		{`discriminator: {propertyName: k, mapping: {dog: Dog}}`, false},
		{`discriminator: {propertyName: k, mapping: {dog: "#/components/schemas/Dog"}}`, false},
		{`discriminator: {propertyName: k, mapping: {dog: "other.yaml#/Dog"}}`, true},
	} {
		spec := "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Dog: {type: object}\n    Pet: {" + c.ref + "}\n"
		jd, ok := splitJSON(t, "spec.yaml", []byte(spec))
		if !ok || jd.whole != c.external || len(jd.parts) != 2 {
			t.Errorf("%s: whole %v, %d parts (ok %v), want %v and 2", c.ref, jd.whole, len(jd.parts), ok, c.external)
		}
	}
	// A container written twice: kin-openapi keeps the last paths or
	// components object but merges two schemas objects, so the document
	// is loaded in one piece (found by FuzzSplitLoad).
	for _, c := range []struct {
		spec  string
		whole bool
	}{
		{"paths: {/a: {}}\npaths: {/b: {}, /c: {}}\n", true},
		{"paths: {/a: {}, /b: {}}\ncomponents: {schemas: {A: {}}}\ncomponents: {schemas: {B: {}}}\n", true},
		{"paths: {/a: {}, /b: {}}\ncomponents: {schemas: {A: {}}, schemas: {B: {}}}\n", true},
		{"paths: {/a: {}, /b: {}}\ncomponents: {schemas: {A: {}}, responses: {paths: {description: x}}}\n", false},
	} {
		jd, ok := splitJSON(t, "spec.yaml", []byte("openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\n"+c.spec))
		if !ok || jd.whole != c.whole {
			t.Errorf("%q: whole %v (ok %v), want %v", c.spec, jd.whole, ok, c.whole)
		}
	}
	// A $ref in an example value is data (GitHub's examples hold SCIM
	// "$ref" URLs), but one in a media type's examples map is a reference:
	// the split load cannot resolve it and gives way.
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object}
              examples:
                data: {value: {members: [{$ref: "https://example.com/users/1"}]}}
                real: {$ref: "other.yaml#/components/examples/x"}
  /b: {get: {responses: {"204": {description: none}}}}
`
	jd, ok := splitJSON(t, "spec.yaml", []byte(spec))
	if !ok || jd.whole || len(jd.parts) != 2 {
		t.Fatalf("examples: whole %v, %d parts (ok %v), want false and 2", jd.whole, len(jd.parts), ok)
	}
	if splitLoad(jd, &url.URL{Path: "spec.yaml"}) != nil {
		t.Error("the split load resolved a $ref to another file")
	}
}

// BenchmarkSplitLoad measures Load with and without splitLoad on the big
// specs of the corpus.
//
//	go test ./internal/openapi -run '^$' -bench SplitLoad -count 4
func BenchmarkSplitLoad(b *testing.B) {
	for _, name := range []string{"stripe-spec3.yaml", "openai-openapi.yaml", "github-api.github.com.json"} {
		file := filepath.Join(corpusDir, "specs", name)
		data, err := os.ReadFile(file)
		if err != nil {
			b.Logf("skipping %s: %v (the shared corpus is not next to this checkout)", name, err)
			continue
		}
		for _, split := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/split=%v", name, split), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if doc, diags := loadSpec(file, data, split); doc == nil || diags.HasErrors() {
						b.Fatalf("errors:\n%s", diags)
					}
				}
			})
		}
	}
}

// longDigits finds a run of digits that may be an integer above 2^53.
var longDigits = regexp.MustCompile(`[0-9]{16}`)

// FuzzSplitLoad checks that Load gives the same model and diagnostics with
// and without splitLoad on any input.
func FuzzSplitLoad(f *testing.F) {
	for _, s := range []string{spec30, spec32, splitSpecs["mapping.yaml"], splitSpecs["bad-path.yaml"]} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if longDigits.Match(data) {
			// An integer above 2^53 in a path item: the one difference,
			// documented on splitLoad.
			return
		}
		docA, diagsA := loadSpec("fuzz.yaml", data, true)
		docB, diagsB := loadSpec("fuzz.yaml", data, false)
		if diagsA.String() != diagsB.String() {
			t.Fatalf("diagnostics differ:\nsplit:\n%s\none piece:\n%s", diagsA, diagsB)
		}
		if !reflect.DeepEqual(docA, docB) {
			t.Fatalf("the split load gives another model")
		}
	})
}
