package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// group is one table of the report: commands timed side by side.
type group struct {
	key, title string
	runs       int
	warmup     bool
	cmds       []command
	// notes are lines the report prints under the table (what was built,
	// the sizes of the inputs).
	notes []string
	// results and the load averages are filled in by running the group.
	results    []*result
	loadBefore string
	loadAfter  string
	// scaled describes the specs of the growth group.
	scaled []scaledSpec
}

// find returns the result of the command called name, or nil.
func (g *group) find(name string) *result {
	for _, r := range g.results {
		if r.cmd.name == name {
			return r
		}
	}
	return nil
}

// env is what the groups are built from.
type env struct {
	o        *options
	t        *tools
	work     string
	stdCache string // the standard-library-only build cache, when made
}

// The names of the commands, as the report and the targets look them up.
const (
	nameSdkgen       = "sdkgen"
	nameSdkgenConfig = "sdkgen (stainless.yml)"
	nameSdkgenZero   = "sdkgen (no config, every operation)"
	nameOapi         = "oapi-codegen " + oapiCodegenVersion
	nameOgen         = "ogen " + ogenVersion
	nameKin          = "kin-openapi load"
	nameOpenAIGo     = "openai-go v3.96.0 (root package)"
)

// The OpenAI spec in the corpus and the config the repository keeps for it.
const (
	openAISpec   = "openai-openapi.yaml"
	openAIConfig = "testdata/real/openai/stainless.yml"
)

// sdkgenArgs returns the arguments of sdkgen generating the module from
// spec (with config when it is set) into out.
func sdkgenArgs(spec, config, out, module string) []string {
	args := []string{"generate", "-spec", spec}
	if config != "" {
		args = append(args, "-config", config)
	}
	return append(args, "-out", out, "-module", module)
}

// sdkgenDisplay is sdkgenArgs as the report shows them: the corpus file,
// the config relative to the repository, out as given.
func sdkgenDisplay(e *env, file, config, out, module string) string {
	display := "generate -spec $CORPUS/" + file
	if config != "" {
		display += " -config " + relTo(e.o.root, config)
	}
	return display + " -out " + out + " -module " + module
}

// genGroup returns the group that generates from the corpus spec file with
// sdkgen (with config when it is set, and zero-config) and the peers. key
// also names the generated Go package (example.com/KEY, package KEY).
func genGroup(e *env, key, title, file, config string) *group {
	spec := filepath.Join(e.o.corpus, file)
	pkg := key
	module := "example.com/" + pkg
	g := &group{key: key, title: title, runs: e.o.runs, warmup: true}
	if fi, err := os.Stat(spec); err == nil {
		g.notes = append(g.notes, fmt.Sprintf("Spec: `%s`, %.2f MB. kinload is bench/cmd/kinload: openapi3.NewLoader().LoadFromFile, no validation.", file, float64(fi.Size())/1e6))
	}
	sdkgen := func(name, config string) command {
		return command{
			name:    name,
			display: "sdkgen " + sdkgenDisplay(e, file, config, "$OUT", module),
			prepare: func(ctx context.Context, dir string) (*exec.Cmd, error) {
				return exec.CommandContext(ctx, e.t.sdkgen, sdkgenArgs(spec, config, filepath.Join(dir, "sdk"), module)...), nil
			},
			check: func(ctx context.Context, dir string) checkResult {
				return checkBuild(ctx, filepath.Join(dir, "sdk"), e.stdCache, nil)
			},
		}
	}
	if config != "" {
		g.cmds = append(g.cmds, sdkgen(nameSdkgenConfig, config), sdkgen(nameSdkgenZero, ""))
	} else {
		g.cmds = append(g.cmds, sdkgen(nameSdkgen, ""))
	}
	g.cmds = append(g.cmds,
		command{
			name:        nameOapi,
			display:     "oapi-codegen -generate types,client -package " + pkg + " -o $OUT/" + pkg + ".go $CORPUS/" + file,
			unavailable: e.t.oapiErr,
			prepare: func(ctx context.Context, dir string) (*exec.Cmd, error) {
				return exec.CommandContext(ctx, e.t.oapiCodegen, "-generate", "types,client", "-package", pkg, "-o", filepath.Join(dir, pkg+".go"), spec), nil
			},
			check: func(ctx context.Context, dir string) checkResult {
				return checkOapiBuild(ctx, dir, e.stdCache)
			},
		},
		command{
			name:        nameOgen,
			display:     "ogen -target $OUT -package " + pkg + " -clean $CORPUS/" + file,
			unavailable: e.t.ogenErr,
			prepare: func(ctx context.Context, dir string) (*exec.Cmd, error) {
				return exec.CommandContext(ctx, e.t.ogen, "-target", filepath.Join(dir, "sdk"), "-package", pkg, "-clean", spec), nil
			},
		},
		command{
			name:    nameKin,
			display: "kinload $CORPUS/" + file,
			prepare: func(ctx context.Context, dir string) (*exec.Cmd, error) {
				return exec.CommandContext(ctx, e.t.kinload, spec), nil
			},
		},
	)
	return g
}

// buildGroup returns the group of cold builds: the SDKs sdkgen generates
// from OpenAI's spec (with the config, and without it: every operation),
// built with go build ./..., and openai-go's root package, each with a fresh
// copy of the standard-library-only cache (see coldcache.go).
func buildGroup(ctx context.Context, e *env) (*group, error) {
	g := &group{key: "build", title: "Cold `go build`: the OpenAI SDK", runs: e.o.buildRuns}
	spec := filepath.Join(e.o.corpus, openAISpec)
	config := filepath.Join(e.o.root, openAIConfig)
	cold := func(name, dir string, args ...string) command {
		return command{
			name:    name,
			display: "go " + strings.Join(args, " "),
			prepare: func(ctx context.Context, runDir string) (*exec.Cmd, error) {
				return coldGoCmd(ctx, dir, filepath.Join(runDir, "gocache"), e.stdCache, args...)
			},
		}
	}
	for _, sdk := range []struct{ name, dir, config string }{
		{nameSdkgenConfig, "sdk-openai-config", config},
		{nameSdkgenZero, "sdk-openai-zero", ""},
	} {
		dir := filepath.Join(e.work, sdk.dir)
		const module = "example.com/openai"
		if err := run(exec.CommandContext(ctx, e.t.sdkgen, sdkgenArgs(spec, sdk.config, dir, module)...)); err != nil {
			return nil, fmt.Errorf("generating the SDK to build: %w", err)
		}
		g.cmds = append(g.cmds, cold(sdk.name, dir, "build", "./..."))
		g.notes = append(g.notes, fmt.Sprintf("%s: go build ./... in the SDK that `sdkgen %s` wrote; %s.",
			sdk.name, sdkgenDisplay(e, openAISpec, sdk.config, "$WORK/"+sdk.dir, module), sourceSize(ctx, dir, "./...")))
	}
	g.cmds = append(g.cmds, cold(nameOpenAIGo, e.o.benchDir, "build", "github.com/openai/openai-go/v3"))
	g.notes = append(g.notes, fmt.Sprintf("%s: go build of the root package in bench/ (whose go.mod requires v3.96.0); %s.",
		nameOpenAIGo, sourceSize(ctx, e.o.benchDir, "github.com/openai/openai-go/v3")))
	g.notes = append(g.notes, "Each build has GOCACHE set to a fresh copy of a cache that holds the standard library and nothing else (filled once by `go build std`), so it compiles every package of the SDK and of its non-standard dependencies and no package of the standard library; the module cache is warm (no download is timed).")
	return g, nil
}

// growthGroup returns the group that generates with sdkgen from the growth
// spec made N times as big for each N of -growth-sizes (1, 2 and 4 by
// default; scale.go).
func growthGroup(e *env) (*group, error) {
	file := e.o.growthSpec
	g := &group{key: "growth", title: "Growth: sdkgen on " + file + " made N times as big", runs: e.o.runs, warmup: true}
	data, err := os.ReadFile(filepath.Join(e.o.corpus, file))
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(e.work, "growth")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, n := range e.o.growthSizes {
		scaled, info, err := scaleSpec(data, n)
		if err != nil {
			return nil, fmt.Errorf("scaling %s: %w", file, err)
		}
		path := filepath.Join(dir, fmt.Sprintf("spec-%dx.yaml", n))
		if err := os.WriteFile(path, scaled, 0o644); err != nil {
			return nil, err
		}
		g.scaled = append(g.scaled, info)
		name := fmt.Sprintf("sdkgen %dx", n)
		g.cmds = append(g.cmds, command{
			name:    name,
			display: fmt.Sprintf("sdkgen generate -spec $WORK/growth/spec-%dx.yaml -out $OUT -module example.com/growth", n),
			prepare: func(ctx context.Context, runDir string) (*exec.Cmd, error) {
				return exec.CommandContext(ctx, e.t.sdkgen, "generate", "-spec", path, "-out", filepath.Join(runDir, "sdk"), "-module", "example.com/growth"), nil
			},
		})
	}
	return g, nil
}

// relTo returns path relative to base when it is under it, else path.
func relTo(base, path string) string {
	if rel, err := filepath.Rel(base, path); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return path
}
