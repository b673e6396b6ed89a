package main

// End-to-end tests: the real generator behind the real command line, writing
// to real directories, and the go tool building what it wrote.

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// abs returns the absolute path of a file relative to the repository root.
func abs(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// sdkgen runs the command line with the real generator and returns the exit
// status and both outputs.
func sdkgen(t *testing.T, stdin []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, bytes.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// mustSdkgen runs the command line and fails the test unless it exits 0.
func mustSdkgen(t *testing.T, args ...string) {
	t.Helper()
	if code, stdout, stderr := sdkgen(t, nil, args...); code != 0 {
		t.Fatalf("sdkgen %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, stdout, stderr)
	}
}

// outsideModule returns a new empty directory that no go.mod above it
// claims, so sdkgen writes a go.mod there.
func outsideModule(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "acme-go")
	if mod, ok, err := findModule(dir); err != nil || ok {
		t.Skipf("%s is inside module %q (%v); these tests need a directory outside any module", dir, mod, err)
	}
	return dir
}

// goTool runs the go command in dir as a user of the SDK would, with no
// workspace, no network and no dependencies to fetch: the SDK has none.
func goTool(t *testing.T, dir string, args ...string) {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	cmd := exec.CommandContext(t.Context(), gobin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
}

// fileState is what "byte for byte as it was" compares.
type fileState struct {
	content string
	mode    fs.FileMode
	modTime time.Time
}

// snapshot records every file and directory under dir.
func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	m := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		st := fileState{mode: fi.Mode(), modTime: fi.ModTime()}
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			st.content = string(b)
		}
		m[filepath.ToSlash(rel)] = st
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameSnapshot(t *testing.T, got, want map[string]fileState) {
	t.Helper()
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s: removed", p)
		case g.content != w.content:
			t.Errorf("%s: content changed", p)
		case g.mode != w.mode || !g.modTime.Equal(w.modTime):
			t.Errorf("%s: mode or modification time changed: %v %v, was %v %v", p, g.mode, g.modTime, w.mode, w.modTime)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: created", p)
		}
	}
}

// TestE2EGenerateBuildCheck generates the chat SDK outside any module, builds
// and vets it, and walks through the -check and regeneration cycle.
func TestE2EGenerateBuildCheck(t *testing.T) {
	spec, config := abs(t, "testdata/chat/openapi.yaml"), abs(t, "testdata/chat/stainless.yml")
	out := outsideModule(t)
	gen := []string{"generate", "-spec", spec, "-config", config, "-out", out, "-module", "example.com/acme-go"}
	check := append(gen[:len(gen):len(gen)], "-check")

	mustSdkgen(t, gen...)
	gomod, err := os.ReadFile(filepath.Join(out, "go.mod"))
	if err != nil {
		t.Fatalf("no go.mod written outside a module: %v", err)
	}
	if !strings.Contains(string(gomod), "\nmodule example.com/acme-go\n") || strings.Contains(string(gomod), "require") {
		t.Errorf("go.mod:\n%s", gomod)
	}
	if !testing.Short() {
		goTool(t, out, "build", "./...")
		goTool(t, out, "vet", "./...")
	}

	// Right after generation the output is current.
	if code, stdout, stderr := sdkgen(t, nil, check...); code != 0 || stdout != "" {
		t.Fatalf("-check after generate: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}

	// A person edits a generated file: -check exits 1, names it, and writes
	// nothing.
	client := filepath.Join(out, "client.go")
	orig, err := os.ReadFile(client)
	if err != nil {
		t.Fatal(err)
	}
	edited := append(orig[:len(orig):len(orig)], "\n// edited by hand\n"...)
	mustWrite(t, client, string(edited))
	before := snapshot(t, out)
	code, stdout, stderr := sdkgen(t, nil, check...)
	if code != 1 || !strings.Contains(stdout, "changed  client.go\n") || !strings.Contains(stdout, "edited by hand") {
		t.Errorf("-check after an edit: exit %d, want 1 listing client.go and the diff\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "-check: 1 file(s)") {
		t.Errorf("-check stderr: %q", stderr)
	}
	sameSnapshot(t, snapshot(t, out), before)

	// A hand-written file survives regeneration; a generated file that is no
	// longer produced is removed; the edit is undone.
	handWritten := filepath.Join(out, "client_test.go")
	mustWrite(t, handWritten, "package acme\n\n// Written by a person.\n")
	stale := filepath.Join(out, "option", "old.go")
	mustWrite(t, stale, "// Code generated by sdkgen. DO NOT EDIT.\n\npackage option\n")
	mustSdkgen(t, gen...)
	if b, err := os.ReadFile(handWritten); err != nil || string(b) != "package acme\n\n// Written by a person.\n" {
		t.Errorf("hand-written file after regeneration: %q, %v", b, err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale generated file not removed: %v", err)
	}
	if b, _ := os.ReadFile(client); !bytes.Equal(b, orig) {
		t.Error("client.go not restored by regeneration")
	}
	if code, stdout, stderr := sdkgen(t, nil, check...); code != 0 {
		t.Errorf("-check after regeneration: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestE2EFailureWritesNothing runs broken inputs over an existing SDK: exit
// 1, every diagnostic on standard error, and the directory untouched.
func TestE2EFailureWritesNothing(t *testing.T) {
	out := outsideModule(t)
	mustSdkgen(t, "generate", "-spec", abs(t, "testdata/chat/openapi.yaml"), "-config", abs(t, "testdata/chat/stainless.yml"), "-out", out, "-module", "example.com/acme-go")
	mustWrite(t, filepath.Join(out, "notes.txt"), "mine\n")
	before := snapshot(t, out)

	for _, c := range []struct{ name, spec, config string }{
		{"err-config", "testdata/err-config/openapi.yaml", "testdata/err-config/stainless.yml"},
		{"err-streaming", "testdata/err-streaming/openapi.yaml", "testdata/err-streaming/stainless.yml"},
		{"err-spec", "testdata/err-spec/openapi.yaml", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"generate", "-spec", abs(t, c.spec), "-out", out}
			if c.config != "" {
				args = append(args, "-config", abs(t, c.config))
			}
			code, stdout, stderr := sdkgen(t, nil, args...)
			if code != 1 || stdout != "" {
				t.Errorf("exit %d, want 1; stdout %q", code, stdout)
			}
			want, err := os.ReadFile(abs(t, "testdata/"+c.name+"/want.err"))
			if err != nil {
				t.Fatal(err)
			}
			// Every diagnostic of the golden case, then the summary.
			for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
				_, rest, _ := strings.Cut(line, ":") // the file name is absolute here
				if !strings.Contains(stderr, rest) {
					t.Errorf("stderr lacks %q:\n%s", rest, stderr)
				}
			}
			if !strings.Contains(stderr, "sdkgen: ") || !strings.Contains(stderr, " error") {
				t.Errorf("no summary line:\n%s", stderr)
			}
			sameSnapshot(t, snapshot(t, out), before)
		})
	}
}

// TestE2EInputSpellings generates the same SDK three ways: single-dash
// flags, double-dash flags (with and without =), and the spec on standard
// input. The outputs must be identical.
func TestE2EInputSpellings(t *testing.T) {
	spec, config := abs(t, "testdata/chat/openapi.yaml"), abs(t, "testdata/chat/stainless.yml")
	specBytes, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	single, double, stdin := outsideModule(t), outsideModule(t), outsideModule(t)

	mustSdkgen(t, "generate", "-spec", spec, "-config", config, "-out", single, "-module", "example.com/acme-go")
	mustSdkgen(t, "generate", "--spec="+spec, "--config", config, "--out", double, "--module=example.com/acme-go")
	code, stdout, stderr := sdkgen(t, specBytes, "generate", "-spec", "-", "-config", config, "-out", stdin, "-module", "example.com/acme-go")
	if code != 0 {
		t.Fatalf("-spec -: exit %d\n%s%s", code, stdout, stderr)
	}

	want := tree(t, single)
	if len(want) == 0 {
		t.Fatal("nothing generated")
	}
	sameTree(t, tree(t, double), want)
	sameTree(t, tree(t, stdin), want)
}

// TestE2EZeroConfig generates an SDK from a spec alone and builds it.
func TestE2EZeroConfig(t *testing.T) {
	out := outsideModule(t)
	code, stdout, stderr := sdkgen(t, nil, "generate", "-spec", abs(t, "testdata/petstore/openapi.yaml"), "-out", out, "-module", "example.com/petstore-go")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "client.go")); err != nil {
		t.Fatal(err)
	}
	if !testing.Short() {
		goTool(t, out, "build", "./...")
		goTool(t, out, "vet", "./...")
	}
}

// TestE2ECheckCommand runs "sdkgen check", which reports and writes nothing.
func TestE2ECheckCommand(t *testing.T) {
	code, stdout, stderr := sdkgen(t, nil, "check", "-spec", abs(t, "testdata/chat/openapi.yaml"), "-config", abs(t, "testdata/chat/stainless.yml"))
	if code != 0 || stdout != "" || strings.Contains(stderr, "error") {
		t.Errorf("check chat: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	code, _, stderr = sdkgen(t, nil, "check", "-spec", abs(t, "testdata/err-config/openapi.yaml"), "-config", abs(t, "testdata/err-config/stainless.yml"))
	if code != 1 || !strings.Contains(stderr, `error [Config/UnknownKey]: unknown key "resorces" at the top level; did you mean "resources"?`) {
		t.Errorf("check err-config: exit %d\nstderr:\n%s", code, stderr)
	}
	if code, _, _ := sdkgen(t, nil, "generate", "-config", abs(t, "testdata/chat/stainless.yml")); code != 2 {
		t.Errorf("generate without -spec: exit %d, want 2", code)
	}
}

// TestExampleCurrent fails when the SDK committed in examples/chat/acme is
// not what sdkgen generates now: the CI codegen step, run on this
// repository's own example.
func TestExampleCurrent(t *testing.T) {
	code, stdout, stderr := sdkgen(t, nil, "generate",
		"-spec", abs(t, "testdata/chat/openapi.yaml"),
		"-config", abs(t, "testdata/chat/stainless.yml"),
		"-out", abs(t, "examples/chat/acme"),
		"-check")
	if code != 0 {
		t.Errorf("examples/chat/acme is stale (exit %d); run make example, or go generate ./examples/chat, and commit the result\n%s%s", code, stdout, stderr)
	}
}
