// Package generate is sdkgen's one entry point: spec and config bytes in,
// SDK files and diagnostics out, all in memory. Only cmd/sdkgen touches the
// disk, so -check, golden tests and benchmarks share this code path.
package generate

import "github.com/sdkgen/sdkgen/internal/emit"

// File is one generated file: a slash-separated path relative to the
// output directory, and its bytes.
type File = emit.File

// Input is everything one generation needs.
type Input struct {
	// SpecFile names the spec in diagnostics and resolves relative $refs;
	// "-" or "<stdin>" for standard input. Spec holds its bytes.
	SpecFile string
	Spec     []byte
	// ConfigFile and Config are empty in zero-config mode.
	ConfigFile string
	Config     []byte
	// ImportPath is the import path of the SDK's root package. When empty it
	// comes from -module, then the config; when none gives one the run fails
	// with a diagnostic.
	ImportPath string
	// Module overrides the config's module path (-module).
	Module string
	// Package overrides the config's package name (-package).
	Package string
	// WriteGoMod asks for a go.mod: the output is not inside a Go module.
	WriteGoMod bool
}
