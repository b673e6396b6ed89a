package main

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sdkgen/sdkgen/internal/generate"
	"github.com/sdkgen/sdkgen/internal/writer"
)

// stdinName names standard input in diagnostics.
const stdinName = "<stdin>"

// runGenerate generates in memory and reports the diagnostics; when write is
// set (generate, not check) it then writes the files, or with -check
// compares them with the disk.
func (a *app) runGenerate(o *options, write bool) error {
	if o.spec == "" {
		return usagef("-spec is required")
	}
	if o.spec == "-" && o.config == "-" {
		return usagef("-spec and -config cannot both read standard input")
	}
	in, err := a.readInput(o)
	if err != nil {
		return err
	}
	out, err := outputDir(o.out)
	if err != nil {
		return err
	}
	in.ImportPath, _, err = findModule(out)
	if err != nil {
		return failf("finding the Go module of %s: %v", out, err)
	}
	in.WriteGoMod = in.ImportPath == ""
	if !write && in.ImportPath == "" && in.Module == "" {
		// check writes nothing, so no import path matters: one is made up
		// rather than failing with Generate/NoModulePath.
		in.ImportPath = "example.com/sdkgen-check"
	}

	files, diags, err := a.generate(in)
	if err != nil {
		return failf("internal error: %v", err)
	}
	diags = diags.Sorted()
	a.report(diags)
	errs, warns := diags.Count()
	switch {
	case errs > 0:
		return &exitError{code: exitFail}
	case o.strict && warns > 0:
		return failf("-strict: warnings fail the run")
	case !write:
		return nil
	case len(files) == 0:
		return failf("internal error: generation produced no files")
	}

	changes, err := writer.Plan(out, files)
	if err != nil {
		return failf("%v", err)
	}
	if o.check {
		if !changes.Stale() {
			return nil
		}
		a.printStale(changes)
		return failf("-check: %d file(s) in %s would change; run sdkgen generate without -check", len(changes.Pending()), o.out)
	}
	if err := changes.Apply(); err != nil {
		return failf("writing %s: %v", o.out, err)
	}
	return nil
}

// outputDir returns the absolute output directory, which need not exist yet
// but must not be a file or lie under one.
func outputDir(name string) (string, error) {
	out, err := filepath.Abs(name)
	if err != nil {
		return "", failf("-out: %v", err)
	}
	fi, err := os.Stat(out)
	switch {
	case err == nil && !fi.IsDir():
		return "", failf("-out %s is a file, not a directory", name)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", failf("-out %s: %v", name, err)
	}
	return out, nil
}

// readInput reads the spec and the config named by the flags, "-" meaning
// standard input. An unreadable file is an input error, not usage.
func (a *app) readInput(o *options) (generate.Input, error) {
	in := generate.Input{Module: o.module, Package: o.pkg}
	var err error
	in.SpecFile, in.Spec, err = a.readFile(o.spec)
	if err != nil {
		return in, failf("reading -spec: %v", err)
	}
	if o.config != "" {
		in.ConfigFile, in.Config, err = a.readFile(o.config)
		if err != nil {
			return in, failf("reading -config: %v", err)
		}
	}
	return in, nil
}

// readFile returns the name to use in diagnostics and the bytes of a file,
// or of standard input for "-".
func (a *app) readFile(name string) (string, []byte, error) {
	if name == "-" {
		data, err := io.ReadAll(a.stdin)
		return stdinName, data, err
	}
	// os.ReadFile's error, "open api.yaml: no such file or directory", says
	// it all.
	data, err := os.ReadFile(name)
	return name, data, err
}
