package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/tokenclient/device"
)

// completeValues completes a flag or argument from a fixed set of values.
func completeValues(values ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

// networkTypeNames are the values --network-type accepts.
func networkTypeNames() []string {
	out := make([]string, 0, len(device.NetworkTypes))
	for _, n := range device.NetworkTypes {
		out = append(out, string(n))
	}
	return out
}

// completeProfileNames completes saved profile names (for -p and the
// NAME arguments). A store that cannot be opened completes nothing.
func (a *app) completeProfileNames(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	st, err := a.openStore()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	profiles, err := st.List()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []string
	for _, p := range profiles {
		if strings.HasPrefix(p.Name, toComplete) {
			names = append(names, p.Name)
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

// completeProfileArgs completes the first n positional arguments with
// profile names.
func (a *app) completeProfileArgs(n int) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) >= n {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return a.completeProfileNames(cmd, args, toComplete)
	}
}
