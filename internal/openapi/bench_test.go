package openapi

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// benchSpecs are the big specs the load time target is measured on.
var benchSpecs = []string{"stripe-spec3.yaml", "openai-openapi.yaml", "github-api.github.com.json", "kubernetes-swagger.json"}

// BenchmarkLoad measures Load on the big corpus specs, next to bare
// kin-openapi (openapi3.NewLoader().LoadFromData, no origins, no
// validation) on the same bytes: the reference for "generation within 2x of
// kin-openapi's own load time". Swagger 2.0 has no bare kin-openapi 3 load.
//
//	go test ./internal/openapi -run '^$' -bench Load -benchmem -count 5
func BenchmarkLoad(b *testing.B) {
	for _, name := range benchSpecs {
		data, err := os.ReadFile(filepath.Join(corpusDir, "specs", name))
		if err != nil {
			b.Logf("skipping %s: %v (the shared corpus is not next to this checkout)", name, err)
			continue
		}
		file := filepath.Join(corpusDir, "specs", name)
		b.Run(name+"/sdkgen", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if doc, diags := Load(file, data); doc == nil || diags.HasErrors() {
					b.Fatalf("errors:\n%s", diags)
				}
			}
		})
		if name == "kubernetes-swagger.json" {
			continue
		}
		b.Run(name+"/kin-openapi", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := openapi3.NewLoader().LoadFromData(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
