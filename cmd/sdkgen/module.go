package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sdkgen/sdkgen/internal/writer"
)

// findModule looks for the Go module that holds dir, an absolute path that
// need not exist yet, by walking up to the nearest go.mod. It returns the
// import path of dir inside that module (the module path itself when dir
// is the module root) and true, or "" and false when dir is in no module.
//
// A go.mod in dir itself that carries sdkgen's header is the SDK's own, from
// an earlier run outside any module: it does not count, so that run and
// this one agree and the file is regenerated rather than deleted.
func findModule(dir string) (string, bool, error) {
	for d := dir; ; d = filepath.Dir(d) {
		gomod := filepath.Join(d, "go.mod")
		data, err := os.ReadFile(gomod)
		switch {
		case err == nil:
			if d == dir && writer.IsGenerated("go.mod", data) {
				return "", false, nil
			}
			mod, err := parseModulePath(data)
			if err != nil {
				return "", false, fmt.Errorf("%s: %w", gomod, err)
			}
			rel, err := filepath.Rel(d, dir)
			if err != nil {
				return "", false, err
			}
			if rel == "." {
				return mod, true, nil
			}
			return mod + "/" + filepath.ToSlash(rel), true, nil
		case !errors.Is(err, fs.ErrNotExist):
			return "", false, err
		}
		if filepath.Dir(d) == d {
			return "", false, nil
		}
	}
}

// parseModulePath returns the path in a go.mod file's module directive:
// bare, "quoted" or `raw`, with an optional trailing // comment.
func parseModulePath(gomod []byte) (string, error) {
	for n, line := range strings.Split(string(gomod), "\n") {
		line = strings.TrimSpace(line)
		rest, ok := strings.CutPrefix(line, "module")
		if !ok || rest == "" || !strings.ContainsAny(rest[:1], " \t\"`") {
			continue
		}
		rest = strings.TrimSpace(rest)
		var path string
		if rest != "" && (rest[0] == '"' || rest[0] == '`') {
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return "", fmt.Errorf("line %d: bad quoted module path", n+1)
			}
			path, _ = strconv.Unquote(q)
			rest = rest[len(q):]
		} else {
			end := strings.IndexAny(rest, " \t")
			if c := strings.Index(rest, "//"); c >= 0 && (end < 0 || c < end) {
				end = c
			}
			if end < 0 {
				end = len(rest)
			}
			path, rest = rest[:end], rest[end:]
		}
		rest = strings.TrimSpace(rest)
		if path == "" || path == "(" || (rest != "" && !strings.HasPrefix(rest, "//")) {
			return "", fmt.Errorf("line %d: cannot read module directive %q", n+1, line)
		}
		return path, nil
	}
	return "", errors.New("no module directive")
}
