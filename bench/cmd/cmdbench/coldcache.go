package main

import (
	"context"
	"fmt"
	"os"
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
