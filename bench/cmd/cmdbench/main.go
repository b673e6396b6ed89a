// Command cmdbench times whole commands, sdkgen's and its peers', side by
// side on the real specs of the shared corpus, and prints the results and
// the ratios against the benchmark issue's targets as markdown:
//
//   - stripe: generating from Stripe's spec with sdkgen, oapi-codegen
//     (types and client) and ogen, and kin-openapi's bare load of the same
//     file; whether sdkgen's and oapi-codegen's outputs compile;
//   - openai: the same for OpenAI's spec (sdkgen with
//     testdata/real/openai/stainless.yml, and without a config);
//   - build: a cold go build (the standard library cached, nothing else:
//     see coldcache.go) of the SDK sdkgen generates from OpenAI's spec and
//     of openai-go's root package;
//   - growth: sdkgen on a spec made 1, 2 and 4 times as big (scale.go).
//
// Run it from bench/ (make bench-peers in the repository root does):
//
//	go run ./cmd/cmdbench [-rows stripe,openai,build,growth] [-runs 5] [-build-runs 3]
//
// Progress goes to standard error, the report to standard output. Each
// command's wall time and peak RSS are measured here (os/exec and wait4's
// rusage), never by /usr/bin/time. sdkgen is built once from the working
// tree (or from -rev through git archive); the peers are built from their
// pinned modules into ../bin once. Everything else goes to a temporary
// directory that is removed at the end. Without ../shared/corpus beside the
// checkout, it says so and exits 0.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// options are the command line's settings.
type options struct {
	rows        []string
	runs        int
	buildRuns   int
	root        string // the sdkgen repository
	benchDir    string // the bench module (the working directory)
	corpus      string // the corpus's specs directory
	binDir      string // where the peers are installed
	rev         string // build sdkgen from this revision instead of the working tree
	growthSpec  string
	growthSizes []int
	keep        bool
}

// allRows are the groups, in the order they run.
const allRows = "stripe,openai,build,growth"

func main() {
	if os.Getenv(measureEnv) == "1" {
		os.Exit(measureHelper(os.Args[1:]))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run1(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "cmdbench:", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line.
func parseFlags(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("cmdbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rows := fs.String("rows", allRows, "comma-separated groups to run: "+allRows)
	runs := fs.Int("runs", 5, "timed runs of each generation command")
	buildRuns := fs.Int("build-runs", 3, "timed runs of each cold build")
	corpus := fs.String("corpus", "../../shared/corpus/specs", "the corpus's specs directory")
	binDir := fs.String("bin", "../bin", "where the pinned peers are installed (once)")
	rev := fs.String("rev", "", "build sdkgen from this git revision (git archive) instead of the working tree")
	growthSpec := fs.String("growth-spec", "stripe-spec3.yaml", "the corpus spec that the growth rows scale")
	sizes := fs.String("growth-sizes", "1,2,4", "the sizes of the growth rows, 1 first")
	keep := fs.Bool("keep", false, "keep the temporary directory (its path is printed)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	o := &options{runs: *runs, buildRuns: *buildRuns, rev: *rev, growthSpec: *growthSpec, keep: *keep}
	for _, r := range strings.Split(*rows, ",") {
		if !slices.Contains(strings.Split(allRows, ","), r) {
			return nil, fmt.Errorf("-rows: unknown group %q (want some of %s)", r, allRows)
		}
		o.rows = append(o.rows, r)
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-growth-sizes: %q is not a positive number", s)
		}
		o.growthSizes = append(o.growthSizes, n)
	}
	if o.growthSizes[0] != 1 {
		return nil, errors.New("-growth-sizes must start with 1")
	}
	if o.runs < 1 || o.buildRuns < 1 {
		return nil, errors.New("-runs and -build-runs must be at least 1")
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if data, err := os.ReadFile(filepath.Join(wd, "go.mod")); err != nil || !strings.HasPrefix(string(data), "module github.com/sdkgen/sdkgen/bench\n") {
		return nil, errors.New("run it in bench/ (the github.com/sdkgen/sdkgen/bench module)")
	}
	o.benchDir, o.root = wd, filepath.Dir(wd)
	for _, p := range []*string{corpus, binDir} {
		if !filepath.IsAbs(*p) {
			*p = filepath.Join(wd, *p)
		}
	}
	o.corpus, o.binDir = filepath.Clean(*corpus), filepath.Clean(*binDir)
	return o, nil
}

// run1 runs the benchmark for one command line.
func run1(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(o.corpus); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "cmdbench: skipped: the corpus is not at %s (it lives beside the checkout, in ../shared/corpus)\n", o.corpus)
		return nil
	}
	progress := func(s string) { fmt.Fprintf(stderr, "%s %s\n", time.Now().Format("15:04:05"), s) }

	work, err := os.MkdirTemp("", "cmdbench-")
	if err != nil {
		return err
	}
	if o.keep {
		progress("keeping " + work)
	} else {
		defer os.RemoveAll(work)
	}
	rep := &report{start: time.Now(), machine: machine(), o: o,
		command: strings.TrimSpace("go run ./cmd/cmdbench " + strings.Join(args, " "))}
	t, err := prepareTools(ctx, o, work, progress)
	if err != nil {
		return err
	}
	rep.t = t
	e := &env{o: o, t: t, work: work}
	if slices.Contains(o.rows, "stripe") || slices.Contains(o.rows, "openai") || slices.Contains(o.rows, "build") {
		progress("filling a build cache with the standard library (go build std)")
		e.stdCache = filepath.Join(work, "gocache-std")
		if err := stdCache(ctx, o.benchDir, e.stdCache); err != nil {
			return err
		}
	}
	for _, row := range o.rows {
		var g *group
		switch row {
		case "stripe":
			g = genGroup(e, "stripe", "Generate: Stripe", "stripe-spec3.yaml", "")
		case "openai":
			g = genGroup(e, "openai", "Generate: OpenAI", openAISpec, filepath.Join(o.root, openAIConfig))
		case "build":
			g, err = buildGroup(ctx, e)
		case "growth":
			g, err = growthGroup(e)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", row, err)
		}
		progress("== " + g.title)
		g.loadBefore = loadAverage()
		g.results = runGroup(ctx, work, g.cmds, g.runs, g.warmup, progress)
		g.loadAfter = loadAverage()
		rep.groups = append(rep.groups, g)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	rep.end = time.Now()
	rep.write(stdout)
	return nil
}
