package writer

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/sdkgen/sdkgen/internal/generate"
)

// goFile returns a generated Go file with the header and the given body.
func goFile(path, body string) generate.File {
	return generate.File{Path: path, Content: []byte(GoHeader + "\n\n" + body)}
}

// gen returns the bytes of a generated Go file, as goFile writes them.
func gen(body string) string { return GoHeader + "\n\n" + body }

// writeTree creates the files, given by slash-separated path, under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree returns every file under dir by slash-separated path, hidden and
// temporary files included, and every directory as a path ending in "/".
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			tree[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		tree[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// assertTree fails unless the two trees are the same.
func assertTree(t *testing.T, got, want map[string]string) {
	t.Helper()
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s: missing", p)
		case g != w:
			t.Errorf("%s:\n got %q\nwant %q", p, g, w)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: unexpected", p)
		}
	}
}

// actions maps each planned path to its action.
func actions(c *Changes) map[string]Action {
	m := map[string]Action{}
	for _, ch := range c.Files {
		m[ch.Path] = ch.Action
	}
	return m
}
