package openapi

import (
	"encoding/json"
	"net/url"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"
)

// splitLoad is kin-openapi's LoadFromDataWithPath for a document whose $refs
// all point into itself (and with no second paths, components or schemas
// object: see jsonDoc.whole), with the decoding spread over the CPUs: the
// values of the paths and components.schemas entries (most of a big spec)
// are decoded in parallel, each as kin-openapi decodes it within the
// document; the rest of the document is decoded with those values left
// empty; the values are put in place; then the $refs are resolved.
//
// kin-openapi decodes every level of a document more than once (into its
// struct, then into a map for the extensions; the paths object even into a
// map, back to JSON and again into path items), so its load was most of
// sdkgen's serial time. On two CPUs the split takes 20 to 45% off Load's
// time on Stripe's, OpenAI's and GitHub's specs (BenchmarkSplitLoad; the
// figures are in bench/COMMANDS.md, "Profile").
//
// The document is the same (TestSplitLoad compares the corpus's), with one
// difference that only makes it more exact: kin-openapi's own load passes
// path items through float64, so an integer above 2^53 in one (a maxLength)
// loses its last digits there, and not here.
//
// It returns nil on any error, or a panic, in kin-openapi: the caller then
// loads the document in one piece, which reports the error as before.
func splitLoad(jd jsonDoc, loc *url.URL) *openapi3.T {
	// The document without the parts: each value replaced by {}.
	skeleton := make([]byte, 0, 1024+len(jd.parts)*8)
	at := 0
	for _, p := range jd.parts {
		skeleton = append(skeleton, jd.js[at:p.start]...)
		skeleton = append(skeleton, "{}"...)
		at = p.end
	}
	skeleton = append(skeleton, jd.js[at:]...)

	values := make([]any, len(jd.parts))
	if !decodeParts(jd, values) {
		return nil
	}
	return assemble(skeleton, jd.parts, values, loc)
}

// decodeParts decodes each part into a *openapi3.SchemaRef or a
// *openapi3.PathItem, on as many goroutines as there are CPUs, the largest
// parts first. It reports false if one failed.
func decodeParts(jd jsonDoc, values []any) bool {
	order := make([]int, len(jd.parts))
	for i := range order {
		order[i] = i
	}
	size := func(i int) int { return jd.parts[i].end - jd.parts[i].start }
	slices.SortStableFunc(order, func(a, b int) int { return size(b) - size(a) })

	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(order)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if recover() != nil {
					failed.Store(true) // the one-piece load meets it again
				}
			}()
			for !failed.Load() {
				k := int(next.Add(1)) - 1
				if k >= len(order) {
					return
				}
				p := jd.parts[order[k]]
				var v any = new(openapi3.PathItem)
				if p.schema {
					v = new(openapi3.SchemaRef)
				}
				if json.Unmarshal(jd.js[p.start:p.end], v) != nil {
					failed.Store(true)
					return
				}
				values[order[k]] = v
			}
		}()
	}
	wg.Wait()
	return !failed.Load()
}

// assemble decodes the skeleton, puts the decoded parts in place of the
// empty values and resolves the $refs.
func assemble(skeleton []byte, parts []jsonPart, values []any, loc *url.URL) (kdoc *openapi3.T) {
	defer func() {
		if recover() != nil {
			kdoc = nil
		}
	}()
	doc := &openapi3.T{}
	if json.Unmarshal(skeleton, doc) != nil {
		return nil
	}
	for i, p := range parts {
		switch v := values[i].(type) {
		case *openapi3.SchemaRef:
			if doc.Components == nil || doc.Components.Schemas == nil {
				return nil
			}
			doc.Components.Schemas[p.key] = v
		case *openapi3.PathItem:
			if doc.Paths == nil {
				return nil
			}
			doc.Paths.Set(p.key, v)
		}
	}
	// LoadFromDataWithPath records the root document's location before it
	// resolves: resolving a discriminator mapping depends on it. A first
	// load of an empty document records it here; with no $ref to another
	// file, that document is never looked at again.
	kl := openapi3.NewLoader()
	if _, err := kl.LoadFromDataWithPath([]byte(`{"openapi":"3.0.0","info":{"title":"","version":""},"paths":{}}`), loc); err != nil {
		return nil
	}
	if kl.ResolveRefsIn(doc, loc) != nil {
		return nil
	}
	return doc
}
