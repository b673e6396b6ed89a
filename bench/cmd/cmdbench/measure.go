package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// command is one command line to time. Each run gets a fresh, empty
// directory; prepare builds the process for it (copying a cache into it, for
// instance), untimed. The directory is removed after the run.
type command struct {
	// name labels the command in the report ("sdkgen", "oapi-codegen").
	name string
	// display is the command line as the report shows it.
	display string
	// prepare returns the process to time, given the run's directory.
	prepare func(ctx context.Context, runDir string) (*exec.Cmd, error)
	// check, when set, runs once on the directory of the first successful
	// run, before it is removed, and says whether the output builds.
	check func(ctx context.Context, runDir string) checkResult
	// unavailable, when set, says why the command cannot run at all (a
	// tool that failed to install); it is then reported, never run.
	unavailable string
}

// sample is one timed run of a command.
type sample struct {
	wall time.Duration
	// cpu is the user and system CPU time of the command and of the
	// descendants it waited for.
	cpu time.Duration
	// maxRSS is the peak resident set size in bytes of the largest process
	// of the run: the command or one of the descendants it waited for.
	maxRSS int64
	// err is set when the command failed; stderr then holds its first
	// line.
	err    error
	stderr string
}

// result is what a group's runs gave for one command.
type result struct {
	cmd     command
	samples []sample
	// failed is the first failing run, when the command failed: it is run
	// no more after that.
	failed *sample
	check  *checkResult
}

// ok tells whether the command ran and never failed.
func (r *result) ok() bool {
	return r.cmd.unavailable == "" && r.failed == nil && len(r.samples) > 0
}

// runOnce runs one command once in a fresh directory under work and
// measures it. keep, when set, is called with the directory before it is
// removed (for the output check).
func runOnce(ctx context.Context, work string, c command, keep func(dir string)) sample {
	dir, err := os.MkdirTemp(work, "run-")
	if err != nil {
		return sample{err: err}
	}
	defer os.RemoveAll(dir)
	cmd, err := c.prepare(ctx, dir)
	if err != nil {
		return sample{err: fmt.Errorf("preparing: %w", err)}
	}
	h, measured, err := wrap(ctx, cmd)
	if err != nil {
		return sample{err: err}
	}
	var stderr bytes.Buffer
	h.Stderr = &stderr
	err = h.Run()
	m, merr := measured()
	s := sample{wall: m.wall, cpu: m.cpu, maxRSS: m.maxRSS, err: err}
	if merr != nil && err == nil {
		s.err = merr
	}
	if s.err != nil {
		s.stderr = firstLines(stderr.String(), 1)
	} else if keep != nil {
		keep(dir)
	}
	return s
}

// runGroup times the commands of one group side by side: runs rounds, each
// running every command once in turn, so that a change in the machine's load
// hits all of them alike. With warmup, an untimed round goes first (it also
// runs the output checks). A command that fails is recorded with its first
// failure and not run again.
func runGroup(ctx context.Context, work string, cmds []command, runs int, warmup bool, progress func(string)) []*result {
	res := make([]*result, len(cmds))
	for i, c := range cmds {
		res[i] = &result{cmd: c}
	}
	live := func(r *result) bool { return r.cmd.unavailable == "" && r.failed == nil }
	once := func(r *result, label string) sample {
		var keep func(string)
		if r.cmd.check != nil && r.check == nil {
			keep = func(dir string) {
				progress(fmt.Sprintf("  checking the output of %s", r.cmd.name))
				ch := r.cmd.check(ctx, dir)
				r.check = &ch
			}
		}
		s := runOnce(ctx, work, r.cmd, keep)
		progress(fmt.Sprintf("  %s %s: %s, CPU %s, %s%s", label, r.cmd.name, fmtDur(s.wall), fmtDur(s.cpu), fmtMiB(s.maxRSS), failNote(s)))
		if s.err != nil {
			r.failed = &s
		}
		return s
	}
	if warmup {
		for _, r := range res {
			if live(r) {
				once(r, "warm-up")
			}
		}
	}
	for i := range runs {
		for _, r := range res {
			if !live(r) {
				continue
			}
			if s := once(r, fmt.Sprintf("run %d/%d", i+1, runs)); s.err == nil {
				r.samples = append(r.samples, s)
			}
		}
	}
	return res
}

// failNote is ", FAILED (error)" for a failed sample and "" otherwise.
func failNote(s sample) string {
	if s.err == nil {
		return ""
	}
	return fmt.Sprintf(", FAILED (%v)", s.err)
}

// stats summarises the samples of one command.
type stats struct {
	n                         int
	wallMed, wallMin, wallMax time.Duration
	cpuMed, cpuMin, cpuMax    time.Duration
	rssMed, rssMin, rssMax    int64
}

// summarize returns the median, minimum and maximum of the wall times, CPU
// times and peak RSS of samples (which must not be empty).
func summarize(samples []sample) stats {
	walls := make([]time.Duration, len(samples))
	cpus := make([]time.Duration, len(samples))
	rsss := make([]int64, len(samples))
	for i, s := range samples {
		walls[i], cpus[i], rsss[i] = s.wall, s.cpu, s.maxRSS
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	slices.Sort(rsss)
	last := len(samples) - 1
	return stats{
		n:       len(samples),
		wallMed: median(walls), wallMin: walls[0], wallMax: walls[last],
		cpuMed: median(cpus), cpuMin: cpus[0], cpuMax: cpus[last],
		rssMed: median(rsss), rssMin: rsss[0], rssMax: rsss[last],
	}
}

// median returns the middle of sorted values (the mean of the two middle
// ones for an even count).
func median[T time.Duration | int64](sorted []T) T {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// firstLines returns the first n non-empty lines of s.
func firstLines(s string, n int) string {
	var lines []string
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" && len(lines) < n {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// lastLines returns the last n lines of s once its leading and trailing
// blank space is trimmed (blank lines among them are kept).
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
