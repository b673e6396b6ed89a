// Package realtest generates SDKs from real, public OpenAPI documents (the
// shared corpus beside the checkout) with the configs in testdata/real, and
// proves them against recorded stream bodies: each test writes a
// replay_test.go into the generated SDK, serves the recorded bytes from an
// httptest server, and runs `go test` there. A clone without the corpus
// skips every test here.
package realtest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sdkgen/sdkgen/internal/generate"
	"github.com/sdkgen/sdkgen/internal/writer"
)

// corpusDir is the shared corpus of real specs and stream bodies, read only.
const corpusDir = "../../../shared/corpus"

// configDir holds this package's configs, one directory per API.
const configDir = "../../testdata/real"

// corpus returns the corpus directory, or skips the test when it is absent.
func corpus(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "MANIFEST.md")); err != nil {
		t.Skipf("corpus not found at %s (clone the shared folder beside the checkout to run the real-spec tests)", corpusDir)
	}
	return corpusDir
}

// slow skips a test that runs the go tool, under -short.
func slow(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and tests generated SDKs with the go tool; skipped with -short")
	}
}

// sdk is a generated SDK written to a temporary directory.
type sdk struct {
	Dir    string
	Module string
	// Package is the root package name, read from the generated client.go.
	Package string
}

// generateSDK generates spec (a file under the corpus' specs/) with config (a
// path relative to testdata/real, "" for zero-config) and writes it, with a
// go.mod for module, to a temporary directory. Generator errors fail the test;
// warnings are logged only when verbose.
func generateSDK(t *testing.T, spec, config, module string) *sdk {
	t.Helper()
	specFile := filepath.Join(corpus(t), "specs", spec)
	specBytes, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	in := generate.Input{SpecFile: specFile, Spec: specBytes, Module: module, WriteGoMod: true}
	if config != "" {
		in.ConfigFile = filepath.Join(configDir, config)
		if in.Config, err = os.ReadFile(in.ConfigFile); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	files, diags, err := generate.Generate(in)
	if err != nil || diags.HasErrors() {
		t.Fatalf("generate %s (config %q): %v\n%s", spec, config, err, diags)
	}
	dir := t.TempDir()
	changes, err := writer.Plan(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if err := changes.Apply(); err != nil {
		t.Fatal(err)
	}
	s := &sdk{Dir: dir, Module: module}
	client, err := os.ReadFile(filepath.Join(dir, "client.go"))
	if err != nil {
		t.Fatalf("generated SDK has no client.go: %v", err)
	}
	if m := regexp.MustCompile(`(?m)^package (\w+)`).FindSubmatch(client); m != nil {
		s.Package = string(m[1])
	}
	t.Logf("generated %s (config %q): %d files in %v", spec, config, len(files), time.Since(start).Round(time.Millisecond))
	return s
}

// write puts a test file into the SDK: text with __PKG__ replaced by the
// SDK's root package name and __MODULE__ by its module path.
func (s *sdk) write(t *testing.T, name, text string) {
	t.Helper()
	r := strings.NewReplacer("__PKG__", s.Package, "__MODULE__", s.Module)
	s.writeBytes(t, name, []byte(r.Replace(text)))
}

// writeBytes puts a file into the SDK as it is.
func (s *sdk) writeBytes(t *testing.T, name string, b []byte) {
	t.Helper()
	path := filepath.Join(s.Dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyBody copies a corpus file (relative to the corpus) to testdata/<base>
// in the SDK.
func (s *sdk) copyBody(t *testing.T, rel string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpus(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	s.writeBytes(t, "testdata/"+filepath.Base(rel), b)
}

// goCmd runs the go tool in the SDK with the environment a generated SDK
// needs (no workspace, no proxy: it has no dependencies) and returns its
// output.
func (s *sdk) goCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	start := time.Now()
	cmd := exec.Command("go", args...)
	cmd.Dir = s.Dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	t.Logf("go %s: %v", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	return string(out), err
}

// goTest runs the replay tests written into the SDK's root package, fails
// the test when they fail, and logs their own log lines.
func (s *sdk) goTest(t *testing.T) {
	t.Helper()
	out, err := s.goCmd(t, "test", "-count=1", "-v", ".")
	for _, line := range strings.Split(out, "\n") {
		// Keep what the replay tests logged and what failed; drop go test's
		// RUN/PAUSE/CONT chatter.
		trim := strings.TrimSpace(line)
		if trim == "" || strings.HasPrefix(trim, "=== ") {
			continue
		}
		t.Log(line)
	}
	if err != nil {
		t.Fatalf("go test in the generated SDK failed: %v", err)
	}
	pass, skip := strings.Count(out, "--- PASS: "), strings.Count(out, "--- SKIP: ")
	t.Logf("generated SDK's replay tests: %d passed, %d skipped (known gaps, see the SKIP lines above)", pass, skip)
}

// manifest is what MANIFEST.md says about the corpus.
type manifest struct {
	// specs maps a spec file name to its "Streaming ops" count (the number
	// before the mixed count in parentheses), mixed to the count in
	// parentheses (operations that also offer a non-stream media type).
	specs, mixed map[string]int
	// bodies maps an SSE capture to its event count and whether it ends with
	// a blank line.
	bodies map[string]manifestBody
}

type manifestBody struct {
	Events       int
	EndsWithLine bool
}

// readManifest parses the tables of MANIFEST.md by their column titles.
func readManifest(t *testing.T) *manifest {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus(t), "MANIFEST.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := &manifest{specs: map[string]int{}, mixed: map[string]int{}, bodies: map[string]manifestBody{}}
	var header []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "|") {
			header = nil
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if header == nil {
			header = cells
			continue
		}
		if strings.HasPrefix(cells[0], "---") || len(cells) != len(header) {
			continue
		}
		col := func(title string) (string, bool) {
			for i, h := range header {
				if h == title {
					return cells[i], true
				}
			}
			return "", false
		}
		file := strings.Trim(cells[0], "`")
		if v, ok := col("Streaming ops (mixed)"); ok {
			total, mixed, _ := strings.Cut(strings.TrimSuffix(v, ")"), "(")
			n, err1 := strconv.Atoi(strings.TrimSpace(total))
			x, err2 := strconv.Atoi(strings.TrimSpace(mixed))
			if err1 != nil || err2 != nil {
				t.Fatalf("MANIFEST: streaming ops of %s: %q", file, v)
			}
			m.specs[file], m.mixed[file] = n, x
		}
		if v, ok := col("Events"); ok && strings.HasSuffix(file, ".sse") {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("MANIFEST: events of %s: %q", file, v)
			}
			ends, _ := col("Ends with blank line")
			m.bodies[file] = manifestBody{Events: n, EndsWithLine: strings.HasPrefix(ends, "yes")}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(m.specs) == 0 || len(m.bodies) == 0 {
		t.Fatalf("MANIFEST.md: found %d specs and %d SSE bodies; did its tables change?", len(m.specs), len(m.bodies))
	}
	return m
}

// sseEvent is one event as a reference reader sees it.
type sseEvent struct {
	Type string
	Data string
}

// referenceSSE reads an event stream the simple way, as the test's own
// oracle (independent of the generated decoder): lines end in LF, CRLF or CR;
// a block is dispatched at a blank line when it has data; a block not
// terminated by a blank line at EOF is dropped, as WHATWG says.
func referenceSSE(body []byte) []sseEvent {
	text := strings.TrimPrefix(string(body), "\ufeff")
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(text, "\n")
	lines = lines[:len(lines)-1] // the last piece is an unterminated line, or ""
	var out []sseEvent
	var typ string
	var data []string
	hasData := false
	for _, line := range lines {
		if line == "" {
			if hasData {
				out = append(out, sseEvent{Type: typ, Data: strings.Join(data, "\n")})
			}
			typ, data, hasData = "", nil, false
			continue
		}
		if strings.HasPrefix(line, ":") {
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "event":
			typ = value
		case "data":
			data, hasData = append(data, value), true
		}
	}
	return out
}

// readFile reads a file or fails the test.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// corpusFiles returns the corpus files matching pattern (relative to the
// corpus, as copyBody takes them), failing when there are none.
func corpusFiles(t *testing.T, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpus(t), pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s in the corpus (%v)", pattern, err)
	}
	for i, f := range files {
		files[i], _ = filepath.Rel(corpus(t), f)
	}
	return files
}

// writeCases copies each corpus body into the SDK and writes cases_test.go:
// decl (the case type, in the SDK's test package), then "var name =
// []typ{...}" with one element per body, as item renders it from the
// body's path and bytes.
func (s *sdk) writeCases(t *testing.T, decl, name, typ string, rels []string, item func(rel string, body []byte) string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("// Test scaffolding written by sdkgen's internal/realtest.\n\npackage " + s.Package + "_test\n\n")
	b.WriteString(decl)
	fmt.Fprintf(&b, "var %s = []%s{\n", name, typ)
	for _, rel := range rels {
		s.copyBody(t, rel)
		b.WriteString("\t" + item(rel, readFile(t, filepath.Join(corpus(t), rel))) + ",\n")
	}
	b.WriteString("}\n")
	s.writeBytes(t, "cases_test.go", []byte(b.String()))
}
