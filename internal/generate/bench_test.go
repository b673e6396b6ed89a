package generate_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sdkgen/sdkgen/internal/generate"
)

// BenchmarkGenerate measures the whole in-memory pipeline (load, config,
// IR, emit) on the corpus's large specs.
func BenchmarkGenerate(b *testing.B) {
	for _, name := range []string{"stripe-spec3.yaml", "openai-openapi.yaml", "github-api.github.com.json", "kubernetes-swagger.json"} {
		path := filepath.Join(corpusDir, name)
		spec, err := os.ReadFile(path)
		if err != nil {
			b.Skipf("corpus not found at %s", corpusDir)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				files, diags, err := generate.Generate(generate.Input{SpecFile: path, Spec: spec, Module: "example.com/bench", WriteGoMod: true})
				if err != nil || diags.HasErrors() || len(files) == 0 {
					b.Fatalf("generate: %v\n%s", err, diags)
				}
			}
		})
	}
}
