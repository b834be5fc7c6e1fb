package main

import (
	"errors"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

// consoleOptions are the root command's flags, which configure the console.
type consoleOptions struct {
	demo    bool   // run an in-process fake server and point the console at it
	profile string // open on this saved profile
}

// errNoTerminal is returned when the console is started without a terminal.
var errNoTerminal = errors.New("the console needs a terminal on stdin and stdout; " +
	"in scripts and pipes use `authdeck token` (see `authdeck token --help`)")

// runConsole starts the interactive console. It refuses to start without a
// terminal on both stdin and stdout, before touching anything else.
func runConsole(cmd *cobra.Command, a *app, opts consoleOptions) error {
	if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
		return badInput(errNoTerminal)
	}
	_ = cmd
	_ = opts
	return errors.New("console not built yet; use `authdeck token` meanwhile")
}

// isTerminal reports whether v is a file attached to a terminal.
func isTerminal(v any) bool {
	f, ok := v.(term.File)
	return ok && term.IsTerminal(f.Fd())
}
