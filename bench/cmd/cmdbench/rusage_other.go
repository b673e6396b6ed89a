//go:build !linux

package main

import (
	"os"
	"os/exec"
)

// maxRSS is not measured off Linux (ru_maxrss has other units or is
// missing there); the report shows 0.
func maxRSS(*os.ProcessState) int64 { return 0 }

// dieWithParent does nothing off Linux.
func dieWithParent(*exec.Cmd) {}
