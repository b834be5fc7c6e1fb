package cli

import (
	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/ui"
)

// newRootCmd builds the whole command tree around a.
func newRootCmd(a *app) *cobra.Command {
	var opts consoleOptions
	root := &cobra.Command{
		Use:   "authdeck",
		Short: "Test device-auth credentials against the identity API",
		Long: "authdeck issues and refreshes device-auth tokens against the identity API.\n" +
			"With no command it opens the interactive console; the commands below do the same from scripts.",
		Example: "  authdeck --demo                      # console against a local fake server\n" +
			"  authdeck fake-server                 # run the local identity server\n" +
			"  authdeck token -p staging            # a token for a saved profile\n" +
			"  echo \"$SECRET\" | authdeck token --client-key KEY --client-secret-stdin",
		Args:             noArgs,
		Annotations:      longRunning(),
		PersistentPreRun: func(cmd *cobra.Command, _ []string) { tuneGC(cmd) },
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runConsole(cmd, a, opts)
		},
	}
	root.Flags().BoolVar(&opts.demo, "demo", false, "start a local fake identity server and open the console on it")
	root.Flags().StringVarP(&opts.profile, "profile", "p", "", "open the console on this saved profile")
	root.Flags().DurationVar(&opts.autoRefreshBefore, "auto-refresh-before", ui.DefaultAutoRefreshBefore,
		"in the console, auto-refresh (t in the result) renews the shown token this long before it expires")
	_ = root.RegisterFlagCompletionFunc("profile", a.completeProfileNames)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		newTokenCmd(a),
		newRefreshCmd(a),
		newActivateCmd(a),
		newDeviceCmd(a),
		newFakeServerCmd(a),
		newProfilesCmd(a),
		newVersionCmd(a),
		newClaimsCmd(a),
		newPresetsCmd(a),
		newSignCmd(a),
		newHistoryCmd(a),
		newCheckCmd(a),
		newDoctorCmd(a),
	)
	// The completion command writes to the output set when it is built.
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.InitDefaultCompletionCmd()
	requireSubcommands(root)
	return root
}
