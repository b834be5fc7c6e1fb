package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// newClaimsExplainCmd builds `authdeck claims explain [TOKEN|FILE|-] [-p NAME]`.
func newClaimsExplainCmd(a *app) *cobra.Command {
	var output, profile string
	cmd := &cobra.Command{
		Use:   "explain [TOKEN|FILE|-]",
		Short: "Say what an access token grants: signed in, plans, NFL+, networks, market, expiry",
		Long: "Read an access token's claims the way clients do and say what it grants now: signed in (a uid\n" +
			"claim) or anonymous, each plan with its status and whether it grants access (ACTIVE, or CANCELLED\n" +
			"with an expirationDate still ahead; EXPIRED plans are listed and grant nothing), NFL+ and NFL+\n" +
			"Premium, the networks, the DMA code and location, and the expiry.\n\n" +
			"The token is the argument itself, a file holding it (or a token response), - for stdin, or\n" +
			"-p NAME for a saved profile's cached token. A claim that cannot be read is named, and an answer\n" +
			"that depends on it is \"unknown\", never guessed.",
		Example: "  authdeck claims explain -p prod\n" +
			"  authdeck token -p prod | authdeck claims explain -\n" +
			"  authdeck claims explain token.jwt -o json",
		Args: maxArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return usageError(fmt.Errorf("--output %q is not one of text, json", output))
			}
			tok, err := a.explainSource(args, profile)
			if err != nil {
				return err
			}
			j := tokenclient.DecodeJWT(tok)
			if !j.IsJWT {
				return badInput(errors.New("the token's claims cannot be read: " + j.Problem))
			}
			now := a.now()
			acc := tokenclient.ExplainAccess(j, now)
			if output == "json" {
				return writeJSON(a.stdout, acc)
			}
			return writeAccess(a.stdout, acc, now)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "print as text or json")
	cmd.Flags().StringVarP(&profile, "profile", "p", "", "explain this saved profile's cached token")
	_ = cmd.RegisterFlagCompletionFunc("output", completeValues("text", "json"))
	_ = cmd.RegisterFlagCompletionFunc("profile", a.completeProfileNames)
	return cmd
}

// explainSource is the token named by the argument (a token, a file, -)
// or by -p.
func (a *app) explainSource(args []string, profile string) (string, error) {
	switch {
	case len(args) == 1 && profile != "":
		return "", usageError(errors.New("give a token, a file or - , or -p NAME, not both"))
	case profile != "":
		if err := checkProfileName(profile); err != nil {
			return "", badInput(err)
		}
		return a.profileAccessToken(profile, true)
	case len(args) == 0:
		return "", usageError(errors.New("give a token, a file holding one, - for stdin, or -p NAME"))
	}
	src := args[0]
	if fi, err := os.Stat(src); src == "-" || (err == nil && fi.Mode().IsRegular()) {
		return a.tokenFrom(src)
	}
	return tokenInText("the argument", src)
}

// writeAccess prints a verdict as labelled lines.
func writeAccess(w io.Writer, acc tokenclient.Access, now time.Time) error {
	var b strings.Builder
	row := func(label, value string) { fmt.Fprintf(&b, "%-13s %s\n", label, value) }
	switch {
	case acc.SignedIn == nil:
		row("Signed in", "unknown (the uid claim could not be read, see below)")
	case *acc.SignedIn:
		row("Signed in", "yes (uid "+acc.UID+")")
	default:
		row("Signed in", "no (anonymous: no uid claim)")
	}
	row("NFL+", tokenclient.YesNo(acc.NFLPlus))
	row("NFL+ Premium", tokenclient.YesNo(acc.Premium))
	switch {
	case len(acc.Plans) == 0 && acc.NFLPlus == nil:
		row("Plans", "could not be read (see below)")
	case len(acc.Plans) == 0:
		row("Plans", "none")
	default:
		nameW := len("PLAN")
		for _, p := range acc.Plans {
			nameW = max(nameW, len(p.PlanName()))
		}
		row("Plans", fmt.Sprintf("%-8s %-*s  %s", "ACCESS", nameW, "PLAN", "STATUS"))
		for _, p := range acc.Plans {
			words := p.Words()
			if p.Trial {
				words += ", trial"
			}
			row("", fmt.Sprintf("%-8s %-*s  %s", tokenclient.YesNo(p.GrantsAccess), nameW, p.PlanName(), words))
		}
	}
	if len(acc.Networks) == 0 {
		row("Networks", "none")
	} else {
		row("Networks", strings.Join(acc.Networks, ", "))
	}
	row("DMA code", orNone(acc.DMACode))
	row("Location", orNone(location(acc)))
	switch {
	case acc.ExpiresAt == nil && acc.ExpiryProblem != "":
		row("Expires", "unknown (the exp claim could not be read: "+acc.ExpiryProblem+")")
	case acc.ExpiresAt == nil:
		row("Expires", "unknown (no exp claim)")
	case acc.ExpiresAt.After(now):
		row("Expires", acc.ExpiresAt.UTC().Format("2006-01-02 15:04:05 UTC")+" (in "+roundDuration(acc.ExpiresAt.Sub(now))+")")
	default:
		row("Expires", acc.ExpiresAt.UTC().Format("2006-01-02 15:04:05 UTC")+" (expired "+roundDuration(now.Sub(*acc.ExpiresAt))+" ago)")
	}
	if len(acc.Problems) > 0 {
		b.WriteString("Could not read:\n")
		for _, p := range acc.Problems {
			b.WriteString("  - " + p + "\n")
		}
	}
	_, err := io.WriteString(w, sanitize.Text(b.String()))
	return err
}

// location is "NY, US (new york)" from the location claims.
func location(acc tokenclient.Access) string {
	var parts []string
	for _, s := range []string{acc.Region, acc.Country} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	loc := strings.Join(parts, ", ")
	if acc.City != "" {
		if loc == "" {
			return acc.City
		}
		loc += " (" + acc.City + ")"
	}
	return loc
}

// orNone is s, or "none" when empty.
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// roundDuration is d to the second, in Go's duration notation ("59m59s").
func roundDuration(d time.Duration) string { return d.Round(time.Second).String() }
