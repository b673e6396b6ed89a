package main

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The peers' pinned versions. oapiRuntimeVersion is the runtime module that
// oapi-codegen's output imports; the compile check of that output needs it.
const (
	oapiCodegenModule  = "github.com/oapi-codegen/oapi-codegen/v2"
	oapiCodegenVersion = "v2.8.2"
	oapiRuntimeVersion = "v1.8.0"
	ogenModule         = "github.com/ogen-go/ogen"
	ogenVersion        = "v1.14.0"
)

// tools holds the binaries the benchmarks run. A peer that could not be
// installed has an empty path and the reason in its *Err field.
type tools struct {
	sdkgen, kinload   string
	oapiCodegen, ogen string
	oapiErr, ogenErr  string
	sdkgenSource      string // which sdkgen source was built, for the report
	goVersion         string
}

// prepareTools builds sdkgen (from the working tree, or from rev through
// git archive) and the kin-openapi loader into work, and installs the pinned
// peers into binDir once (under versioned names, like the Makefile's
// staticcheck).
func prepareTools(ctx context.Context, o *options, work string, progress func(string)) (*tools, error) {
	t := &tools{}
	out, err := goCmd(ctx, o.benchDir, nil, "env", "GOVERSION").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOVERSION: %w", err)
	}
	t.goVersion = strings.TrimSpace(string(out))

	progress("building sdkgen")
	src := o.root
	if o.rev != "" {
		src = filepath.Join(work, "sdkgen-src")
		if err := gitExport(ctx, o.root, o.rev, src); err != nil {
			return nil, err
		}
	}
	t.sdkgen = filepath.Join(work, "sdkgen")
	if err := run(goCmd(ctx, src, nil, "build", "-o", t.sdkgen, "./cmd/sdkgen")); err != nil {
		return nil, fmt.Errorf("building sdkgen: %w", err)
	}
	t.sdkgenSource = describeSource(ctx, o.root, o.rev)

	progress("building the kin-openapi loader")
	t.kinload = filepath.Join(work, "kinload")
	if err := run(goCmd(ctx, o.benchDir, nil, "build", "-o", t.kinload, "./cmd/kinload")); err != nil {
		return nil, fmt.Errorf("building cmd/kinload: %w", err)
	}

	progress("installing oapi-codegen " + oapiCodegenVersion)
	t.oapiCodegen, err = installTool(ctx, o.binDir, work, oapiCodegenModule, oapiCodegenVersion, oapiCodegenModule+"/cmd/oapi-codegen")
	if err != nil {
		t.oapiErr = err.Error()
	}
	progress("installing ogen " + ogenVersion)
	t.ogen, err = installTool(ctx, o.binDir, work, ogenModule, ogenVersion, ogenModule+"/cmd/ogen")
	if err != nil {
		t.ogenErr = err.Error()
	}
	return t, nil
}

// installTool builds pkg of module at version into binDir as
// NAME-VERSION, unless it is there already, and returns its path. It builds
// in a throwaway module that requires only that version, so the build list
// is the tool's own (as with go install pkg@version, which cannot be used
// for every peer here: it also asks the proxy for the module's version list,
// to report deprecation, and the proxy refuses that list for some modules).
func installTool(ctx context.Context, binDir, work, module, version, pkg string) (string, error) {
	bin := filepath.Join(binDir, filepath.Base(pkg)+"-"+version)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp(work, "install-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	gomod := fmt.Sprintf("module example.com/cmdbench-tool\n\ngo 1.24\n\nrequire %s %s\n", module, version)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return "", err
	}
	tmp := bin + ".tmp"
	if err := run(goCmd(ctx, dir, nil, "build", "-mod=mod", "-o", tmp, pkg)); err != nil {
		return "", fmt.Errorf("installing %s@%s: %w", pkg, version, err)
	}
	return bin, os.Rename(tmp, bin)
}

// goCmd returns a go command run in dir, with the workspace off and the local
// toolchain (so that no go.mod line makes it download another), plus env.
func goCmd(ctx context.Context, dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local")
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// run runs cmd and returns an error with the last lines of its output when
// it fails.
func run(cmd *exec.Cmd) error {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, lastLines(out.String(), 10))
	}
	return nil
}

// gitExport writes the tree of rev in the repository at root into dst,
// through git archive (the working tree and the index are not touched).
func gitExport(ctx context.Context, root, rev, dst string) error {
	cmd := exec.CommandContext(ctx, "git", "archive", "--format=tar", rev)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git archive %s: %w: %s", rev, err, stderr.String())
	}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.Join(dst, filepath.FromSlash(h.Name))
		if !strings.HasPrefix(name, filepath.Clean(dst)+string(filepath.Separator)) {
			continue
		}
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(name, 0o755)
		case tar.TypeReg:
			err = writeFrom(name, tr, os.FileMode(h.Mode)&0o777)
		}
		if err != nil {
			return err
		}
	}
}

// writeFrom creates name (and its directory) with the bytes of r.
func writeFrom(name string, r io.Reader, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// describeSource says which sdkgen was measured: the commit, and for the
// working tree how many files differ from it.
func describeSource(ctx context.Context, root, rev string) string {
	ref := rev
	if ref == "" {
		ref = "HEAD"
	}
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--short=12", ref)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "unknown commit"
	}
	commit := strings.TrimSpace(string(out))
	if rev != "" {
		return "commit " + commit + " (git archive " + rev + ")"
	}
	cmd = exec.CommandContext(ctx, "git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench")
	cmd.Dir = root
	out, err = cmd.Output()
	if err != nil {
		return "working tree at " + commit
	}
	if lines := strings.TrimSpace(string(out)); lines != "" {
		n := strings.Count(lines, "\n") + 1
		return fmt.Sprintf("working tree at %s, %d modified files outside bench/", commit, n)
	}
	return "working tree at " + commit + " (clean outside bench/)"
}
