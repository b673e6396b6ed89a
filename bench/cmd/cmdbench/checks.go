package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// checkResult tells whether a generator's output builds.
type checkResult struct {
	ok bool
	// summary is how the check went: the build's time and peak RSS, or
	// the first compiler errors.
	summary string
}

// checkSDKBuild runs go build ./... in the module sdkgen wrote to dir (which
// has its own go.mod without dependencies), with a fresh copy of the
// standard library cache, and reports it with its time and peak RSS.
func checkSDKBuild(ctx context.Context, dir, stdCache string) checkResult {
	return checkBuild(ctx, dir, stdCache, nil)
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

// checkBuild builds ./... in dir with a fresh copy of stdCache as GOCACHE.
func checkBuild(ctx context.Context, dir, stdCache string, flags []string) checkResult {
	cache := filepath.Join(dir, ".gocache")
	if err := os.CopyFS(cache, os.DirFS(stdCache)); err != nil {
		return checkResult{summary: "copying the build cache: " + err.Error()}
	}
	defer os.RemoveAll(cache)
	args := append([]string{"build"}, flags...)
	cmd := goCmd(ctx, dir, []string{"GOCACHE=" + cache}, append(args, "./...")...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return checkResult{summary: "does not compile: " + compilerErrors(out.String(), 2)}
	}
	return checkResult{ok: true, summary: fmt.Sprintf("compiles (go build ./... with the standard library cached: %s, %s)", fmtDur(wall), fmtMiB(maxRSS(cmd.ProcessState)))}
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
