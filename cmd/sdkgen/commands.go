package main

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// options are the flags of generate and check.
type options struct {
	spec, config  string
	out           string
	module, pkg   string
	check, strict bool
}

// rootCommand builds the command tree afresh for one invocation, so no
// command or flag outlives it.
func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:                   "sdkgen <command> [flags]",
		DisableFlagsInUseLine: true,
		Short:                 "sdkgen generates a dependency-free Go SDK from an OpenAPI spec and a Stainless-style config.",
		SilenceErrors:         true,
		SilenceUsage:          true,
		RunE: func(*cobra.Command, []string) error {
			return usagef("missing command: generate, check or version")
		},
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetUsageFunc(usage)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(a.generateCommand(), a.checkCommand(), a.versionCommand())
	return root
}

// generateCommand builds "sdkgen generate".
func (a *app) generateCommand() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "generate -spec FILE [-config FILE] [-out DIR] [-module PATH] [-package NAME] [-check] [-strict]",
		Short: "Generate the SDK, or with -check verify that it is up to date",
		Long: `Generate writes the Go SDK for the spec into -out (default: the current directory).
Nothing is written unless generation succeeds as a whole. Only files that carry
sdkgen's generated header are ever replaced or deleted; a file a person wrote is
never touched. With -check nothing is written: the exit status is 1 and the
files that would change are listed, with a short diff, when the output is stale.`,
		Args:                  noArgs,
		DisableFlagsInUseLine: true,
		RunE:                  func(*cobra.Command, []string) error { return a.runGenerate(&o, true) },
	}
	f := cmd.Flags()
	specFlags(f, &o)
	f.StringVar(&o.out, "out", ".", "output `DIR` for the SDK's root package")
	f.StringVar(&o.module, "module", "", "module `PATH` of the SDK when -out is in no Go module (overrides the config)")
	f.StringVar(&o.pkg, "package", "", "root package `NAME` (overrides the config)")
	f.BoolVar(&o.check, "check", false, "write nothing; exit 1 and show a diff when the output is stale")
	return cmd
}

// checkCommand builds "sdkgen check": generate without -out, -module,
// -package or writing.
func (a *app) checkCommand() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "check -spec FILE [-config FILE] [-strict]",
		Short: "Report the diagnostics for a spec and config; write nothing",
		Long: `Check runs generation in memory and reports every diagnostic, writing nothing.
The module is found from the current directory, as generate would with no -out.`,
		Args:                  noArgs,
		DisableFlagsInUseLine: true,
		RunE:                  func(*cobra.Command, []string) error { return a.runGenerate(&o, false) },
	}
	f := cmd.Flags()
	specFlags(f, &o)
	o.out = "."
	return cmd
}

// specFlags defines the flags generate and check share.
func specFlags(f *pflag.FlagSet, o *options) {
	f.StringVar(&o.spec, "spec", "", "OpenAPI `FILE` (YAML or JSON); - reads standard input")
	f.StringVar(&o.config, "config", "", "Stainless-style config `FILE`; without it sdkgen infers everything")
	f.BoolVar(&o.strict, "strict", false, "fail on warnings too")
}

// versionCommand builds "sdkgen version".
func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print sdkgen's version",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			info, ok := debug.ReadBuildInfo()
			fmt.Fprintf(a.stdout, "sdkgen %s\n", versionString(info, ok))
			return nil
		},
	}
}

// noArgs rejects positional arguments: every input is a flag.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q: %s takes flags only", args[0], c.CommandPath())
	}
	return nil
}

// flagError rewords pflag's errors in the documented single-dash spelling.
func flagError(_ *cobra.Command, err error) error {
	var (
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
	)
	switch {
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedShortnames()
		if name == "" {
			name = notExist.GetSpecifiedName()
		}
		name, _, _ = strings.Cut(name, "=")
		return usagef("unknown flag -%s", name)
	case errors.As(err, &noValue):
		return usagef("flag -%s needs a value", noValue.GetFlag().Name)
	case errors.As(err, &invalid):
		return usagef("invalid value %q for -%s: %v", invalid.GetValue(), invalid.GetFlag().Name, errors.Unwrap(invalid))
	}
	return usagef("%v", err)
}

// usage prints a command's usage with flags in the documented single-dash
// spelling.
func usage(c *cobra.Command) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage:\n  %s\n", c.UseLine())
	if c.HasAvailableSubCommands() {
		b.WriteString("\nCommands:\n")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				fmt.Fprintf(&b, "  %-10s %s\n", sub.Name(), sub.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		b.WriteString("\nFlags:\n")
		type row struct{ left, right string }
		var rows []row
		width := 0
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Hidden {
				return
			}
			name, text := pflag.UnquoteUsage(f)
			left := "-" + f.Name
			if f.Shorthand != "" {
				left = "-" + f.Shorthand + ", " + left
			}
			if name != "" && f.Value.Type() != "bool" {
				left += " " + name
			}
			if f.DefValue != "" && f.DefValue != "false" {
				text += fmt.Sprintf(" (default %q)", f.DefValue)
			}
			rows = append(rows, row{left, text})
			width = max(width, len(left))
		})
		for _, r := range rows {
			fmt.Fprintf(&b, "  %-*s   %s\n", width, r.left, r.right)
		}
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\nRun '%s <command> -h' for a command's flags.\n", c.CommandPath())
	}
	_, err := fmt.Fprint(c.OutOrStderr(), b.String())
	return err
}
