package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
)

// A cold build, as this program defines it, is go build with a build cache
// (GOCACHE) that holds the compiled standard library and nothing else: the
// cache is filled once by `go build std` in a new directory, and each timed
// build gets its own fresh copy of it (os.CopyFS). So every build compiles
// all of the SDK's own packages and its non-standard dependencies, and no
// package of the standard library; the module cache (GOMODCACHE) is the user's, already
// holding the sources, so nothing is downloaded while timing. The same
// environment (GOFLAGS, CGO_ENABLED, toolchain) fills the cache and runs
// the builds, so the standard library's cache entries are the ones the
// builds look up.

// stdCache fills a build cache with the standard library, in dir.
func stdCache(ctx context.Context, benchDir, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := run(goCmd(ctx, benchDir, []string{"GOCACHE=" + dir}, "build", "std")); err != nil {
		return fmt.Errorf("filling the standard library cache: %w", err)
	}
	return nil
}

// coldGoCmd returns the go command args, run in dir with GOCACHE set to
// cache, a fresh copy of the standard-library-only cache stdCache.
func coldGoCmd(ctx context.Context, dir, cache, stdCache string, args ...string) (*exec.Cmd, error) {
	if err := os.CopyFS(cache, os.DirFS(stdCache)); err != nil {
		return nil, fmt.Errorf("copying the build cache: %w", err)
	}
	return goCmd(ctx, dir, []string{"GOCACHE=" + cache}, args...), nil
}
