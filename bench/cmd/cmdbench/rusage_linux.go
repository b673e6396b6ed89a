//go:build linux

package main

import (
	"os"
	"os/exec"
	"syscall"
)

// maxRSS returns the peak resident set size, in bytes, of the exited process
// and of the descendants it waited for: wait4's ru_maxrss, which Linux gives
// in KiB and which is the maximum over those processes, not their sum.
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return 0
}

// dieWithParent makes cmd's process get SIGKILL when the thread that
// started it exits, so that a helper killed on a timeout or an interrupt
// leaves no command running.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
