package cli

import (
	"runtime/debug"

	"github.com/spf13/cobra"
)

// oneShotGCPercent is the garbage collector target for commands that run
// for a moment and exit (token, profiles list, ...). Such a process pays
// more for each collection cycle than for the little extra memory a lazier
// collector keeps: `profiles list` of 10 000 profiles took 102 ms with the
// default of 100 and 66 ms with 400, at a peak of about 30 MiB either way.
const oneShotGCPercent = 400

// annotationLongRunning marks a command that keeps running (the console,
// the fake server): its cobra.Command.Annotations carries this key, and
// tuneGC leaves the collector at its default for it.
const annotationLongRunning = "authdeck.long-running"

// longRunning returns the Annotations of a long-running command.
func longRunning() map[string]string { return map[string]string{annotationLongRunning: "yes"} }

// tuneGC sets the collector for the command about to run: lazier for
// one-shot commands, the default for the long-running console and fake
// server, whose memory must stay small over time.
func tuneGC(cmd *cobra.Command) {
	if cmd.Annotations[annotationLongRunning] != "" {
		debug.SetGCPercent(100)
		return
	}
	debug.SetGCPercent(oneShotGCPercent)
}
