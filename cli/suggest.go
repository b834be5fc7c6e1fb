package cli

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagError is the command tree's flag-error hook: every flag parse error
// is a usage error (exit 2), and an unknown long flag gets the closest
// known names ("--clientkey" → "did you mean --client-key?").
func flagError(cmd *cobra.Command, err error) error {
	var ne *pflag.NotExistError
	if errors.As(err, &ne) && ne.GetSpecifiedName() != "" {
		if s := suggestFlags(cmd, ne.GetSpecifiedName()); len(s) > 0 {
			return usageError(fmt.Errorf("%w; did you mean --%s?", err, strings.Join(s, " or --")))
		}
	}
	return usageError(err)
}

// suggestFlags names the flags of cmd close to typed: equal once dashes are
// ignored, a prefix, or at most two edits away.
func suggestFlags(cmd *cobra.Command, typed string) []string {
	typed = strings.ToLower(typed)
	bare := strings.ReplaceAll(typed, "-", "")
	var out []string
	seen := map[string]bool{}
	visit := func(f *pflag.Flag) {
		if f.Hidden || seen[f.Name] {
			return
		}
		seen[f.Name] = true
		name := f.Name
		if strings.ReplaceAll(name, "-", "") == bare || strings.HasPrefix(name, typed) || editDistance(name, typed) <= 2 {
			out = append(out, name)
		}
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	sort.Strings(out)
	return out
}

// editDistance is the Levenshtein distance between a and b (bytes; flag
// names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
