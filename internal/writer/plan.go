package writer

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sdkgen/sdkgen/internal/generate"
)

// ConflictError says that generated files would land on paths sdkgen does not
// own. Nothing has been written.
type ConflictError struct {
	Dir       string
	Conflicts []Conflict
}

// Conflict is one generated path that is taken.
type Conflict struct {
	Path   string
	Reason string
}

func (e *ConflictError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d generated file(s) would overwrite files sdkgen did not write in %s; move them away or choose another -out:", len(e.Conflicts), e.Dir)
	for _, c := range e.Conflicts {
		fmt.Fprintf(&b, "\n\t%s: %s", c.Path, c.Reason)
	}
	return b.String()
}

// Plan compares the generated files with what is on disk under dir and
// changes nothing. Each generated file is new, changed or unchanged; a file
// under dir that carries the generated header but is not among files is
// stale and planned for deletion.
//
// The stale search skips what the go command skips, unless a generated file
// lives there: directories whose names start with "." or "_", testdata,
// vendor, and nested modules (a directory with its own go.mod).
//
// It fails with a *ConflictError when a generated path is taken by a file
// without the header, a directory or a symlink, and with a plain error when
// files themselves are malformed (a bad or repeated path, or content without
// its header), which is a bug in sdkgen.
func Plan(dir string, files []generate.File) (*Changes, error) {
	if err := checkFiles(files); err != nil {
		return nil, err
	}
	c := &Changes{Dir: dir}
	produced := make(map[string]bool, len(files))
	usedDirs := map[string]bool{}
	var conflicts []Conflict
	parents := map[string]string{} // ancestor dir -> conflict reason, "" when fine
	for _, f := range files {
		produced[f.Path] = true
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			usedDirs[d] = true
		}
		ch, reason, err := planFile(dir, f, parents)
		if err != nil {
			return nil, err
		}
		if reason != "" {
			conflicts = append(conflicts, Conflict{Path: f.Path, Reason: reason})
			continue
		}
		c.Files = append(c.Files, ch)
	}
	if len(conflicts) > 0 {
		slices.SortFunc(conflicts, func(a, b Conflict) int { return cmp.Compare(a.Path, b.Path) })
		return nil, &ConflictError{Dir: dir, Conflicts: conflicts}
	}
	stale, err := findStale(dir, produced, usedDirs)
	if err != nil {
		return nil, err
	}
	c.Files = append(c.Files, stale...)
	slices.SortFunc(c.Files, func(a, b Change) int { return cmp.Compare(a.Path, b.Path) })
	return c, nil
}

// checkFiles rejects paths that could escape dir or repeat, and content
// without the header that would let a later run recognise the file as its own.
func checkFiles(files []generate.File) error {
	var errs []error
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		p := f.Path
		switch {
		case !fs.ValidPath(p) || p == "." || strings.Contains(p, `\`):
			errs = append(errs, fmt.Errorf("invalid generated path %q: want a clean, relative, slash-separated path", p))
		case seen[p]:
			errs = append(errs, fmt.Errorf("path %q generated twice", p))
		case !IsGenerated(p, f.Content):
			if h, ok := Header(p); ok {
				errs = append(errs, fmt.Errorf("generated file %s does not start with %q", p, h))
			} else {
				errs = append(errs, fmt.Errorf("generated file %s is of a kind sdkgen cannot mark as generated", p))
			}
		}
		seen[p] = true
	}
	if len(errs) > 0 {
		return fmt.Errorf("writer: internal error: %w", errors.Join(errs...))
	}
	return nil
}

// planFile classifies one generated file. A non-empty reason is a conflict.
// parents caches the verdict on each ancestor directory.
func planFile(dir string, f generate.File, parents map[string]string) (Change, string, error) {
	var ancestors []string
	for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
		ancestors = append(ancestors, d)
	}
	for _, d := range slices.Backward(ancestors) {
		reason, ok := parents[d]
		if !ok {
			fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(d)))
			switch {
			case errors.Is(err, fs.ErrNotExist):
			case err != nil:
				return Change{}, "", err
			case fi.Mode()&fs.ModeSymlink != 0:
				reason = d + " is a symlink"
			case !fi.IsDir():
				reason = d + " is a file, not a directory"
			}
			parents[d] = reason
		}
		if reason != "" {
			return Change{}, reason, nil
		}
	}

	target := filepath.Join(dir, filepath.FromSlash(f.Path))
	fi, err := os.Lstat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Change{Path: f.Path, Action: Create, New: f.Content}, "", nil
	case err != nil:
		return Change{}, "", err
	case fi.IsDir():
		return Change{}, "a directory is in the way", nil
	case !fi.Mode().IsRegular():
		return Change{}, "not a regular file (" + fi.Mode().Type().String() + ")", nil
	}
	old, err := os.ReadFile(target)
	if err != nil {
		return Change{}, "", err
	}
	if !IsGenerated(f.Path, old) {
		return Change{}, "exists without the generated header, so a person wrote it", nil
	}
	if bytes.Equal(old, f.Content) {
		return Change{Path: f.Path, Action: Keep, Old: old, New: f.Content, mode: fi.Mode().Perm()}, "", nil
	}
	return Change{Path: f.Path, Action: Update, Old: old, New: f.Content, mode: fi.Mode().Perm()}, "", nil
}

// findStale walks dir for files that carry the generated header but are not
// produced any more.
func findStale(dir string, produced, usedDirs map[string]bool) ([]Change, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	var stale []Change
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && !usedDirs[rel] && skipDir(p, d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || produced[rel] {
			return nil
		}
		if _, ok := Header(rel); !ok {
			return nil
		}
		prefix, err := readPrefix(p, headerPrefixLen)
		if err != nil {
			return err
		}
		if !IsGenerated(rel, prefix) {
			return nil
		}
		old, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		stale = append(stale, Change{Path: rel, Action: Delete, Old: old})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("looking for stale generated files: %w", err)
	}
	return stale, nil
}

// skipDir reports whether the stale search leaves a directory alone: it is
// one the go command ignores, or the root of a nested module.
func skipDir(p, name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor" {
		return true
	}
	_, err := os.Stat(filepath.Join(p, "go.mod"))
	return err == nil
}

// readPrefix returns up to n bytes from the start of the file.
func readPrefix(name string, n int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	k, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	return buf[:k], nil
}
