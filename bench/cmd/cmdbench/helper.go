package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"
)

// The peak RSS that wait4 reports for a child includes the RSS of the
// process it was forked from at the time of the fork: Go starts children
// with vfork (CLONE_VM), and at exec Linux records the shared, parent's
// memory's high-water mark in the child's ru_maxrss. Measured from this
// program directly, every command would thus weigh at least as much as
// cmdbench has ever weighed (a growth spec scaled in memory: over 1 GiB).
// So each command is started by a small helper, this same binary
// re-executed with measureEnv set, that has used next to no memory: it runs
// the command, waits for it, and writes the wall time and ru_maxrss to file
// descriptor 3, with the CPU time (user and system, of the command and the
// descendants it waited for), as /usr/bin/time would print them.

// measureEnv, set to 1, makes this binary the measuring helper.
const measureEnv = "CMDBENCH_MEASURE_HELPER"

// measurement is what the helper measured of one command.
type measurement struct {
	wall, cpu time.Duration
	maxRSS    int64
}

// wrap returns a command that runs cmd (its path, arguments, directory and
// environment) through the helper, and a function that reads, once it has
// run, what the helper measured.
func wrap(ctx context.Context, cmd *exec.Cmd) (*exec.Cmd, func() (measurement, error), error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, nil, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	h := exec.CommandContext(ctx, exe, append([]string{cmd.Path}, cmd.Args[1:]...)...)
	h.Dir = cmd.Dir
	h.Env = cmd.Env
	if h.Env == nil {
		h.Env = os.Environ()
	}
	h.Env = append(h.Env, measureEnv+"=1")
	h.ExtraFiles = []*os.File{w}
	read := func() (measurement, error) {
		w.Close() // the helper has its own copy; without this, reading never ends
		defer r.Close()
		var m measurement
		line, err := bufio.NewReader(r).ReadString('\n')
		if err != nil {
			return m, errors.New("the measuring helper reported nothing")
		}
		if _, err := fmt.Sscanf(line, "%d %d %d", &m.wall, &m.maxRSS, &m.cpu); err != nil {
			return m, fmt.Errorf("the measuring helper reported %q", line)
		}
		return m, nil
	}
	return h, read, nil
}

// measureHelper is the helper's main: it runs args, and exits with the
// command's exit status.
func measureHelper(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "cmdbench: the measuring helper needs a command")
		return 2
	}
	// os.NewFile is nil only for a negative descriptor; an fd 3 that is
	// not open shows as the write's error below.
	out := os.NewFile(3, "measurements")
	// The child is started from this thread, which lives as long as the
	// helper, so that its Pdeathsig fires only when the helper dies.
	runtime.LockOSThread()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, measureEnv+"=") })
	dieWithParent(cmd)
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "cmdbench:", err)
		return 127
	}
	bw := bufio.NewWriter(out)
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	fmt.Fprintf(bw, "%d %d %d\n", wall.Nanoseconds(), maxRSS(cmd.ProcessState), cpu.Nanoseconds())
	if err := bw.Flush(); err != nil {
		return 125
	}
	if code := cmd.ProcessState.ExitCode(); code >= 0 {
		return code
	}
	return 1 // killed by a signal
}
