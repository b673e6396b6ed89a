package writer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sdkgen/sdkgen/internal/generate"
)

// startTree is an output directory after an earlier run, with hand-written
// files next to the generated ones.
func startTree() map[string]string {
	return map[string]string{
		"client.go":            gen("package acme // v1\n"),
		"client_test.go":       "package acme\n",
		"models.go":            gen("package acme\n"),
		"old.go":               gen("package acme\n"),
		"oldpkg/a.go":          gen("package oldpkg\n"),
		"oldpkg/sub/b.go":      gen("package sub\n"),
		"mixed/gen.go":         gen("package mixed\n"),
		"mixed/handmade.go":    "package mixed\n",
		"README.md":            MarkdownHeader + "\n# v1\n",
		"docs/hand.md":         "# mine\n",
		"option/option.go":     gen("package option\n"),
		"option/extra_test.go": "package option\n",
	}
}

// nextFiles is what the next run generates.
func nextFiles() []generate.File {
	return []generate.File{
		goFile("client.go", "package acme // v2\n"),
		goFile("models.go", "package acme\n"),
		goFile("option/option.go", "package option\n"),
		goFile("streaming/stream.go", "package streaming\n"),
		goFile("internal/deep/er/x.go", "package er\n"),
		{Path: "README.md", Content: []byte(MarkdownHeader + "\n# v2\n")},
	}
}

func TestApplyThenPlanIsUnchanged(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, startTree())
	c, err := Plan(dir, nextFiles())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"client.go":             gen("package acme // v2\n"),
		"client_test.go":        "package acme\n",
		"models.go":             gen("package acme\n"),
		"mixed/":                "",
		"mixed/handmade.go":     "package mixed\n",
		"README.md":             MarkdownHeader + "\n# v2\n",
		"docs/":                 "",
		"docs/hand.md":          "# mine\n",
		"option/":               "",
		"option/option.go":      gen("package option\n"),
		"option/extra_test.go":  "package option\n",
		"streaming/":            "",
		"streaming/stream.go":   gen("package streaming\n"),
		"internal/":             "",
		"internal/deep/":        "",
		"internal/deep/er/":     "",
		"internal/deep/er/x.go": gen("package er\n"),
	}
	assertTree(t, readTree(t, dir), want)

	again, err := Plan(dir, nextFiles())
	if err != nil {
		t.Fatal(err)
	}
	if again.Stale() {
		t.Errorf("after Apply, Plan still has changes: %v", again.Pending())
	}
	if err := again.Apply(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, readTree(t, dir), want)
	if err := c.Apply(); err == nil {
		t.Error("second Apply of the same Changes succeeded")
	}
}

func TestApplyCreatesOutputDir(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "a", "b")
	c, err := Plan(dir, []generate.File{goFile("x.go", "package b\n")})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, readTree(t, root), map[string]string{"a/": "", "a/b/": "", "a/b/x.go": gen("package b\n")})
}

func TestApplyKeepsMode(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"x.go": gen("package x // old\n")})
	if err := os.Chmod(filepath.Join(dir, "x.go"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Plan(dir, []generate.File{goFile("x.go", "package x\n"), goFile("y.go", "package x\n")})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{"x.go": 0o600, "y.go": 0o644} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", name, fi.Mode().Perm(), want)
		}
	}
}

// TestApplyAtomicWhenStagingFails makes a directory impossible to create
// after planning, so Apply fails after writing some temporary files.
func TestApplyAtomicWhenStagingFails(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, startTree())
	c, err := Plan(dir, nextFiles())
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, dir, map[string]string{"streaming": "in the way\n"})
	before := readTree(t, dir)
	if err := c.Apply(); err == nil {
		t.Fatal("Apply succeeded")
	}
	assertTree(t, readTree(t, dir), before)
}

func TestApplyAtomicWhenTargetEditedAfterPlan(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, startTree())
	c, err := Plan(dir, nextFiles())
	if err != nil {
		t.Fatal(err)
	}
	// README.md is planned as an update; a person takes it over meanwhile.
	writeTree(t, dir, map[string]string{"README.md": "# now hand-written\n"})
	before := readTree(t, dir)
	err = c.Apply()
	if err == nil || !strings.Contains(err.Error(), "README.md was edited after planning") {
		t.Fatalf("Apply() = %v, want an edited-after-planning error", err)
	}
	assertTree(t, readTree(t, dir), before)
}

func TestApplyAtomicWhenNewTargetAppears(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, startTree())
	c, err := Plan(dir, nextFiles())
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, dir, map[string]string{"streaming/stream.go": "package streaming // mine\n"})
	before := readTree(t, dir)
	if err := c.Apply(); err == nil {
		t.Fatal("Apply succeeded")
	}
	assertTree(t, readTree(t, dir), before)
}

func TestApplyRollsBackFailedRename(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, startTree())
	before := readTree(t, dir)
	c, err := Plan(dir, nextFiles())
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	c.rename = func(oldpath, newpath string) error {
		calls++
		if calls == 4 {
			return errors.New("disk on fire")
		}
		return os.Rename(oldpath, newpath)
	}
	if err := c.Apply(); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Apply() = %v, want the rename error", err)
	}
	if calls != 4 {
		t.Errorf("rename called %d times, want 4", calls)
	}
	assertTree(t, readTree(t, dir), before)
}

// TestApplyAtomicInReadOnlyDir needs a user that directory permissions
// stop; as root it is skipped and TestApplyAtomicWhenStagingFails stands in.
func TestApplyAtomicInReadOnlyDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	dir := t.TempDir()
	writeTree(t, dir, startTree())
	files := append(nextFiles(), goFile("option/new.go", "package option\n"))
	c, err := Plan(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	ro := filepath.Join(dir, "option")
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	before := readTree(t, dir)
	if err := c.Apply(); err == nil {
		t.Fatal("Apply succeeded in a read-only directory")
	}
	assertTree(t, readTree(t, dir), before)
}
