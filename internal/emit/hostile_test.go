package emit_test

import (
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostileSpecInjectsNothing reads the SDK generated from a spec written
// to inject code (testdata/hostile) and requires that nothing of it became
// code: no init function, no panic call, no directive or build constraint
// in any comment. The spec's text may only appear inside comments and
// string literals.
func TestHostileSpecInjectsNothing(t *testing.T) {
	dir := filepath.Join(goldenDir, "hostile")
	count := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		count++
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			t.Errorf("%s does not parse: %v", path, err)
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncDecl:
				if x.Name.Name == "init" {
					t.Errorf("%s: init function injected at %s", path, fset.Position(x.Pos()))
				}
			case *ast.CallExpr:
				if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "panic" {
					t.Errorf("%s: panic call injected at %s", path, fset.Position(x.Pos()))
				}
			}
			return true
		})
		for _, g := range f.Comments {
			for _, c := range g.List {
				if strings.HasPrefix(c.Text, "//go:") || strings.HasPrefix(c.Text, "//line ") || strings.HasPrefix(c.Text, "/*") ||
					constraint.IsGoBuild(c.Text) || constraint.IsPlusBuild(c.Text) {
					t.Errorf("%s: directive or block comment %q at %s", path, c.Text, fset.Position(c.Pos()))
				}
			}
		}
		// Root files are the SDK's package; runtime copies are named after
		// their directory.
		want := "hostilepackage"
		if d := filepath.Dir(path); d != dir {
			want = filepath.Base(d)
		}
		if f.Name.Name != want {
			t.Errorf("%s: package %s, want %s", path, f.Name.Name, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count == 0 {
		t.Fatal("golden/hostile has no Go files; run make golden")
	}
}
