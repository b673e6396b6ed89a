package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// report is everything the markdown report shows.
type report struct {
	start   time.Time
	end     time.Time
	machine string
	command string
	o       *options
	t       *tools
	groups  []*group
}

// write prints the report as markdown.
func (r *report) write(w io.Writer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("## Whole commands: sdkgen and its peers (cmdbench)")
	p("")
	p("- Date: %s to %s.", r.start.UTC().Format("2006-01-02 15:04"), r.end.UTC().Format("15:04 MST"))
	p("- Machine: %s; %s.", r.machine, r.t.goVersion)
	p("- Command: `%s` (in bench/).", r.command)
	p("- sdkgen: %s, built once with go build -o before timing.", r.t.sdkgenSource)
	p("- Peers: oapi-codegen %s, ogen %s (each built once from its pinned module into %s/), kin-openapi as bench/go.mod pins it (bench/cmd/kinload).", oapiCodegenVersion, ogenVersion, relTo(r.o.root, r.o.binDir))
	p("- Wall time, CPU time (user+sys) and peak RSS are measured by the program itself (os/exec and wait4's rusage, through a small helper process; peak RSS is ru_maxrss: the largest single process among the command and the descendants it waited for, such as the compile of the biggest package in a go build). Each cell is the median of the runs, (min-max) after it. The commands of a table run in turns, one run of each per round, so that changes in the machine's load hit them alike; generation has an untimed warm-up round first, which also checks that the output compiles.")
	corpus, err := filepath.Rel(r.o.root, r.o.corpus) // ../shared/corpus/specs, usually
	if err != nil {
		corpus = r.o.corpus
	}
	p("- `$CORPUS` is %s (from the repository's root), `$OUT` a new empty directory per run, `$WORK` this run's temporary directory.", corpus)
	for _, g := range r.groups {
		r.writeGroup(w, g)
	}
	r.writeTargets(w)
}

// writeGroup prints one group's table, commands and notes.
func (r *report) writeGroup(w io.Writer, g *group) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("")
	p("### %s", g.title)
	p("")
	p("Load average (1, 5, 15 min) before: %s; after: %s.", g.loadBefore, g.loadAfter)
	p("")
	p("| command | runs | wall time | CPU time (user+sys) | peak RSS | output |")
	p("|---|---|---|---|---|---|")
	for _, res := range g.results {
		p("| %s | %s |", res.cmd.name, strings.Join(resultCells(res), " | "))
	}
	if len(g.scaled) > 0 {
		p("")
		p("| spec | bytes | paths | operations | components |")
		p("|---|---|---|---|---|")
		for _, s := range g.scaled {
			p("| %dx | %d | %d | %d | %d |", s.n, s.bytes, s.paths, s.operations, s.comps)
		}
	}
	p("")
	for _, note := range g.notes {
		p("%s", note)
		p("")
	}
	p("Commands:")
	p("")
	for _, c := range g.cmds {
		p("- %s: `%s`", c.name, c.display)
	}
}

// resultCells returns the runs, wall time, CPU time, peak RSS and output
// cells of a result.
func resultCells(res *result) []string {
	switch {
	case res.cmd.unavailable != "":
		return []string{"0", "-", "-", "-", "not installed: " + oneLine(res.cmd.unavailable)}
	case res.failed != nil:
		f := res.failed
		return []string{"0", "fails after " + fmtDur(f.wall), fmtDur(f.cpu), fmtMiB(f.maxRSS), fmt.Sprintf("**fails** (%v): %s", f.err, oneLine(f.stderr))}
	case len(res.samples) == 0:
		return []string{"0", "-", "-", "-", "not run"}
	}
	s := summarize(res.samples)
	out := "ok"
	if res.check != nil {
		out = res.check.summary
		if !res.check.ok {
			out = "**" + out + "**"
		}
	}
	return []string{
		fmt.Sprint(s.n),
		fmt.Sprintf("%s (%s-%s)", fmtDur(s.wallMed), fmtSec(s.wallMin), fmtSec(s.wallMax)),
		fmt.Sprintf("%s (%s-%s)", fmtDur(s.cpuMed), fmtSec(s.cpuMin), fmtSec(s.cpuMax)),
		fmt.Sprintf("%s (%s-%s)", fmtMiB(s.rssMed), fmtMiBNum(s.rssMin), fmtMiBNum(s.rssMax)),
		out,
	}
}

// target is one line of the targets table.
type target struct {
	what, goal, measured string
	// met is "yes", "**no**" or "-" (not measured, or no goal).
	met string
}

// writeTargets prints the table of the targets with the ratios measured.
func (r *report) writeTargets(w io.Writer) {
	var ts []target
	for _, g := range r.groups {
		ts = append(ts, g.targets()...)
	}
	if len(ts) == 0 {
		return
	}
	fmt.Fprintf(w, "\n### Targets\n\nRatios of median wall times, with the ratio of the minimums (the runs least disturbed by other jobs) in parentheses, then the ratio of median CPU times (user+sys, steadier under load; a command that uses both cores has more CPU time than wall time).\n\n")
	fmt.Fprintf(w, "| target | goal | measured | met |\n|---|---|---|---|\n")
	for _, t := range ts {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", t.what, t.goal, t.measured, t.met)
	}
}

// targets returns the group's targets with what was measured.
func (g *group) targets() []target {
	switch g.key {
	case "stripe":
		sdk := g.find(nameSdkgen)
		return []target{
			speedup("Stripe: sdkgen generation vs oapi-codegen's", sdk, g.find(nameOapi), 5),
			rssBelow("Stripe: sdkgen peak RSS", sdk, 300<<20),
			compiles("Stripe: sdkgen's output compiles", sdk, true),
			compiles("Stripe: oapi-codegen's output compiles (recorded, no goal)", g.find(nameOapi), false),
			runs("Stripe: ogen generates (recorded, no goal)", g.find(nameOgen)),
			slowdown("Stripe: sdkgen generation vs kin-openapi's bare load (recorded, no goal)", sdk, g.find(nameKin), 0),
		}
	case "openai":
		kin := g.find(nameKin)
		return []target{
			slowdown("OpenAI: sdkgen generation (stainless.yml) vs kin-openapi's bare load", g.find(nameSdkgenConfig), kin, 2),
			slowdown("OpenAI: sdkgen generation (no config, every operation) vs kin-openapi's bare load", g.find(nameSdkgenZero), kin, 2),
			runs("OpenAI: oapi-codegen generates (recorded, no goal)", g.find(nameOapi)),
			runs("OpenAI: ogen generates (recorded, no goal)", g.find(nameOgen)),
		}
	case "build":
		peer := g.find(nameOpenAIGo)
		return []target{
			speedup("Cold build: sdkgen's OpenAI SDK (stainless.yml) vs openai-go's root package", g.find(nameSdkgenConfig), peer, 3),
			rssBelow("Cold build: sdkgen's OpenAI SDK (stainless.yml) peak RSS", g.find(nameSdkgenConfig), 1<<30),
			speedup("Cold build: sdkgen's OpenAI SDK (no config, every operation) vs openai-go's root package", g.find(nameSdkgenZero), peer, 3),
			rssBelow("Cold build: sdkgen's OpenAI SDK (no config, every operation) peak RSS", g.find(nameSdkgenZero), 1<<30),
		}
	case "growth":
		return g.growthTargets()
	}
	return nil
}

// growthTargets compares each size with the 1x spec: wall time, CPU time
// and peak RSS divided by N times the 1x value. Linear means at most 1.25
// (wall time and peak RSS; CPU time is shown).
func (g *group) growthTargets() []target {
	if len(g.results) == 0 || !g.results[0].ok() {
		return nil
	}
	base := summarize(g.results[0].samples)
	var ts []target
	for i, res := range g.results[1:] {
		n := g.scaled[i+1].n
		what := fmt.Sprintf("Growth: sdkgen at %dx, per 1x: wall time (min) / CPU time / peak RSS", n)
		if !res.ok() {
			ts = append(ts, target{what: what, goal: "<= 1.25", measured: "failed", met: "**no**"})
			continue
		}
		s := summarize(res.samples)
		tr := float64(s.wallMed) / float64(n) / float64(base.wallMed)
		trMin := float64(s.wallMin) / float64(n) / float64(base.wallMin)
		cr := float64(s.cpuMed) / float64(n) / float64(base.cpuMed)
		mr := float64(s.rssMed) / float64(n) / float64(base.rssMed)
		ts = append(ts, target{
			what:     what,
			goal:     "<= 1.25 each",
			measured: fmt.Sprintf("%.2f (%.2f) / %.2f / %.2f", tr, trMin, cr, mr),
			met:      yesNo(tr <= 1.25 && mr <= 1.25),
		})
	}
	return ts
}

// compared returns the stats of ours and other, or, when one of them did not
// run, why they cannot be compared.
func compared(ours, other *result) (a, b stats, missing string) {
	switch {
	case ours == nil || other == nil:
		return a, b, "not run"
	case !ours.ok():
		return a, b, "cannot compare: " + ours.cmd.name + " did not run"
	case !other.ok():
		return a, b, "cannot compare: " + other.cmd.name + " did not run"
	}
	return summarize(ours.samples), summarize(other.samples), ""
}

// speedup compares how much faster ours is than peer: peer's time over
// ours, against a goal of at least minimum.
func speedup(what string, ours, peer *result, minimum float64) target {
	t := target{what: what, goal: fmt.Sprintf(">= %gx faster", minimum), met: "-"}
	a, b, missing := compared(ours, peer)
	if missing != "" {
		t.measured = missing
		return t
	}
	ratio := float64(b.wallMed) / float64(a.wallMed)
	t.measured = fmt.Sprintf("%.1fx faster (%.1fx); CPU time %.1fx less", ratio, float64(b.wallMin)/float64(a.wallMin), float64(b.cpuMed)/float64(a.cpuMed))
	t.met = yesNo(ratio >= minimum)
	return t
}

// slowdown compares ours with a baseline that does less: our time over
// the baseline's, against a goal of at most maximum (0: no goal).
func slowdown(what string, ours, base *result, maximum float64) target {
	t := target{what: what, goal: "-", met: "-"}
	if maximum > 0 {
		t.goal = fmt.Sprintf("<= %gx its time", maximum)
	}
	a, b, missing := compared(ours, base)
	if missing != "" {
		t.measured = missing
		return t
	}
	ratio := float64(a.wallMed) / float64(b.wallMed)
	t.measured = fmt.Sprintf("%.2fx its time (%.2fx); CPU time %.2fx", ratio, float64(a.wallMin)/float64(b.wallMin), float64(a.cpuMed)/float64(b.cpuMed))
	if maximum > 0 {
		t.met = yesNo(ratio <= maximum)
	}
	return t
}

// rssBelow checks the largest peak RSS of res's runs against limit (the
// median is shown too).
func rssBelow(what string, res *result, limit int64) target {
	t := target{what: what, goal: "< " + fmtMiB(limit), met: "-"}
	if res == nil || !res.ok() {
		t.measured = "did not run"
		return t
	}
	s := summarize(res.samples)
	// One decimal: the goal is a whole number of MiB, and a max rounded to
	// it would read as missed.
	t.measured = fmt.Sprintf("%.1f MiB (max %.1f MiB)", float64(s.rssMed)/(1<<20), float64(s.rssMax)/(1<<20))
	t.met = yesNo(s.rssMax < limit)
	return t
}

// compiles reports the output check of res; with goal set, compiling is
// the target.
func compiles(what string, res *result, goal bool) target {
	t := target{what: what, goal: "-", met: "-"}
	if goal {
		t.goal = "compiles"
	}
	switch {
	case res == nil:
		t.measured = "not run"
	case res.check == nil:
		t.measured = "no output to check (the generator failed or did not run)"
		if goal {
			t.met = "**no**"
		}
	default:
		t.measured = "yes"
		if !res.check.ok {
			t.measured = "no: " + res.check.summary
		}
		if goal {
			t.met = yesNo(res.check.ok)
		}
	}
	return t
}

// runs records whether a peer generated at all.
func runs(what string, res *result) target {
	t := target{what: what, goal: "-", met: "-"}
	switch {
	case res == nil:
		t.measured = "not run"
	case res.cmd.unavailable != "":
		t.measured = "not installed"
	case res.failed != nil:
		t.measured = "no: " + oneLine(res.failed.stderr)
	default:
		t.measured = "yes"
	}
	return t
}

// yesNo is "yes" or a bold "no".
func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

// oneLine joins lines with " / " and escapes the pipes of a table cell.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " / ")), " ")
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return strings.ReplaceAll(s, "|", `\|`)
}

// fmtDur formats a duration in seconds: "2.31 s".
func fmtDur(d time.Duration) string { return fmtSec(d) + " s" }

// fmtSec formats a duration as a number of seconds.
func fmtSec(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

// fmtMiB formats a byte count in MiB: "167 MiB".
func fmtMiB(b int64) string { return fmtMiBNum(b) + " MiB" }

// fmtMiBNum formats a byte count as a number of MiB.
func fmtMiBNum(b int64) string { return fmt.Sprintf("%.0f", float64(b)/(1<<20)) }
