package cli

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// requireSubcommands makes every command that only groups subcommands
// (claims, completion, ...) refuse an unknown one with exit 2 and the
// nearest names, as the root does, instead of printing its help and
// exiting 0. Without arguments it still prints its help.
func requireSubcommands(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		requireSubcommands(c)
	}
	if cmd.HasSubCommands() && !cmd.Runnable() {
		cmd.Args = noArgs
		cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	}
}

// maxNameSuggestions is the most names a did-you-mean offers.
const maxNameSuggestions = 3

// nearestNames are the names closest to typed, nearest first: the same
// ignoring case and the separators - _ ., a few edits away (1 for names of
// up to 3 characters, 2 up to 11, else 3), or a prefix either way (typed of
// 3 or more characters).
func nearestNames(typed string, names []string) []string {
	fold := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '-' || r == '_' || r == '.' {
				return -1
			}
			return r
		}, strings.ToLower(s))
	}
	ft := fold(typed)
	limit := 1
	switch {
	case len(ft) >= 12:
		limit = 3
	case len(ft) >= 4:
		limit = 2
	}
	type near struct {
		name string
		dist int
	}
	var found []near
	for _, n := range names {
		fn := fold(n)
		switch d := editDistance(ft, fn); {
		case n == typed:
			continue
		case ft == fn:
			found = append(found, near{n, 0})
		case d <= limit:
			found = append(found, near{n, d})
		case len(ft) >= 3 && (strings.HasPrefix(fn, ft) || strings.HasPrefix(ft, fn)):
			found = append(found, near{n, limit + 1})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].dist != found[j].dist {
			return found[i].dist < found[j].dist
		}
		return found[i].name < found[j].name
	})
	out := make([]string, 0, maxNameSuggestions)
	for i := 0; i < len(found) && i < maxNameSuggestions; i++ {
		out = append(out, found[i].name)
	}
	return out
}

// didYouMean is "; did you mean a, b or c?" for names, "" for none.
func didYouMean(names []string) string {
	if len(names) == 0 {
		return ""
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = sanitize.Line(n)
	}
	if len(q) == 1 {
		return "; did you mean " + q[0] + "?"
	}
	return "; did you mean " + strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1] + "?"
}

// withProfileSuggestion adds the nearest saved names to an error about a
// profile that does not exist (any command, any path that asked the store
// for it). Any other error, or a store that cannot be listed, is returned
// as it is.
func (a *app) withProfileSuggestion(err error) error {
	var nf *store.NotFoundError
	if !errors.As(err, &nf) {
		return err
	}
	opts, oerr := a.env.storeOptions(a.stderr)
	if oerr != nil {
		return err
	}
	st, oerr := store.Open(opts)
	if oerr != nil {
		return err
	}
	defer st.Close()
	ps, lerr := st.List()
	if lerr != nil {
		return err
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	hint := didYouMean(nearestNames(nf.Name, names))
	if hint == "" {
		return err
	}
	return &suggestedError{err: err, hint: hint}
}

// suggestedError is err with a did-you-mean after its text; errors.Is and
// errors.As (the exit code) see err.
type suggestedError struct {
	err  error
	hint string
}

// Error is err's text and the hint.
func (e *suggestedError) Error() string { return e.err.Error() + e.hint }

// Unwrap returns err.
func (e *suggestedError) Unwrap() error { return e.err }

// unknownProfiles is the error for names that are not saved profiles, each
// quoted, with the nearest saved names.
func unknownProfiles(unknown, known []string) error {
	q := make([]string, len(unknown))
	for i, n := range unknown {
		q[i] = strconv.Quote(sanitize.Line(n))
	}
	var near []string
	if len(unknown) == 1 {
		near = nearestNames(unknown[0], known)
	}
	return badInput(fmt.Errorf("no profile named %s; `authdeck profiles list` shows the saved ones%s", strings.Join(q, ", "), didYouMean(near)))
}
