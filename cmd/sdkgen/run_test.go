package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/internal/diag"
	"github.com/sdkgen/sdkgen/internal/generate"
	"github.com/sdkgen/sdkgen/internal/writer"
)

// fake stands in for generate.Generate: it records each Input and returns
// what its fields say.
type fake struct {
	files []generate.File
	diags diag.List
	err   error
	// goMod, when set, adds a generated go.mod whenever the input asks for one.
	goMod bool

	inputs []generate.Input
}

func (f *fake) generate(in generate.Input) ([]generate.File, diag.List, error) {
	f.inputs = append(f.inputs, in)
	files := f.files
	if f.goMod && in.WriteGoMod {
		files = append(files[:len(files):len(files)], generate.File{Path: "go.mod", Content: []byte(writer.GoHeader + "\nmodule " + in.Module + "\n")})
	}
	return files, f.diags, f.err
}

// last returns the Input of the latest call.
func (f *fake) last(t *testing.T) generate.Input {
	t.Helper()
	if len(f.inputs) == 0 {
		t.Fatal("generator not called")
	}
	return f.inputs[len(f.inputs)-1]
}

// sdkFiles is a small generated SDK.
func sdkFiles() []generate.File {
	return []generate.File{
		{Path: "client.go", Content: []byte(writer.GoHeader + "\n\npackage acme\n\ntype Client struct{}\n")},
		{Path: "option/option.go", Content: []byte(writer.GoHeader + "\n\npackage option\n")},
		{Path: "README.md", Content: []byte(writer.MarkdownHeader + "\n# Acme Go SDK\n")},
	}
}

// runFake runs sdkgen with the fake generator and returns the exit status
// and both outputs.
func runFake(f *fake, stdin string, args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	a := &app{stdin: strings.NewReader(stdin), stdout: &stdout, stderr: &stderr, generate: f.generate}
	code := a.execute(args)
	return code, stdout.String(), stderr.String()
}

// project makes a module example.com/proj with an api.yaml and a config,
// and returns its directory.
func project(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "go.mod"), "module example.com/proj\n\ngo 1.23\n")
	mustWrite(t, filepath.Join(dir, "api.yaml"), "openapi: 3.1.0\n")
	mustWrite(t, filepath.Join(dir, "stainless.yml"), "organization: {name: Acme}\n")
	return dir
}

func mustWrite(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// tree returns every file under dir with its content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameTree(t *testing.T, got, want map[string]string) {
	t.Helper()
	for p, w := range want {
		if g, ok := got[p]; !ok || g != w {
			t.Errorf("%s: got %q (present %v), want %q", p, g, ok, w)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: unexpected file", p)
		}
	}
}

func TestGenerateWritesInsideModule(t *testing.T) {
	dir := project(t)
	out := filepath.Join(dir, "sdk", "acme")
	f := &fake{files: sdkFiles()}
	code, stdout, stderr := runFake(f, "", "generate", "-spec", filepath.Join(dir, "api.yaml"), "-config", filepath.Join(dir, "stainless.yml"), "-out", out, "-package", "acme")
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	in := f.last(t)
	if in.ImportPath != "example.com/proj/sdk/acme" || in.WriteGoMod || in.Package != "acme" {
		t.Errorf("ImportPath %q, WriteGoMod %v, Package %q", in.ImportPath, in.WriteGoMod, in.Package)
	}
	if string(in.Spec) != "openapi: 3.1.0\n" || string(in.Config) != "organization: {name: Acme}\n" || in.SpecFile != filepath.Join(dir, "api.yaml") {
		t.Errorf("input %+v", in)
	}
	got := tree(t, out)
	if len(got) != 3 || got["option/option.go"] == "" {
		t.Errorf("written %v", got)
	}
}

func TestGenerateDefaultsToCurrentDir(t *testing.T) {
	dir := project(t)
	pkg := filepath.Join(dir, "acme")
	if err := os.Mkdir(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(pkg)
	f := &fake{files: sdkFiles()}
	// The go:generate line, with single dashes.
	code, _, stderr := runFake(f, "", "generate", "-spec", "../api.yaml", "-config", "../stainless.yml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if in := f.last(t); in.ImportPath != "example.com/proj/acme" || in.SpecFile != "../api.yaml" || in.ConfigFile != "../stainless.yml" {
		t.Errorf("input %+v", in)
	}
	if _, err := os.Stat(filepath.Join(pkg, "client.go")); err != nil {
		t.Error(err)
	}
}

func TestGenerateModuleRoot(t *testing.T) {
	dir := project(t)
	f := &fake{files: sdkFiles()}
	if code, _, stderr := runFake(f, "", "--spec", filepath.Join(dir, "api.yaml"), "--out", dir); code != 2 {
		// Flags before the command are not accepted; this documents it.
		t.Errorf("flags before the command: exit %d: %s", code, stderr)
	}
	code, _, stderr := runFake(f, "", "generate", "--spec="+filepath.Join(dir, "api.yaml"), "--out="+dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if in := f.last(t); in.ImportPath != "example.com/proj" || in.WriteGoMod || in.ConfigFile != "" || in.Config != nil {
		t.Errorf("input %+v", in)
	}
}

func TestGenerateOutsideModule(t *testing.T) {
	out := filepath.Join(t.TempDir(), "acme-go")
	if _, in, _ := findModule(out); in {
		t.Skip("the temporary directory is inside a Go module")
	}
	spec := filepath.Join(t.TempDir(), "api.yaml")
	mustWrite(t, spec, "openapi: 3.0.3\n")
	f := &fake{files: sdkFiles(), goMod: true}
	code, _, stderr := runFake(f, "", "generate", "-spec", spec, "-out", out, "-module", "example.com/acme-go")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if in := f.last(t); in.ImportPath != "" || !in.WriteGoMod || in.Module != "example.com/acme-go" {
		t.Errorf("input %+v", in)
	}
	if !strings.Contains(tree(t, out)["go.mod"], "module example.com/acme-go") {
		t.Fatalf("no go.mod written: %v", tree(t, out))
	}
	// The go.mod just written is the SDK's own: the next run is still outside
	// a module, so it is regenerated, not deleted, and the output is current.
	code, stdout, stderr := runFake(f, "", "generate", "-spec", spec, "-out", out, "-module", "example.com/acme-go", "-check")
	if code != 0 || stdout != "" {
		t.Errorf("-check after generate: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if in := f.last(t); !in.WriteGoMod {
		t.Error("second run thinks the SDK's own go.mod makes a module")
	}
}

func TestStdin(t *testing.T) {
	dir := project(t)
	f := &fake{files: sdkFiles()}
	code, _, stderr := runFake(f, "openapi: 3.2.0\n", "generate", "-spec", "-", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if in := f.last(t); in.SpecFile != "<stdin>" || string(in.Spec) != "openapi: 3.2.0\n" {
		t.Errorf("input %+v", in)
	}
	code, _, stderr = runFake(f, "targets: {}\n", "check", "-spec", filepath.Join(dir, "api.yaml"), "-config", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if in := f.last(t); in.ConfigFile != "<stdin>" || string(in.Config) != "targets: {}\n" {
		t.Errorf("input %+v", in)
	}
}

func TestCheckFlag(t *testing.T) {
	dir := project(t)
	out := filepath.Join(dir, "sdk")
	spec := filepath.Join(dir, "api.yaml")
	f := &fake{files: sdkFiles()}
	if code, _, stderr := runFake(f, "", "generate", "-spec", spec, "-out", out); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runFake(f, "", "generate", "-spec", spec, "-out", out, "-check")
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("current output: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	// Someone edits a generated file, and the generator now also makes
	// streaming/stream.go and no longer option/option.go.
	client := filepath.Join(out, "client.go")
	edited := writer.GoHeader + "\n\npackage acme\n\ntype Client struct{ hacked bool }\n"
	mustWrite(t, client, edited)
	f.files = append(sdkFiles()[:1], sdkFiles()[2], generate.File{Path: "streaming/stream.go", Content: []byte(writer.GoHeader + "\n\npackage streaming\n")})
	before := tree(t, out)
	code, stdout, stderr = runFake(f, "", "generate", "-spec", spec, "-out", out, "-check")
	if code != 1 {
		t.Fatalf("stale output: exit %d, want 1; stderr %q", code, stderr)
	}
	for _, s := range []string{
		"changed  client.go\n", "deleted  option/option.go\n", "new      streaming/stream.go\n",
		"--- a/client.go\n+++ b/client.go\n", "-type Client struct{ hacked bool }\n+type Client struct{}\n",
	} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, stdout)
		}
	}
	if !strings.Contains(stderr, "-check: 3 file(s) in "+out+" would change") {
		t.Errorf("stderr %q", stderr)
	}
	sameTree(t, tree(t, out), before)
}

func TestErrorsWriteNothing(t *testing.T) {
	dir := project(t)
	out := filepath.Join(dir, "sdk")
	mustWrite(t, filepath.Join(out, "client.go"), writer.GoHeader+"\n\npackage acme // old\n")
	before := tree(t, out)
	var diags diag.List
	diags.Warnf(diag.Pos{File: "api.yaml", Line: 9, Col: 3}, "Streaming/CannotInferParamsName", "", "no model name")
	diags.Errorf(diag.Pos{File: "stainless.yml", Line: 14, Col: 9}, "Config/UnknownModel", `did you mean "b"?`, "model %q not found", "a")
	diags.Errorf(diag.Pos{File: "api.yaml", Line: 2}, "Spec/Invalid", "", "bad")
	f := &fake{files: sdkFiles(), diags: diags}
	code, stdout, stderr := runFake(f, "", "generate", "-spec", filepath.Join(dir, "api.yaml"), "-out", out)
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	want := `api.yaml:2: error [Spec/Invalid]: bad
api.yaml:9:3: warning [Streaming/CannotInferParamsName]: no model name
stainless.yml:14:9: error [Config/UnknownModel]: model "a" not found; did you mean "b"?
sdkgen: 2 errors, 1 warning
`
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
	sameTree(t, tree(t, out), before)
}

func TestStrict(t *testing.T) {
	var warn diag.List
	warn.Warnf(diag.Pos{File: "api.yaml", Line: 1}, "Endpoint/NotConfigured", "", "1 operation not mapped")
	var note diag.List
	note.Notef(diag.Pos{File: "api.yaml", Line: 1}, "Resource/Inferred", "", "resource chat from tag")
	tests := []struct {
		name    string
		diags   diag.List
		strict  bool
		code    int
		written bool
		summary string
	}{
		{"warning", warn, false, 0, true, "sdkgen: 0 errors, 1 warning\n"},
		{"warning strict", warn, true, 1, false, "sdkgen: 0 errors, 1 warning\nsdkgen: -strict: warnings fail the run\n"},
		{"note strict", note, true, 0, true, "sdkgen: 0 errors, 0 warnings, 1 note\n"},
		{"clean strict", nil, true, 0, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := project(t)
			out := filepath.Join(dir, "sdk")
			args := []string{"generate", "-spec", filepath.Join(dir, "api.yaml"), "-out", out}
			if tt.strict {
				args = append(args, "-strict")
			}
			code, _, stderr := runFake(&fake{files: sdkFiles(), diags: tt.diags}, "", args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, stderr)
			}
			if !strings.HasSuffix(stderr, tt.summary) {
				t.Errorf("stderr %q does not end with %q", stderr, tt.summary)
			}
			_, err := os.Stat(filepath.Join(out, "client.go"))
			if written := err == nil; written != tt.written {
				t.Errorf("written = %v, want %v", written, tt.written)
			}
		})
	}
}

func TestHandWrittenFiles(t *testing.T) {
	dir := project(t)
	out := filepath.Join(dir, "sdk")
	spec := filepath.Join(dir, "api.yaml")
	mustWrite(t, filepath.Join(out, "client_test.go"), "package acme\n")
	f := &fake{files: sdkFiles()}
	if code, _, stderr := runFake(f, "", "generate", "-spec", spec, "-out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f.files = sdkFiles()[:1]
	if code, _, stderr := runFake(f, "", "generate", "-spec", spec, "-out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := tree(t, out)
	if len(got) != 2 || got["client_test.go"] != "package acme\n" || got["client.go"] == "" {
		t.Errorf("after regeneration: %v", got)
	}
	if _, err := os.Stat(filepath.Join(out, "option")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("emptied option/ not removed: %v", err)
	}

	// A generated path taken by a file a person wrote is an error.
	mustWrite(t, filepath.Join(out, "README.md"), "# ours\n")
	f.files = sdkFiles()
	before := tree(t, out)
	code, _, stderr := runFake(f, "", "generate", "-spec", spec, "-out", out)
	if code != 1 || !strings.Contains(stderr, "README.md: exists without the generated header") {
		t.Errorf("collision: exit %d, stderr %q", code, stderr)
	}
	sameTree(t, tree(t, out), before)
}

func TestCheckCommand(t *testing.T) {
	dir := project(t)
	t.Chdir(dir)
	before := tree(t, dir)
	var warn diag.List
	warn.Warnf(diag.Pos{File: "api.yaml", Line: 3}, "Spec/Odd", "", "odd")
	f := &fake{files: sdkFiles(), diags: warn}
	code, stdout, stderr := runFake(f, "", "check", "-spec", "api.yaml", "-config", "stainless.yml")
	if code != 0 || stdout != "" || stderr != "api.yaml:3: warning [Spec/Odd]: odd\nsdkgen: 0 errors, 1 warning\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if in := f.last(t); in.ImportPath != "example.com/proj" {
		t.Errorf("ImportPath %q", in.ImportPath)
	}
	if code, _, _ := runFake(f, "", "check", "-spec", "api.yaml", "-strict"); code != 1 {
		t.Errorf("check -strict with a warning: exit %d, want 1", code)
	}
	f.diags.Errorf(diag.Pos{}, "Spec/Bad", "", "bad")
	if code, _, _ := runFake(f, "", "check", "-spec", "api.yaml"); code != 1 {
		t.Errorf("check with an error: exit %d, want 1", code)
	}
	sameTree(t, tree(t, dir), before)
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "sdkgen: missing command"},
		{[]string{"generate"}, "sdkgen: -spec is required\nRun 'sdkgen generate -h' for usage.\n"},
		{[]string{"check", "-config", "x"}, "-spec is required"},
		{[]string{"generate", "-spec", "x", "-bogus"}, "sdkgen: unknown flag -bogus\n"},
		{[]string{"generate", "-spec", "x", "--bogus=1"}, "unknown flag -bogus\n"},
		{[]string{"generate", "-s", "x"}, "unknown flag -s\n"},
		{[]string{"generate", "-spec"}, "flag -spec needs a value"},
		{[]string{"generate", "-spec", "x", "-check=maybe"}, `invalid value "maybe" for -check`},
		{[]string{"generate", "api.yaml"}, `unexpected argument "api.yaml"`},
		{[]string{"check", "-spec", "x", "-out", "d"}, "unknown flag -out"},
		{[]string{"version", "now"}, `unexpected argument "now"`},
		{[]string{"genrate"}, `unknown command "genrate"`},
		{[]string{"generate", "-spec", "-", "-config", "-"}, "cannot both read standard input"},
	}
	for _, tt := range tests {
		f := &fake{files: sdkFiles()}
		code, stdout, stderr := runFake(f, "", tt.args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, code, stdout, stderr, tt.want)
		}
		if len(f.inputs) > 0 {
			t.Errorf("%q: generator called", tt.args)
		}
	}
}

func TestInputErrors(t *testing.T) {
	dir := project(t)
	t.Chdir(dir)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"generate", "-spec", "nope.yaml"}, "sdkgen: reading -spec: open nope.yaml: no such file or directory\n"},
		{[]string{"check", "-spec", "api.yaml", "-config", "nope.yml"}, "sdkgen: reading -config: open nope.yml: no such file or directory\n"},
		{[]string{"generate", "-spec", "api.yaml", "-out", "api.yaml"}, "sdkgen: -out api.yaml is a file, not a directory\n"},
		{[]string{"generate", "-spec", "api.yaml", "-out", "api.yaml/x"}, "sdkgen: -out api.yaml/x: stat "},
	}
	for _, tt := range tests {
		code, _, stderr := runFake(&fake{files: sdkFiles()}, "", tt.args...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 1 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestInternalErrors(t *testing.T) {
	dir := project(t)
	spec := filepath.Join(dir, "api.yaml")
	code, _, stderr := runFake(&fake{err: errors.New("boom")}, "", "generate", "-spec", spec, "-out", dir)
	if code != 1 || stderr != "sdkgen: internal error: boom\n" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runFake(&fake{}, "", "generate", "-spec", spec, "-out", dir)
	if code != 1 || !strings.Contains(stderr, "produced no files") {
		t.Errorf("no files: exit %d, stderr %q", code, stderr)
	}
	bad := []generate.File{{Path: "x.go", Content: []byte("package x\n")}}
	code, _, stderr = runFake(&fake{files: bad}, "", "generate", "-spec", spec, "-out", dir)
	if code != 1 || !strings.Contains(stderr, "does not start with") {
		t.Errorf("file without header: exit %d, stderr %q", code, stderr)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"-help"}, {"help"}} {
		code, stdout, stderr := runFake(&fake{}, "", args...)
		if code != 0 || stderr != "" || !strings.Contains(stdout, "Commands:\n  check") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	for _, args := range [][]string{{"generate", "-h"}, {"generate", "--help"}, {"help", "generate"}, {"generate", "-spec", "x", "-h"}} {
		code, stdout, _ := runFake(&fake{}, "", args...)
		if code != 0 || !strings.Contains(stdout, "\n  -spec FILE ") || !strings.Contains(stdout, "sdkgen generate -spec FILE [-config FILE]") {
			t.Errorf("%q: exit %d, stdout %q", args, code, stdout)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	code, stdout, stderr := runFake(&fake{}, "", "version")
	if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "sdkgen ") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestRunUsesRealGenerator(t *testing.T) {
	// The real pipeline may not be wired yet; either way run must not panic
	// and must give one of the documented statuses.
	dir := project(t)
	var stdout, stderr bytes.Buffer
	code := run([]string{"check", "-spec", filepath.Join(dir, "api.yaml")}, strings.NewReader(""), &stdout, &stderr)
	if code != 0 && code != 1 {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}
