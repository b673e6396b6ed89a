// Package templates embeds the fixed parts of every generated SDK: the
// runtime packages under runtime/ (real, tested Go code that the emitter
// copies with its import paths rewritten) and the text templates for the
// SDK's README and go.mod.
package templates

import "embed"

// Runtime holds runtime/: the SDK's option, streaming and internal
// packages, and root/, the fixed files of the SDK's root package.
//
//go:embed runtime
var Runtime embed.FS

// Text holds the text/template files for README.md and go.mod.
//
//go:embed readme.md.tmpl gomod.tmpl
var Text embed.FS

// RuntimeImportPath is the import path the runtime packages have in this
// repository; the emitter replaces it with the SDK's import path.
const RuntimeImportPath = "github.com/sdkgen/sdkgen/templates/runtime"
