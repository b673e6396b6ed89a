package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// normaliseArgs lets the documented single-dash spelling through pflag,
// which would read "-spec" as the shorthands -s -p -e -c. A token that is a
// single dash and a known long flag name, alone or with "=value", gets a
// second dash. long maps each known name to whether the flag takes a value;
// the token after such a flag is its value and is left alone, even when it
// starts with a dash ("-spec -" reads standard input). So are positional
// arguments, one-letter shorthands such as -h, unknown names (pflag then
// reports them) and everything after "--".
func normaliseArgs(args []string, long map[string]bool) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return append(out, args[i:]...)
		}
		var name string
		switch {
		case strings.HasPrefix(arg, "--"):
			name = arg[2:]
		case len(arg) > 2 && arg[0] == '-':
			name = arg[1:]
		default:
			out = append(out, arg)
			continue
		}
		name, _, hasValue := strings.Cut(name, "=")
		takesValue, known := long[name]
		if !known {
			out = append(out, arg)
			continue
		}
		out = append(out, "--"+strings.TrimLeft(arg, "-"))
		if takesValue && !hasValue && i+1 < len(args) {
			i++
			out = append(out, args[i])
		}
	}
	return out
}

// longFlags collects the long flag names of every command in the tree, with
// whether each takes a value. Commands use a name with one meaning only.
func longFlags(root *cobra.Command) map[string]bool {
	long := map[string]bool{}
	var visit func(c *cobra.Command)
	visit = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		c.Flags().VisitAll(func(f *pflag.Flag) {
			long[f.Name] = f.NoOptDefVal == ""
		})
		for _, sub := range c.Commands() {
			visit(sub)
		}
	}
	visit(root)
	return long
}
