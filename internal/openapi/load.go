package openapi

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/sdkgen/sdkgen/internal/diag"
	"gopkg.in/yaml.v3"
)

// How Load works, and why:
//
//  1. The bytes are parsed once into a yaml.Node tree (yaml.v3 for YAML, a
//     small scanner for JSON, since yaml.v3 rejects valid JSON such as "\/"
//     and surrogate-pair escapes). The tree gives every position, the
//     written order of properties, paths and media types, and the version.
//  2. The tree is written out as JSON (tojson.go), which kin-openapi decodes
//     on its fast encoding/json path with origins off. kin-openapi's own
//     IncludeOrigin was measured at +45-75% CPU and about 3x peak memory on the
//     big specs, records nothing for JSON input or Swagger 2.0, and leaves
//     property order to be pieced together from lines; kin-openapi's YAML
//     path parses twice as much anyway (YAML to any to JSON to structs).
//     When the document's $refs all point into it, its paths and schemas
//     are decoded in parallel (splitload.go).
//  3. The kin-openapi document is converted to the model (convert*.go),
//     walking the tree alongside for positions and order, memoised by schema
//     pointer for identity and cycles.
//  4. Validation runs last, on the kin-openapi document with every schema
//     $ref cut (validate.go), so each shared schema is validated once.

// Stdin is the file name that says the spec came from standard input.
const Stdin = "<stdin>"

// Load parses a spec (YAML or JSON; OpenAPI 3.0, 3.1, 3.2, or Swagger 2.0
// converted with openapi2conv) and returns the neutral model. file names the
// spec in diagnostics and resolves relative $refs to other local files;
// "<stdin>" means the bytes came from standard input (relative refs then
// resolve against the working directory).
//
// Diagnostics: anything that stops generation is an error (unparsable
// YAML/JSON, unresolvable $ref, not an OpenAPI document at all); everything
// else kin-openapi's validation complains about is a warning. The document
// is nil when the spec could not be loaded at all; it can be non-nil with
// errors too, so callers check diags.HasErrors. The diagnostics are sorted.
// Load never panics.
func Load(file string, data []byte) (doc *Document, diags diag.List) {
	return loadSpec(file, data, true)
}

// loadSpec is Load, with the split load of kin-openapi's part (see
// splitLoad) when split is set.
func loadSpec(file string, data []byte, split bool) (doc *Document, diags diag.List) {
	l := &loader{file: file, files: map[string][]byte{}, sources: map[string]*source{}, split: split}
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			l.diags.Errorf(diag.Pos{File: file}, "Spec/Internal",
				"this is a bug in sdkgen or kin-openapi; please report it with the spec",
				"loading the spec failed unexpectedly: %v", r)
			diags = l.diags.Sorted()
		}
	}()
	doc = l.load(data)
	return doc, l.diags.Sorted()
}

// loader carries the state of one Load call.
type loader struct {
	file  string
	diags diag.List
	nav   nav
	root  *source
	// rootPath is the root document's location as kin-openapi sees it.
	rootPath string
	// rootJSON is what kin-openapi decoded for the root document.
	rootJSON []byte
	// files holds the bytes of other files kin-openapi read for $refs, and
	// sources their parsed trees, both by location.
	files   map[string][]byte
	sources map[string]*source
	v2      bool
	// version is the version field as written ("2.0", "3.1.0").
	version string
	// rewrites are the $refs of the root document the JSON writer changed.
	rewrites refRewrites
	// readAs, when set, is the version kin-openapi is told the document
	// has, for a 3.x version it does not know.
	readAs string
	// split allows splitLoad.
	split bool
}

func (l *loader) load(data []byte) *Document {
	src, d := parseSource(l.file, data)
	if d != nil {
		l.diags.Add(*d)
		return nil
	}
	l.root = src
	if !l.detectVersion() {
		return nil
	}
	jd, d := toJSON(src, &l.nav, data, l.readAs, &l.diags)
	if d != nil {
		l.diags.Add(*d)
		return nil
	}
	l.rootJSON = jd.js
	l.rewrites = jd.rewrites
	l.rootPath = filepath.ToSlash(l.file)
	if l.file == Stdin {
		// A relative $ref resolves against the working directory.
		l.rootPath = "stdin"
	}
	kdoc := l.kinLoad(jd)
	l.rootJSON = nil // kin-openapi has read it
	if kdoc == nil {
		return nil
	}
	c := newConverter(l, kdoc)
	doc := c.document()
	l.validate(kdoc, c)
	return doc
}

// detectVersion reads openapi or swagger from the root and reports whether
// the document can be loaded.
func (l *loader) detectVersion() bool {
	root := l.root.root
	pos := l.root.pos(root)
	if root == nil {
		l.diags.Errorf(diag.Pos{File: l.file}, "Spec/NotOpenAPI", "give sdkgen an OpenAPI or Swagger document",
			"the file is empty")
		return false
	}
	if root.Kind != yaml.MappingNode {
		l.diags.Errorf(pos, "Spec/NotOpenAPI", "an OpenAPI document is a mapping with openapi, info and paths keys",
			"the document is a %s, not an OpenAPI object", kindName(root))
		return false
	}
	if v, ok := l.nav.str(root, "openapi"); ok {
		k, _ := l.nav.get(root, "openapi")
		l.version = v
		major, minor, _ := strings.Cut(v, ".")
		minor, _, _ = strings.Cut(minor, ".")
		switch {
		case major != "3":
			l.diags.Errorf(l.root.pos(k), "Spec/UnsupportedVersion", "sdkgen reads OpenAPI 3.0, 3.1, 3.2 and Swagger 2.0",
				"OpenAPI version %q is not supported", v)
			return false
		case minor != "0" && minor != "1" && minor != "2":
			l.diags.Warnf(l.root.pos(k), "Spec/UnsupportedVersion", "sdkgen reads OpenAPI 3.0, 3.1 and 3.2",
				"OpenAPI version %q is not known; reading the document as OpenAPI 3.2", v)
			l.readAs = "3.2.0"
		}
		return true
	}
	if v, ok := l.nav.str(root, "swagger"); ok {
		k, _ := l.nav.get(root, "swagger")
		l.version = v
		if v != "2.0" && v != "2" {
			l.diags.Errorf(l.root.pos(k), "Spec/UnsupportedVersion", "sdkgen reads Swagger 2.0 and OpenAPI 3.x",
				"Swagger version %q is not supported", v)
			return false
		}
		l.v2 = true
		return true
	}
	fix := "this does not look like an OpenAPI document"
	if k, _ := l.nav.get(root, "paths"); k != nil {
		fix = "add `openapi: 3.1.0` (or the version the document follows) at the top"
	} else if k, _ := l.nav.get(root, "info"); k != nil {
		fix = "add `openapi: 3.1.0` (or the version the document follows) at the top"
	}
	l.diags.Errorf(pos, "Spec/NotOpenAPI", fix, "the document has neither an openapi nor a swagger field")
	return false
}

// kinLoad decodes and resolves the document with kin-openapi: split across
// the CPUs when it can be (see splitLoad), else in one piece.
func (l *loader) kinLoad(jd jsonDoc) *openapi3.T {
	loc := &url.URL{Path: l.rootPath}
	if l.split && !l.v2 && !jd.whole && len(jd.parts) > 1 {
		if kdoc := splitLoad(jd, loc); kdoc != nil {
			return kdoc
		}
	}
	js := jd.js
	kl := openapi3.NewLoader()
	kl.IsExternalRefsAllowed = true
	kl.ReadFromURIFunc = l.readURI
	if !l.v2 {
		kdoc, err := kl.LoadFromDataWithPath(js, loc)
		if err != nil {
			l.loadError(err)
			return nil
		}
		return kdoc
	}
	var d2 openapi2.T
	if err := json.Unmarshal(js, &d2); err != nil {
		l.loadError(err)
		return nil
	}
	kdoc, err := openapi2conv.ToV3WithLoader(&d2, kl, loc)
	if err != nil {
		l.loadError(err)
		return nil
	}
	return kdoc
}

// readURI reads the files that $refs name. Only local files are read: a
// code generator should not fetch from the network behind the user's back.
func (l *loader) readURI(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
	if u.Scheme != "" && u.Scheme != "file" {
		return nil, fmt.Errorf("remote reference %s is not supported", u.Redacted())
	}
	p := u.Path
	if p == l.rootPath {
		return l.rootJSON, nil
	}
	if b, ok := l.files[p]; ok {
		return b, nil
	}
	b, err := readLocal(p)
	if err != nil {
		return nil, err
	}
	l.files[p] = b
	return b, nil
}

// maxRefFileSize bounds a file read for a $ref.
const maxRefFileSize = 256 << 20

// readLocal reads a regular file named by a slash-separated path. Devices
// and pipes (a $ref to /dev/zero) are refused rather than read forever.
func readLocal(p string) ([]byte, error) {
	name := filepath.FromSlash(p)
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", p)
	}
	if fi.Size() > maxRefFileSize {
		return nil, fmt.Errorf("%s is larger than %d MB", p, maxRefFileSize>>20)
	}
	return os.ReadFile(name)
}

// sourceFor returns the parsed tree of a file kin-openapi read, by location.
func (l *loader) sourceFor(p string) *source {
	if p == l.rootPath || p == "" {
		return l.root
	}
	if s, ok := l.sources[p]; ok {
		return s
	}
	var s *source
	if b, ok := l.files[p]; ok {
		s, _ = parseSource(p, b)
	}
	l.sources[p] = s
	return s
}

// resolvePath resolves the file part of a $ref written in the file at from,
// the way kin-openapi does.
func (l *loader) resolvePath(from, ref string) string {
	if ref == "" {
		return from
	}
	if u, err := url.Parse(ref); err == nil && (u.Scheme != "" || path.IsAbs(u.Path)) {
		return u.Path
	}
	if from == l.rootPath && l.file == Stdin {
		return path.Clean(ref)
	}
	return path.Join(path.Dir(from), ref)
}

func kindName(n *yaml.Node) string {
	switch n.ShortTag() {
	case "!!seq":
		return "list"
	case "!!str":
		return "string"
	case "!!int", "!!float":
		return "number"
	case "!!bool":
		return "boolean"
	case "!!null":
		return "null"
	}
	return "scalar"
}
