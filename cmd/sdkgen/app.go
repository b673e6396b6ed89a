package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/sdkgen/sdkgen/internal/diag"
	"github.com/sdkgen/sdkgen/internal/generate"
)

// Exit statuses.
const (
	exitOK = 0
	// exitFail: errors in the input, a failure to write, or stale output
	// under -check.
	exitFail = 1
	// exitUsage: a wrong command line.
	exitUsage = 2
)

// generateFunc is the shape of generate.Generate.
type generateFunc func(generate.Input) ([]generate.File, diag.List, error)

// app is one invocation of sdkgen: its standard streams and the generator,
// which tests replace.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	generate       generateFunc
}

// newApp returns an app that runs the real generator.
func newApp(stdin io.Reader, stdout, stderr io.Writer) *app {
	return &app{stdin: stdin, stdout: stdout, stderr: stderr, generate: generate.Generate}
}

// execute parses args, runs the command they name and returns the exit
// status. Errors are printed here, once.
func (a *app) execute(args []string) int {
	root := a.rootCommand()
	root.SetArgs(normaliseArgs(args, longFlags(root)))
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(a.stderr, "sdkgen: %s\n", ee.msg)
		}
		return ee.code
	}
	// A usageError, or cobra's own error for a bad flag or command.
	fmt.Fprintf(a.stderr, "sdkgen: %v\nRun '%s -h' for usage.\n", err, cmd.CommandPath())
	return exitUsage
}

// exitError ends a run with a status; msg, when set, is printed first.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// failf ends a run with exitFail after printing the message.
func failf(format string, args ...any) error {
	return &exitError{code: exitFail, msg: fmt.Sprintf(format, args...)}
}

// usageError is a wrong command line noticed after flag parsing.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usagef reports a wrong command line: exit status 2 with a hint to -h.
func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}
