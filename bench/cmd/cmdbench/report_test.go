package main

import (
	"errors"
	"testing"
	"time"
)

// fakeRuns makes a result of one command from wall times in milliseconds, CPU
// time being twice the wall time and the peak RSS 1 MiB.
func fakeRuns(name string, wallMS ...int) *result {
	r := &result{cmd: command{name: name}}
	for _, ms := range wallMS {
		d := time.Duration(ms) * time.Millisecond
		r.samples = append(r.samples, sample{wall: d, cpu: 2 * d, maxRSS: 1 << 20})
	}
	return r
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []int64
		want int64
	}{{[]int64{5}, 5}, {[]int64{1, 9}, 5}, {[]int64{1, 2, 30}, 2}, {[]int64{1, 2, 4, 30}, 3}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %d, want %d", c.in, got, c.want)
		}
	}
	s := summarize(fakeRuns("x", 30, 10, 20).samples)
	if s.wallMed != 20*time.Millisecond || s.wallMin != 10*time.Millisecond || s.wallMax != 30*time.Millisecond || s.cpuMed != 40*time.Millisecond || s.n != 3 {
		t.Errorf("summarize: %+v", s)
	}
}

// TestSpeedupAndSlowdown: the ratios are of medians (the fastest runs in
// parentheses), in the right direction, and the goal is met at its bound.
func TestSpeedupAndSlowdown(t *testing.T) {
	ours, peer := fakeRuns("sdkgen", 10, 12, 11), fakeRuns("peer", 55, 50, 60)
	if got := speedup("gen", ours, peer, 5); got.measured != "5.0x faster (5.0x); CPU time 5.0x less" || got.met != "yes" {
		t.Errorf("speedup at the goal: %+v", got)
	}
	if got := speedup("gen", ours, peer, 5.1); got.met != "**no**" {
		t.Errorf("speedup under the goal: %+v", got)
	}
	base := fakeRuns("kin", 5, 6, 7)
	if got := slowdown("load", ours, base, 2); got.measured != "1.83x its time (2.00x); CPU time 1.83x" || got.met != "yes" || got.goal != "<= 2x its time" {
		t.Errorf("slowdown: %+v", got)
	}
	if got := slowdown("load", ours, base, 1.5); got.met != "**no**" {
		t.Errorf("slowdown over the goal: %+v", got)
	}
	if got := slowdown("load", ours, base, 0); got.met != "-" || got.goal != "-" {
		t.Errorf("slowdown without a goal: %+v", got)
	}
}

// TestComparedMissing: a command that did not run, or failed, is named
// instead of a ratio.
func TestComparedMissing(t *testing.T) {
	ours := fakeRuns("sdkgen", 10)
	failed := fakeRuns("oapi-codegen", 50)
	failed.failed = &sample{err: errors.New("exit status 1")}
	if got := speedup("gen", ours, failed, 5); got.measured != "cannot compare: oapi-codegen did not run" || got.met != "-" {
		t.Errorf("failed peer: %+v", got)
	}
	if got := speedup("gen", ours, nil, 5); got.measured != "not run" {
		t.Errorf("missing peer: %+v", got)
	}
	unavailable := fakeRuns("ogen")
	unavailable.cmd.unavailable = "install failed"
	if got := slowdown("load", unavailable, ours, 2); got.measured != "cannot compare: ogen did not run" {
		t.Errorf("unavailable: %+v", got)
	}
}
