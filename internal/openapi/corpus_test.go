package openapi

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// corpusDir holds the real specs of the shared test corpus.
const corpusDir = "../../../shared/corpus"

// corpusSpecs lists the corpus specs, skipping the test when the corpus is
// not checked out next to the repository.
func corpusSpecs(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "specs", "*"))
	if len(files) == 0 {
		t.Skipf("no specs in %s (the shared corpus is not next to this checkout)", corpusDir)
	}
	slices.Sort(files)
	return files
}

// manifestOps reads the Ops column of the corpus MANIFEST.md, by file name.
func manifestOps(t *testing.T) map[string]int {
	data, err := os.ReadFile(filepath.Join(corpusDir, "MANIFEST.md"))
	if err != nil {
		t.Logf("no MANIFEST.md: %v", err)
		return nil
	}
	out := map[string]int{}
	var header []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "|") {
			header = nil
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if header == nil {
			header = cells
			continue
		}
		col := slices.Index(header, "Ops")
		if col < 0 || col >= len(cells) || len(cells) == 0 {
			continue
		}
		if n, err := strconv.Atoi(cells[col]); err == nil {
			out[strings.Trim(cells[0], "`")] = n
		}
	}
	return out
}

// manifestMethods are the methods the manifest's Ops column counts.
var manifestMethods = []string{"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "QUERY"}

// TestCorpus loads every real spec: no error diagnostics, no panic, and the
// operation count the manifest gives.
func TestCorpus(t *testing.T) {
	want := manifestOps(t)
	for _, file := range corpusSpecs(t) {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			doc, diags := Load(file, data)
			errs, warns := diags.Count()
			if errs > 0 || doc == nil {
				t.Fatalf("%d errors:\n%s", errs, diags)
			}
			ops := 0
			for _, op := range doc.Operations {
				if slices.Contains(manifestMethods, op.Method) {
					ops++
				}
			}
			t.Logf("%s: %d operations (%d in all), %d schemas, %d warnings", name, ops, len(doc.Operations),
				len(doc.Schemas), warns)
			if testing.Verbose() && warns > 0 {
				for _, d := range diags[:min(len(diags), 8)] {
					t.Logf("  %s", d)
				}
			}
			if n, ok := want[name]; ok && n != ops {
				t.Errorf("%d operations, MANIFEST.md says %d", ops, n)
			}
			for _, op := range doc.Operations {
				if op.Pos.Line == 0 {
					t.Errorf("%s %s has no line", op.Method, op.Path)
					break
				}
			}
			if len(data) < 500<<10 {
				// The same bytes give the same model and diagnostics.
				doc2, diags2 := Load(file, data)
				if !reflect.DeepEqual(doc, doc2) || !reflect.DeepEqual(diags, diags2) {
					t.Error("a second load differs from the first")
				}
			}
		})
	}
}
