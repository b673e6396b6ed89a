package emit_test

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/internal/generate"
	"github.com/sdkgen/sdkgen/internal/writer"
)

// The golden cases: one directory per case under testdata/ with the inputs
// (openapi.yaml or openapi.json, optional stainless.yml, optional want.err
// for a case that must fail with exactly that text) and the expected SDK
// under golden/<case>/. UPDATE_GOLDEN=1 rewrites the SDKs (make golden).
const (
	testdataDir = "../../testdata"
	goldenDir   = "../../golden"
	modulePath  = "github.com/sdkgen/sdkgen"
)

// goldenCase is one testdata directory.
type goldenCase struct {
	name, dir string
}

func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	entries, err := os.ReadDir(testdataDir)
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	for _, e := range entries {
		dir := filepath.Join(testdataDir, e.Name())
		if e.IsDir() && specPath(dir) != "" {
			cases = append(cases, goldenCase{e.Name(), dir})
		}
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases under testdata/")
	}
	return cases
}

// specPath finds a case's spec.
func specPath(dir string) string {
	for _, name := range []string{"openapi.yaml", "openapi.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return filepath.Join(dir, name)
		}
	}
	return ""
}

// input reads a case's inputs. Diagnostics name files relative to the case
// directory so want.err does not depend on where the test runs.
func input(t *testing.T, c goldenCase) generate.Input {
	t.Helper()
	spec, err := os.ReadFile(specPath(c.dir))
	if err != nil {
		t.Fatal(err)
	}
	in := generate.Input{
		SpecFile:   specPath(c.dir),
		Spec:       spec,
		ImportPath: modulePath + "/golden/" + c.name,
	}
	if cfg, err := os.ReadFile(filepath.Join(c.dir, "stainless.yml")); err == nil {
		in.ConfigFile, in.Config = filepath.Join(c.dir, "stainless.yml"), cfg
	}
	return in
}

// relative strips the case directory from diagnostics.
func relative(c goldenCase, text string) string {
	return strings.ReplaceAll(text, c.dir+string(filepath.Separator), "")
}

func TestGolden(t *testing.T) {
	update := os.Getenv("UPDATE_GOLDEN") != ""
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			files, diags, err := generate.Generate(input(t, c))
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			wantErr, readErr := os.ReadFile(filepath.Join(c.dir, "want.err"))
			if readErr == nil {
				got := relative(c, diags.String())
				if update && got != string(wantErr) {
					if err := os.WriteFile(filepath.Join(c.dir, "want.err"), []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				if got != string(wantErr) {
					t.Errorf("diagnostics differ from want.err\n got:\n%s\nwant:\n%s", got, wantErr)
				}
				if files != nil {
					t.Errorf("a failing case produced %d files", len(files))
				}
				return
			}
			if diags.HasErrors() {
				t.Fatalf("unexpected errors:\n%s", relative(c, diags.String()))
			}
			for _, f := range files {
				if !strings.HasSuffix(f.Path, ".go") {
					continue
				}
				if formatted, err := format.Source(f.Content); err != nil || !bytes.Equal(formatted, f.Content) {
					t.Errorf("%s is not gofmt-clean (err %v)", f.Path, err)
				}
			}
			changes, err := writer.Plan(filepath.Join(goldenDir, c.name), files)
			if err != nil {
				t.Fatal(err)
			}
			if update {
				if err := changes.Apply(); err != nil {
					t.Fatal(err)
				}
				return
			}
			if changes.Stale() {
				var diff bytes.Buffer
				changes.Diff(&diff)
				t.Errorf("golden/%s is out of date; run make golden and read the diff:\n%s", c.name, diff.String())
			}
		})
	}
}

// TestDeterministic generates every case twice and requires the same bytes.
func TestDeterministic(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			a, da, _ := generate.Generate(input(t, c))
			b, db, _ := generate.Generate(input(t, c))
			if da.String() != db.String() {
				t.Fatalf("diagnostics differ between runs:\n%s\n---\n%s", da, db)
			}
			if len(a) != len(b) {
				t.Fatalf("%d files, then %d", len(a), len(b))
			}
			for i := range a {
				if a[i].Path != b[i].Path || !bytes.Equal(a[i].Content, b[i].Content) {
					t.Fatalf("file %s differs between runs", a[i].Path)
				}
			}
		})
	}
}
