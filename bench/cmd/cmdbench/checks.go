package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// checkResult tells whether a generator's output builds.
type checkResult struct {
	ok bool
	// summary is how the check went: the build's time and peak RSS, or
	// the first compiler errors.
	summary string
}

// checkOapiBuild puts the single file oapi-codegen wrote to dir into a new
// module that requires the pinned oapi-codegen runtime, and builds it.
func checkOapiBuild(ctx context.Context, dir, stdCache string) checkResult {
	gomod := fmt.Sprintf("module example.com/oapicheck\n\ngo 1.24\n\nrequire github.com/oapi-codegen/runtime %s\n", oapiRuntimeVersion)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return checkResult{summary: err.Error()}
	}
	// -mod=mod adds the runtime's own dependencies at the versions its
	// go.mod asks for (downloading them once into the module cache).
	return checkBuild(ctx, dir, stdCache, []string{"-mod=mod"})
}

// checkBuild builds ./... in dir (with flags) with a fresh copy of
// stdCache as GOCACHE, through the measuring helper (see helper.go), and
// reports whether it compiles, with its time and peak RSS. The module
// sdkgen writes has its own go.mod without dependencies.
func checkBuild(ctx context.Context, dir, stdCache string, flags []string) checkResult {
	cache := filepath.Join(dir, ".gocache") // a dot: not a package of ./...
	defer os.RemoveAll(cache)
	cmd, err := coldGoCmd(ctx, dir, cache, stdCache, append(append([]string{"build"}, flags...), "./...")...)
	if err != nil {
		return checkResult{summary: err.Error()}
	}
	h, measured, err := wrap(ctx, cmd)
	if err != nil {
		return checkResult{summary: err.Error()}
	}
	var out strings.Builder
	h.Stdout, h.Stderr = &out, &out
	err = h.Run()
	m, merr := measured()
	if err != nil {
		return checkResult{summary: "does not compile: " + compilerErrors(out.String(), 2)}
	}
	if merr != nil {
		return checkResult{summary: merr.Error()}
	}
	return checkResult{ok: true, summary: fmt.Sprintf("compiles (go build ./... with the standard library cached: %s, %s)", fmtDur(m.wall), fmtMiB(m.maxRSS))}
}

// compilerErrors returns the first n error lines of go build's output (the
// lines that name a file position), joined with "; ", and how many there
// are in all.
func compilerErrors(out string, n int) string {
	var errs []string
	total := 0
	for line := range strings.Lines(out) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "go: ") || !strings.Contains(line, ".go:") {
			continue
		}
		total++
		if len(errs) < n {
			errs = append(errs, line)
		}
	}
	if total == 0 {
		return lastLines(out, 3)
	}
	more := ""
	if strings.Contains(out, "too many errors") {
		more = ", then too many errors"
	}
	return fmt.Sprintf("%s (%d error lines%s)", strings.Join(errs, "; "), total, more)
}
