package generate_test

import (
	"bytes"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/internal/generate"
	"github.com/sdkgen/sdkgen/internal/writer"
)

// corpusDir holds real specs nobody here wrote; a clone without ../shared
// skips these tests.
const corpusDir = "../../../shared/corpus/specs"

// buildSpecs are generated, built and vetted by every `make test`. Set
// SDKGEN_CORPUS=all to do the same for every spec in the corpus (make
// corpus).
var buildSpecs = []string{
	"oai-v3.0-petstore.yaml",
	"oai-v3.1-webhook-example.yaml",
	"oai-v2.0-petstore.json",
	"oai-v3.2-3.2-tags-example.yaml",
}

func corpusSpecs(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (clone the shared folder beside the checkout to run this test)", corpusDir)
	}
	if os.Getenv("SDKGEN_CORPUS") != "all" {
		return buildSpecs
	}
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, e := range entries {
		all = append(all, e.Name())
	}
	return all
}

// TestCorpusBuilds generates SDKs from real specs with no config, writes
// them with a go.mod outside any module, and requires go build and go vet
// (and staticcheck, when STATICCHECK names its binary, as make corpus does)
// to pass on them.
func TestCorpusBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds SDKs with the go tool; skipped with -short")
	}
	for _, name := range corpusSpecs(t) {
		t.Run(name, func(t *testing.T) {
			spec, err := os.ReadFile(filepath.Join(corpusDir, name))
			if err != nil {
				t.Fatal(err)
			}
			module := "example.com/" + regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(name), "")
			files, diags, err := generate.Generate(generate.Input{
				SpecFile:   filepath.Join(corpusDir, name),
				Spec:       spec,
				Module:     module,
				WriteGoMod: true,
			})
			if err != nil || diags.HasErrors() {
				t.Fatalf("generate: %v\n%s", err, diags)
			}
			for _, f := range files {
				if !strings.HasSuffix(f.Path, ".go") {
					continue
				}
				if formatted, err := format.Source(f.Content); err != nil || !bytes.Equal(formatted, f.Content) {
					t.Errorf("%s is not gofmt-clean (err %v)", f.Path, err)
				}
			}
			dir := t.TempDir()
			changes, err := writer.Plan(dir, files)
			if err != nil {
				t.Fatal(err)
			}
			if err := changes.Apply(); err != nil {
				t.Fatal(err)
			}
			cmds := [][]string{{"go", "build", "./..."}, {"go", "vet", "./..."}}
			if sc := os.Getenv("STATICCHECK"); sc != "" {
				cmds = append(cmds, []string{sc, "./..."})
			}
			for _, args := range cmds {
				cmd := exec.Command(args[0], args[1:]...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
				}
			}
		})
	}
}
