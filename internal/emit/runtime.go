package emit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/sdkgen/sdkgen/internal/ir"
	"github.com/sdkgen/sdkgen/templates"
)

// runtimeFiles copies the runtime packages into the SDK: every non-test Go
// file under templates/runtime, imports rewritten to the SDK's import path
// through go/ast, the generated header added. Files of runtime/root go to
// the SDK's root package under its name.
func runtimeFiles(api *ir.API) ([]File, error) {
	var files []File
	err := fs.WalkDir(templates.Runtime, "runtime", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := fs.ReadFile(templates.Runtime, p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "runtime/")
		pkgName := ""
		if strings.HasPrefix(rel, "root/") {
			rel = strings.TrimPrefix(rel, "root/")
			pkgName = api.Package
		}
		out, err := rewriteRuntime(p, src, api.ImportPath, pkgName)
		if err != nil {
			return err
		}
		files = append(files, File{Path: path.Clean(rel), Content: out})
		return nil
	})
	return files, err
}

// rewriteRuntime re-points a runtime file's imports at the SDK, optionally
// renames its package, and adds the generated header.
func rewriteRuntime(name string, src []byte, importPath, pkgName string) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("runtime file %s: %w", name, err)
	}
	for _, imp := range file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			return nil, err
		}
		if p == templates.RuntimeImportPath || strings.HasPrefix(p, templates.RuntimeImportPath+"/") {
			imp.Path.Value = strconv.Quote(importPath + strings.TrimPrefix(p, templates.RuntimeImportPath))
		}
	}
	if pkgName != "" {
		file.Name = ast.NewIdent(pkgName)
		// The package doc of runtime/root describes the template, not the SDK.
		file.Doc = nil
	}
	var buf bytes.Buffer
	buf.WriteString("// " + Header + "\n\n")
	if err := format.Node(&buf, fset, file); err != nil {
		return nil, fmt.Errorf("runtime file %s: %w", name, err)
	}
	return format.Source(buf.Bytes())
}
