package openapi_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/sdkgen/sdkgen/internal/generate"
)

// BenchmarkGenerateVsKinLoad runs kin-openapi's bare load and sdkgen's
// whole generation (load, config, IR, emit: every SDK file in memory) on
// the same spec in one benchmark run, for the target "generation within 2x
// of kin-openapi's own load time":
//
//	go test ./internal/openapi -run '^$' -bench GenerateVsKinLoad -benchmem -count 5
func BenchmarkGenerateVsKinLoad(b *testing.B) {
	for _, name := range []string{"stripe-spec3.yaml", "openai-openapi.yaml"} {
		path := filepath.Join("../../../shared/corpus/specs", name)
		data, err := os.ReadFile(path)
		if err != nil {
			b.Skipf("corpus not found (%v); it lives beside the checkout", err)
		}
		b.Run(name+"/kin-openapi-load", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := openapi3.NewLoader().LoadFromData(data); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/sdkgen-generate", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				files, diags, err := generate.Generate(generate.Input{SpecFile: path, Spec: data, Module: "example.com/bench", WriteGoMod: true})
				if err != nil || diags.HasErrors() || len(files) == 0 {
					b.Fatalf("generate: %v\n%s", err, diags)
				}
			}
		})
	}
}
