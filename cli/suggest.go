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
// is a usage error (exit 2), an unknown long flag gets the closest known
// names ("--clientkey" → "did you mean --client-key?"), and a flag error
// after an unknown command word names the command instead ("chek --all" →
// "did you mean check?").
func flagError(cmd *cobra.Command, err error) error {
	// "chek --all": the unknown flag comes after a word that is not a
	// command; the word is the mistake.
	if args := cmd.Flags().Args(); cmd.HasSubCommands() && len(args) > 0 {
		return noArgs(cmd, args)
	}
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

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of two neighbours each
// count one (bytes; flag and profile names are ASCII).
func editDistance(a, b string) int {
	rows := make([][]int, len(a)+1)
	for i := range rows {
		rows[i] = make([]int, len(b)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, rows[i-2][j-2]+1)
			}
			rows[i][j] = d
		}
	}
	return rows[len(a)][len(b)]
}
