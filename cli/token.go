package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/tokenclient"
)

// tokenOptions are the flags of token and refresh.
type tokenOptions struct {
	req     requestFlags
	refresh refreshFlags // refresh only
	profile string
	fresh   bool // token only
	timeout time.Duration
	output  string
}

// registerCommon adds the flags token and refresh share.
func (o *tokenOptions) registerCommon(cmd *cobra.Command) {
	fs := cmd.Flags()
	o.req.register(fs)
	fs.StringVarP(&o.profile, "profile", "p", "", "use the saved profile (flags override its values) and its token cache")
	fs.DurationVar(&o.timeout, "timeout", tokenclient.DefaultTimeout, "give up on the request after this duration")
	fs.StringVarP(&o.output, "output", "o", string(outputToken), "print the token as token, json (the server's response), header or env")
}

// newTokenCmd builds `authdeck token`.
func newTokenCmd(a *app) *cobra.Command {
	var o tokenOptions
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Issue an access token and print it",
		Long: "Issue an access token and print it (like `gh auth token`).\n\n" +
			"The client secret comes from --client-secret-stdin or $" + envClientSecret + ". A missing device id is\n" +
			"generated; missing device info and network type are detected. With -p the saved profile supplies\n" +
			"every value, flags override it, and a cached token with 60s or more left is printed without a request.\n\n" +
			"Exit status: 0 success, 1 the request failed or was refused, 2 bad input (nothing was sent).",
		Example: "  echo \"$SECRET\" | authdeck token --client-key KEY --client-secret-stdin\n" +
			"  authdeck token -p staging --output header\n" +
			"  eval \"$(authdeck token -p staging --output env)\"",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runToken(cmd, &o, false)
		},
	}
	o.registerCommon(cmd)
	cmd.Flags().BoolVar(&o.fresh, "fresh", false, "with -p: always issue a new token, ignoring the cache")
	return cmd
}

// runToken issues (or, for refresh, refreshes) a token and prints it.
func (a *app) runToken(cmd *cobra.Command, o *tokenOptions, refresh bool) error {
	out, err := parseTokenOutput(o.output)
	if err != nil {
		return err
	}
	if o.timeout <= 0 {
		return usageError(fmt.Errorf("--timeout %s must be positive, e.g. 30s", o.timeout))
	}
	if o.fresh && o.profile == "" {
		return usageError(errors.New("--fresh only applies with -p/--profile (without a profile every call issues a new token)"))
	}
	if o.profile != "" {
		got, err := a.profileToken(cmd, o, refresh)
		if err != nil {
			return err
		}
		return writeToken(a.stdout, out, got.tok, got.raw)
	}

	var in requestInput
	if err := o.req.overlay(a, cmd.Flags(), &in); err != nil {
		return err
	}
	fillDefaults(a, &in, onceDetect())
	if err := checkEndpoint(in.endpoint); err != nil {
		return err
	}
	client := a.newClient(in.endpoint, o.timeout)
	var res *tokenclient.Result
	if refresh {
		rr, err := o.refresh.request(a, cmd.Flags(), in.req)
		if err != nil {
			return err
		}
		if err := rr.Validate(); err != nil {
			return requestProblem(err)
		}
		res, err = client.Refresh(cmd.Context(), rr)
		if err != nil {
			return requestFailed("refresh", err)
		}
	} else {
		if err := in.req.Validate(); err != nil {
			return requestProblem(err)
		}
		res, err = client.Issue(cmd.Context(), in.req)
		if err != nil {
			return requestFailed("token", err)
		}
	}
	return writeToken(a.stdout, out, res.Token, res.Raw)
}

// newClient returns a client for endpoint with authdeck's User-Agent.
func (a *app) newClient(endpoint string, timeout time.Duration) *tokenclient.Client {
	return tokenclient.New(tokenclient.Options{
		BaseURL:   endpoint,
		Timeout:   timeout,
		UserAgent: "authdeck/" + versionNumber(),
	})
}

// requestFailed explains a failed call. A request the client refused to
// send (a validation problem) is bad input; everything else is a failure
// whose text already says why in plain words (status and body excerpt, or
// the network error) and never holds a secret.
func requestFailed(what string, err error) error {
	var ve *tokenclient.ValidationError
	if errors.As(err, &ve) {
		return requestProblem(err)
	}
	return fmt.Errorf("%s request failed: %w", what, err)
}
