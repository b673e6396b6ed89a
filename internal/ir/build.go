package ir

import (
	"strings"

	"github.com/sdkgen/sdkgen/internal/config"
	"github.com/sdkgen/sdkgen/internal/diag"
	"github.com/sdkgen/sdkgen/internal/naming"
	"github.com/sdkgen/sdkgen/internal/openapi"
)

// Options are the command line's say in the IR.
type Options struct {
	// ImportPath is the SDK root's import path when the output sits inside a
	// Go module; else Module (-module) or the config's module is used.
	ImportPath string
	Module     string
	// Package overrides the config's package name (-package).
	Package    string
	WriteGoMod bool
}

// rootNames are identifiers the SDK's root package declares itself; no
// generated type may take them.
var rootNames = []string{
	"Client", "NewClient", "Error", "String", "Int", "Float", "Bool", "Ptr", "Time", "Date", "Opt", "Value", "Null",
	"Stream", "Event",
}

// builder carries everything one Build needs; no package-level state.
type builder struct {
	doc   *openapi.Document
	cfg   *config.Config
	diags diag.List
	api   *API
	// names is the root package's scope: types, services, helpers.
	names *naming.Scope
	// files hands out resource file names.
	files *naming.Scope
	// declared maps a component or inline schema to its declared type, so a
	// schema used twice is declared once and recursion terminates.
	declared map[*openapi.Schema]*TypeRef
	// modelNames maps component schemas named in the config to their Go
	// names ("chat.completions.chat_completion_chunk" -> ChatCompletionChunk).
	modelNames map[*openapi.Schema]string
	// modelPaths maps model paths to their schemas, for stream_event_model.
	modelPaths map[string]*openapi.Schema
	// schemasByName indexes components.schemas.
	schemasByName map[string]*openapi.Schema
	// file is the file types declared now go into.
	file *File
}

// Build turns a loaded spec and config into the IR. Diagnostics hold every
// problem found; the API is nil when one of them is an error.
func Build(doc *openapi.Document, cfg *config.Config, opts Options) (*API, diag.List) {
	b := &builder{
		doc:           doc,
		cfg:           cfg,
		names:         naming.NewScope(rootNames...),
		files:         naming.NewScope("client.go", "sdk.go", "field.go", "README.md"),
		declared:      map[*openapi.Schema]*TypeRef{},
		modelNames:    map[*openapi.Schema]string{},
		modelPaths:    map[string]*openapi.Schema{},
		schemasByName: map[string]*openapi.Schema{},
	}
	for _, s := range doc.Schemas {
		b.schemasByName[s.Name] = s
	}
	b.api = &API{
		Title:       doc.Title,
		Description: doc.Description,
		Version:     doc.APIVersion,
		WriteGoMod:  opts.WriteGoMod,
	}
	b.identity(opts)
	b.environments()
	b.auth()
	b.claimModels()
	b.resources()
	breakValueCycles(b.api.Types)
	if b.diags.HasErrors() {
		return nil, b.diags
	}
	return b.api, b.diags
}

// identity decides the package name, import path, module and SDK name.
func (b *builder) identity(opts Options) {
	api, cfg := b.api, b.cfg
	api.Name = firstNonEmpty(cfg.Organization.Name, b.doc.Title, "API")
	pkg := firstNonEmpty(opts.Package, cfg.Go.PackageName)
	if pkg == "" {
		pkg = naming.Package(titleWords(api.Name))
	}
	if p := naming.Package(pkg); p != pkg {
		b.diags.Errorf(cfg.Go.PackageNamePos, "Config/InvalidPackageName",
			"set targets.go.package_name (or -package) to a valid Go package name such as "+p,
			"package name %q is not a valid Go package name", pkg)
	}
	api.Package = pkg
	api.EnvPrefix = strings.ToUpper(pkg)
	api.Module = firstNonEmpty(opts.Module, cfg.Go.Module)
	api.ImportPath = firstNonEmpty(opts.ImportPath, api.Module)
	if api.ImportPath == "" {
		b.diags.Errorf(cfg.Pos, "Generate/NoModulePath",
			"pass -module example.com/acme-go, set targets.go.module in the config, or generate into a directory inside a Go module",
			"no Go module path for the SDK")
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// fillerWords say nothing about an API and are skipped when a package name
// is taken from a title ("Swagger Petstore - OpenAPI 3.0" is petstore).
var fillerWords = map[string]bool{"api": true, "apis": true, "swagger": true, "openapi": true, "rest": true, "the": true, "service": true, "server": true, "http": true}

// titleWords joins the first two telling words of a title: "Pet Store" is
// petstore, "Swagger Petstore - OpenAPI 3.0" petstore, "OpenAI API" openai.
func titleWords(s string) string {
	if i := strings.IndexAny(s, ":(|–—"); i > 0 {
		s = s[:i]
	}
	if i := strings.Index(s, " - "); i > 0 {
		s = s[:i]
	}
	var kept []string
	for _, w := range naming.Words(s) {
		lw := strings.ToLower(w)
		if fillerWords[lw] || (len(lw) > 1 && lw[0] == 'v' && strings.Trim(lw[1:], "0123456789") == "") || strings.Trim(lw, "0123456789") == "" {
			continue
		}
		kept = append(kept, lw)
		if len(kept) == 2 {
			break
		}
	}
	if len(kept) == 0 {
		return "sdk"
	}
	return strings.Join(kept, "")
}
