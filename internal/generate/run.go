package generate

import (
	"fmt"

	"github.com/sdkgen/sdkgen/internal/config"
	"github.com/sdkgen/sdkgen/internal/diag"
	"github.com/sdkgen/sdkgen/internal/emit"
	"github.com/sdkgen/sdkgen/internal/ir"
	"github.com/sdkgen/sdkgen/internal/openapi"
)

// Generate turns a spec and a config into SDK files. It is pure: it reads
// only its Input and writes nothing. Diagnostics carry every problem found;
// files are nil when any of them is an error. The error result is for
// failures of sdkgen itself, never for bad input.
func Generate(in Input) (files []File, diags diag.List, err error) {
	defer func() {
		// A panic is a bug in sdkgen, never the user's fault: report it as
		// one instead of crashing with a trace, and write nothing.
		if r := recover(); r != nil {
			files, err = nil, fmt.Errorf("internal error (please report it with the spec that caused it): %v", r)
		}
	}()
	specFile := in.SpecFile
	if specFile == "-" || specFile == "" {
		specFile = "<stdin>"
	}
	doc, ds := openapi.Load(specFile, in.Spec)
	diags.Add(ds...)
	cfg, ds := config.Load(in.ConfigFile, in.Config)
	diags.Add(ds...)
	if diags.HasErrors() || doc == nil || cfg == nil {
		return nil, diags.Sorted(), nil
	}
	api, ds := ir.Build(doc, cfg, ir.Options{
		ImportPath: in.ImportPath,
		Module:     in.Module,
		Package:    in.Package,
		WriteGoMod: in.WriteGoMod,
	})
	diags.Add(ds...)
	if diags.HasErrors() || api == nil {
		return nil, diags.Sorted(), nil
	}
	out, err := emit.Emit(api)
	if err != nil {
		return nil, diags.Sorted(), err
	}
	return out, diags.Sorted(), nil
}
