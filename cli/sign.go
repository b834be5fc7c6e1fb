package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/tokenclient"
)

// newSignCmd builds `authdeck sign --uid UID`.
func newSignCmd(a *app) *cobra.Command {
	var uid, output string
	var secretStdin bool
	cmd := &cobra.Command{
		Use:   "sign",
		Short: "Make a uid signature and timestamp for a signed-in request",
		Long: "Make the uidSignature and signatureTimestamp a signed-in client sends, in the Gigya scheme: standard\n" +
			"base64 of HMAC-SHA1 over \"<timestamp>_<uid>\", keyed with the base64-decoded account secret. The\n" +
			"account secret comes from --account-secret-stdin or $" + envAccountSecret + ". The output is the\n" +
			"signature itself: it is what you asked for, so it is printed unmasked.",
		Example: "  echo \"$ACCOUNT_SECRET\" | authdeck sign --uid 9c2b2e1f0a7d4e5b --account-secret-stdin\n" +
			"  eval \"$(authdeck sign --uid \"$USER_UID\" -o env)\" && echo \"$" + envUIDSignature + "\" | \\\n" +
			"    authdeck token -p web --uid \"$USER_UID\" --uid-signature-stdin --signature-timestamp \"$AUTHDECK_SIGNATURE_TIMESTAMP\"",
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			if uid == "" {
				return usageError(errors.New("sign needs --uid: the signed-in user's UID"))
			}
			secret := a.env.accountSecret
			if secretStdin {
				s, err := readStdinValue(a.stdin, "--account-secret-stdin")
				if err != nil {
					return err
				}
				secret = s
			}
			if secret == "" {
				return usageError(fmt.Errorf("sign needs the account secret: pipe it to --account-secret-stdin or set $%s", envAccountSecret))
			}
			sig, ts, err := tokenclient.SignUID(secret, uid, a.now())
			if err != nil {
				return badInput(err)
			}
			switch output {
			case "text":
				t := newBareTable(2)
				t.row("uid", uid)
				t.row("uidSignature", sig)
				t.row("signatureTimestamp", ts)
				err = t.write(a.stdout)
			case "json":
				err = writeJSON(a.stdout, signJSON{UID: uid, UIDSignature: sig, SignatureTimestamp: ts})
			case "env":
				_, err = fmt.Fprintf(a.stdout, "export %s=%s\nexport AUTHDECK_SIGNATURE_TIMESTAMP=%s\n", envUIDSignature, shellQuote(sig), ts)
			default:
				return usageError(fmt.Errorf("--output %q is not one of text, json, env", output))
			}
			return err
		},
	}
	cmd.Flags().StringVar(&uid, "uid", "", "the signed-in user's UID")
	cmd.Flags().BoolVar(&secretStdin, "account-secret-stdin", false, "read the base64 account secret from stdin (or set $"+envAccountSecret+")")
	cmd.Flags().StringVarP(&output, "output", "o", "text", "print as text, json or env (shell export lines)")
	_ = cmd.RegisterFlagCompletionFunc("output", completeValues("text", "json", "env"))
	return cmd
}

// signJSON is `sign --output json`.
type signJSON struct {
	UID                string `json:"uid"`
	UIDSignature       string `json:"uidSignature"`
	SignatureTimestamp string `json:"signatureTimestamp"`
}
