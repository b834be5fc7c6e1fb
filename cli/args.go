package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// noArgs refuses positional arguments with a usage error (exit 2).
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasSubCommands() {
		msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
		if cmd.SuggestionsMinimumDistance <= 0 {
			cmd.SuggestionsMinimumDistance = 2 // cobra's own default, set lazily by cobra
		}
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "; did you mean " + strings.Join(s, " or ") + "?"
		}
		return usageError(errors.New(msg))
	}
	return usageError(fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " ")))
}

// exactArgs requires exactly the named positional arguments, e.g.
// exactArgs("OLD", "NEW"), and names what is missing or extra.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < len(names):
			return usageError(fmt.Errorf("missing %s; usage: %s %s",
				strings.Join(names[len(args):], " and "), cmd.CommandPath(), strings.Join(names, " ")))
		case len(args) > len(names):
			return usageError(fmt.Errorf("%s takes %d argument(s) (%s), got %d: %q",
				cmd.CommandPath(), len(names), strings.Join(names, " "), len(args), strings.Join(args, " ")))
		}
		return nil
	}
}

// maxArgs allows at most n positional arguments.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usageError(fmt.Errorf("%s takes at most %d argument(s), got %d: %q",
				cmd.CommandPath(), n, len(args), strings.Join(args, " ")))
		}
		return nil
	}
}
