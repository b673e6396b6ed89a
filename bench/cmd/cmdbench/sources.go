package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// sourceSize says how much Go a build of pattern in dir compiles: the
// packages outside the standard library that it builds (the pattern's and
// their dependencies) and their non-test Go files' lines and bytes.
func sourceSize(ctx context.Context, dir, pattern string) string {
	cmd := goCmd(ctx, dir, nil, "list", "-deps", "-f", "{{if not .Standard}}{{.Dir}}\t{{join .GoFiles \"\\t\"}}{{end}}", pattern)
	out, err := cmd.Output()
	if err != nil {
		return "size unknown (go list: " + err.Error() + ")"
	}
	pkgs, lines, size := 0, 0, 0
	for line := range strings.Lines(string(out)) {
		fields := strings.Split(strings.TrimSpace(line), "\t")
		if len(fields) < 2 {
			continue
		}
		pkgs++
		for _, f := range fields[1:] {
			data, err := os.ReadFile(filepath.Join(fields[0], f))
			if err != nil {
				continue
			}
			lines += bytes.Count(data, []byte("\n"))
			size += len(data)
		}
	}
	return fmt.Sprintf("%d packages outside the standard library, %d lines (%.1f MB) of non-test Go", pkgs, lines, float64(size)/1e6)
}
