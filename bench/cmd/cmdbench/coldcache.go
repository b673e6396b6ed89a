package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// A cold build, as this program defines it, is go build with a build cache
// (GOCACHE) that holds the compiled standard library and nothing else: the
// cache is filled once by `go build std` in a new directory, and each timed
// build gets its own fresh copy of it. So every build compiles all of the
// SDK's own packages and its non-standard dependencies, and no package of
// the standard library; the module cache (GOMODCACHE) is the user's, already
// holding the sources, so nothing is downloaded while timing. The same
// environment (GOFLAGS, CGO_ENABLED, toolchain) fills the cache and runs
// the builds, so the standard library's cache entries are the ones the
// builds look up.

// stdCache fills a build cache with the standard library, in dir, and
// returns dir.
func stdCache(ctx context.Context, benchDir, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := run(goCmd(ctx, benchDir, []string{"GOCACHE=" + dir}, "build", "std")); err != nil {
		return "", fmt.Errorf("filling the standard library cache: %w", err)
	}
	return dir, nil
}

// copyTree copies the regular files and directories under src to dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(path, target)
	})
}

// copyFile copies the file src to dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
