package writer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
)

// staged is a file written next to its target, waiting to be renamed.
type staged struct {
	change Change
	target string
	temp   string
}

// Apply makes the directory match the plan.
//
// It writes every new and changed file to a temporary file in the target's
// directory, creating directories as needed, and checks that no target has
// changed since Plan looked at it. Only when all of that succeeded does it
// rename the temporary files into place; if anything fails before then, it
// removes what it created and the directory is exactly as it was. A failed
// rename is rolled back as far as possible (earlier renames undone). Stale
// files are deleted last, each only if it is still what Plan saw, and
// directories that this leaves empty are removed.
func (c *Changes) Apply() error {
	if c.applied {
		return errors.New("writer: changes already applied")
	}
	var (
		stage   []staged
		created []string // directories made, parents first
	)
	undo := func() {
		for _, s := range stage {
			os.Remove(s.temp)
		}
		for _, d := range slices.Backward(created) {
			os.Remove(d)
		}
	}
	for _, ch := range c.Files {
		if ch.Action != Create && ch.Action != Update {
			continue
		}
		target := c.abs(ch.Path)
		if err := c.unchangedSincePlan(ch, target); err != nil {
			undo()
			return err
		}
		made, err := mkdirs(filepath.Dir(target))
		created = append(created, made...)
		if err != nil {
			undo()
			return err
		}
		mode := ch.mode
		if ch.Action == Create {
			mode = 0o644
		}
		temp, err := writeTemp(filepath.Dir(target), ch.New, mode)
		if err != nil {
			undo()
			return fmt.Errorf("writing %s: %w", ch.Path, err)
		}
		stage = append(stage, staged{change: ch, target: target, temp: temp})
	}

	rename := c.renameFunc()
	for i, s := range stage {
		if err := rename(s.temp, s.target); err != nil {
			rollbackErr := rollback(stage[:i])
			for _, rest := range stage[i:] {
				os.Remove(rest.temp)
			}
			for _, d := range slices.Backward(created) {
				os.Remove(d)
			}
			err = fmt.Errorf("replacing %s: %w", s.change.Path, err)
			if rollbackErr != nil {
				return fmt.Errorf("%w; undoing earlier files failed, the output is partly written: %w", err, rollbackErr)
			}
			return err
		}
	}
	c.applied = true

	var errs []error
	for _, ch := range c.Files {
		if ch.Action != Delete {
			continue
		}
		target := c.abs(ch.Path)
		if err := c.unchangedSincePlan(ch, target); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := os.Remove(target); err != nil {
			errs = append(errs, fmt.Errorf("deleting stale %s: %w", ch.Path, err))
			continue
		}
		c.removeEmptyDirs(path.Dir(ch.Path))
	}
	return errors.Join(errs...)
}

// abs returns the file system path of a slash-separated relative path.
func (c *Changes) abs(p string) string {
	return filepath.Join(c.Dir, filepath.FromSlash(p))
}

// unchangedSincePlan checks that target still is what Plan saw, so a file
// created or edited in between is never overwritten or deleted.
func (c *Changes) unchangedSincePlan(ch Change, target string) error {
	if ch.Action == Create {
		if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s appeared after planning; nothing written", ch.Path)
		}
		return nil
	}
	cur, err := os.ReadFile(target)
	if err != nil {
		return fmt.Errorf("%s changed after planning: %w", ch.Path, err)
	}
	if !bytes.Equal(cur, ch.Old) {
		return fmt.Errorf("%s was edited after planning; left alone", ch.Path)
	}
	return nil
}

// mkdirs creates dir and any missing parents, the output directory's own
// included, returning the ones it made, parents first, so undo can remove
// exactly those.
func mkdirs(dir string) ([]string, error) {
	var todo []string
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err == nil {
			if !fi.IsDir() {
				return nil, fmt.Errorf("creating directory %s: a file is in the way", d)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		todo = append(todo, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	var made []string
	for _, d := range slices.Backward(todo) {
		if err := os.Mkdir(d, 0o755); err != nil {
			return made, err
		}
		made = append(made, d)
	}
	return made, nil
}

// removeEmptyDirs removes rel and its parents below c.Dir while they are
// empty. os.Remove refuses a directory that still holds anything.
func (c *Changes) removeEmptyDirs(rel string) {
	for d := rel; d != "."; d = path.Dir(d) {
		if os.Remove(c.abs(d)) != nil {
			return
		}
	}
}

// writeTemp writes data to a new hidden temporary file in dir, flushed to
// disk, with the given permission bits, and returns its name.
func writeTemp(dir string, data []byte, mode fs.FileMode) (string, error) {
	f, err := os.CreateTemp(dir, ".sdkgen-*.tmp")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// rollback undoes renames already done: an updated file gets its old bytes
// back, a created one is removed.
func rollback(done []staged) error {
	var errs []error
	for _, s := range slices.Backward(done) {
		if s.change.Action == Create {
			if err := os.Remove(s.target); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		temp, err := writeTemp(filepath.Dir(s.target), s.change.Old, s.change.mode)
		if err == nil {
			err = os.Rename(temp, s.target)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("restoring %s: %w", s.change.Path, err))
		}
	}
	return errors.Join(errs...)
}
