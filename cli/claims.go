package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/tokenclient"
)

// maxTokenInput bounds what a token file or stdin may hold.
const maxTokenInput = 1 << 20

// newClaimsCmd builds `authdeck claims` and its `diff` subcommand.
func newClaimsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "claims",
		Short: "Explain and compare the claims of access tokens",
		Args:  noArgs,
	}
	cmd.AddCommand(newClaimsDiffCmd(a), newClaimsExplainCmd(a))
	return cmd
}

// newClaimsDiffCmd builds `authdeck claims diff A B`.
func newClaimsDiffCmd(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "Show the claims that differ between two access tokens",
		Long: "Show the claims added, removed and changed from token A to token B, times as readable dates.\n\n" +
			"A and B are each a file holding a token (or a token response, as `authdeck token -o json` prints\n" +
			"it), `-` for stdin, or the name of a saved profile (its cached token). Tokens are decoded, not\n" +
			"verified, and never printed.",
		Example: "  authdeck claims diff staging prod\n" +
			"  authdeck token -p staging --fresh | authdeck claims diff staging -",
		Args:              exactArgs("A", "B"),
		ValidArgsFunction: a.completeProfileArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return usageError(fmt.Errorf("--output %q is not one of text, json", output))
			}
			if args[0] == "-" && args[1] == "-" {
				return usageError(errors.New("only one of A and B can be - (stdin)"))
			}
			var jwts [2]tokenclient.JWT
			for i, src := range args {
				tok, err := a.tokenFrom(src)
				if err != nil {
					return err
				}
				jwts[i] = tokenclient.DecodeJWT(tok)
			}
			changes, err := tokenclient.DiffClaims(jwts[0], jwts[1])
			if err != nil {
				return badInput(err)
			}
			if output == "json" {
				if changes == nil {
					changes = []tokenclient.ClaimChange{}
				}
				return writeJSON(a.stdout, changes)
			}
			return writeClaimChanges(a.stdout, changes)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "print as text or json")
	_ = cmd.RegisterFlagCompletionFunc("output", completeValues("text", "json"))
	return cmd
}

// tokenFrom reads an access token from src: "-" (stdin), a file, or a
// saved profile's cache, in that order.
func (a *app) tokenFrom(src string) (string, error) {
	var data []byte
	switch fi, statErr := os.Stat(src); {
	case src == "-":
		b, err := io.ReadAll(io.LimitReader(a.stdin, maxTokenInput+1))
		if err != nil {
			return "", fmt.Errorf("reading a token from stdin: %w", err)
		}
		data = b
	case statErr == nil && fi.Mode().IsRegular():
		f, err := os.Open(src)
		if err != nil {
			return "", badInput(fmt.Errorf("%s: %w", src, err))
		}
		data, err = io.ReadAll(io.LimitReader(f, maxTokenInput+1))
		_ = f.Close()
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", src, err)
		}
	default:
		return a.profileAccessToken(src, false)
	}
	if len(data) > maxTokenInput {
		return "", badInput(fmt.Errorf("%s holds more than %d bytes; a token is far smaller", displaySource(src), maxTokenInput))
	}
	return tokenInText(src, string(data))
}

// tokenInText finds the access token in text: a token response's
// accessToken, or the text itself (an "Authorization: Bearer" prefix and
// surrounding space are dropped by DecodeJWT).
func tokenInText(src, text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", badInput(fmt.Errorf("%s is empty; it should hold an access token", displaySource(src)))
	}
	if strings.HasPrefix(text, "{") {
		var resp struct {
			AccessToken string `json:"accessToken"`
		}
		if err := json.Unmarshal([]byte(text), &resp); err != nil || resp.AccessToken == "" {
			return "", badInput(fmt.Errorf("%s is JSON without an accessToken string; give a token or a token response", displaySource(src)))
		}
		return resp.AccessToken, nil
	}
	return strings.TrimPrefix(text, "Authorization: "), nil
}

// displaySource names src in messages.
func displaySource(src string) string {
	if src == "-" {
		return "stdin"
	}
	return strconv.Quote(src)
}

// profileAccessToken is the cached access token of a saved profile; named
// is true when the user named it as a profile (-p), false when an argument
// that is not a file was taken as one.
func (a *app) profileAccessToken(name string, named bool) (string, error) {
	if err := checkProfileName(name); err != nil {
		return "", badInput(fmt.Errorf("%q is neither a file nor a profile name: %w", name, err))
	}
	st, err := a.openStore()
	if err != nil {
		return "", err
	}
	sec, err := st.Secrets(name)
	if err != nil {
		if !named {
			err = fmt.Errorf("%q is not a file, so it was taken as a profile: %w", name, err)
		}
		return "", storeError(err)
	}
	if sec.AccessToken == "" {
		return "", badInput(fmt.Errorf("profile %q has no cached token; run `authdeck token -p %s` first", name, name))
	}
	return sec.AccessToken, nil
}

// timeClaims are the claims holding NumericDates, shown with a readable date.
var timeClaims = map[string]bool{"exp": true, "iat": true, "nbf": true, "auth_time": true}

// writeClaimChanges prints one line per changed claim: "+" added, "-"
// removed, "~" changed; values are JSON, dates readable.
func writeClaimChanges(w io.Writer, changes []tokenclient.ClaimChange) error {
	if len(changes) == 0 {
		_, err := fmt.Fprintln(w, "no differences in the claims")
		return err
	}
	t := newBareTable(2)
	for _, c := range changes {
		oldV, newV := claimText(c.Claim, c.Old), claimText(c.Claim, c.New)
		switch c.Kind {
		case tokenclient.ClaimAdded:
			t.row("+ "+c.Claim, newV)
		case tokenclient.ClaimRemoved:
			t.row("- "+c.Claim, oldV)
		default:
			t.row("~ "+c.Claim, oldV+" → "+newV)
		}
	}
	return t.write(w)
}

// claimText renders a claim value: JSON, and for a time claim also the
// date in UTC.
func claimText(name string, v json.RawMessage) string {
	s := string(v)
	if !timeClaims[name] {
		return s
	}
	if sec, err := strconv.ParseFloat(s, 64); err == nil && sec > -1e12 && sec < 1e12 {
		return s + " (" + time.Unix(int64(sec), 0).UTC().Format("2006-01-02 15:04:05 UTC") + ")"
	}
	return s
}
