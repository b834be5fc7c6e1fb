package cli

import (
	"errors"
	"fmt"
	"strings"
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
	dryRun  bool // print the prepared request instead of sending it
	curl    bool // print the prepared request as a curl command instead of sending it
	reveal  bool // with dryRun or curl: show the secrets
	verbose bool // print each exchange on stderr
	// allowInsecureHTTP lets the request go over plain http to a host that
	// is not loopback (said on stderr each time).
	allowInsecureHTTP bool
}

// registerCommon adds the flags token and refresh share.
func (o *tokenOptions) registerCommon(a *app, cmd *cobra.Command) {
	fs := cmd.Flags()
	o.req.register(fs)
	o.req.registerCompletion(cmd)
	fs.StringVarP(&o.profile, "profile", "p", "", "use the saved profile (flags override its values) and its token cache")
	_ = cmd.RegisterFlagCompletionFunc("profile", a.completeProfileNames)
	fs.DurationVar(&o.timeout, "timeout", tokenclient.DefaultTimeout, "give up on the request after this duration")
	fs.StringVarP(&o.output, "output", "o", string(outputToken), "print the token as token, json (the server's response), header or env")
	fs.BoolVar(&o.dryRun, "dry-run", false, "print the exact HTTP request (secrets masked) instead of sending it")
	fs.BoolVar(&o.curl, "curl", false, "print the request as a curl command (secrets masked) instead of sending it")
	fs.BoolVar(&o.reveal, "reveal", false, "with --dry-run or --curl: show the secrets too")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "print the request as sent (secrets masked) and the response's status, headers and timing on stderr")
	fs.BoolVar(&o.allowInsecureHTTP, "allow-insecure-http", false, "allow plain http to a host that is not loopback (sends the client secret unencrypted)")
	_ = cmd.RegisterFlagCompletionFunc("output", completeValues(string(outputToken), string(outputJSON), string(outputHeader), string(outputEnv)))
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
	o.registerCommon(a, cmd)
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
	if o.dryRun && o.curl {
		return usageError(errors.New("--dry-run and --curl both print the request; pick one"))
	}
	if o.reveal && !o.dryRun && !o.curl {
		return usageError(errors.New("--reveal only applies with --dry-run or --curl"))
	}
	if o.fresh && o.profile == "" {
		return usageError(errors.New("--fresh only applies with -p/--profile (without a profile every call issues a new token)"))
	}
	if o.profile != "" {
		got, err := a.profileToken(cmd, o, refresh)
		if err != nil || o.dryRun || o.curl {
			return err // a dry run printed the request and sent nothing
		}
		return writeToken(a.stdout, out, got.tok, got.raw)
	}

	edit, err := o.req.read(a, cmd.Flags())
	if err != nil {
		return err
	}
	var in requestInput
	edit.apply(&in)
	if refresh && in.req.DeviceID == "" {
		return usageError(errors.New("refresh needs --device-id: the device id the refresh token was issued to (a new one would be refused)"))
	}
	fillDefaults(a, &in, onceDetect())
	if err := a.checkEndpoint(in.endpoint, o.allowInsecureHTTP); err != nil {
		return err
	}
	client := a.newVerboseClient(in.endpoint, o.timeout, o.allowInsecureHTTP, o.verbose)
	var rr *tokenclient.RefreshRequest
	if refresh {
		r, err := o.refresh.request(a, cmd.Flags(), in.req)
		if err != nil {
			return err
		}
		rr = &r
	}
	prepared, err := a.prepareValidated(client, o, in.req, rr)
	if err != nil {
		return err
	}
	if o.dryRun || o.curl {
		return a.printPrepared(prepared, o)
	}
	res, err := client.Send(cmd.Context(), prepared)
	a.warnSkew(res, in.endpoint)
	if err != nil {
		what := "token"
		if refresh {
			what = "refresh"
		}
		return requestFailed(what, err)
	}
	return writeToken(a.stdout, out, res.Token, res.Raw)
}

// warnSkew says on stderr what is off about the response's times: the
// server's clock (its Date header) more than tokenclient.SkewThreshold
// from the local one, or an expiresIn too late to keep, which was clamped.
// res may be nil.
func (a *app) warnSkew(res *tokenclient.Result, endpoint string) {
	if off, ok := tokenclient.ClockSkew(res); ok {
		if w := skewWarning(off, endpoint); w != "" {
			a.warnf("%s", w)
		}
	}
	if res != nil && res.Expiry.Clamped {
		a.warnf("the server's expiresIn %d is later than %s, the latest expiry authdeck keeps: the token is taken to expire then",
			res.Token.ExpiresIn, tokenclient.LatestExpiry.Format(time.RFC3339))
	}
}

// prepareValidated validates the issue request req, or the refresh request
// rr when it is not nil, and prepares it for client. A dry run without a
// client secret validates with a placeholder in its place (dryRunSecret).
func (a *app) prepareValidated(client *tokenclient.Client, o *tokenOptions, req tokenclient.TokenRequest,
	rr *tokenclient.RefreshRequest) (*tokenclient.Prepared, error) {
	if rr != nil {
		r := *rr
		beforePrepare := a.dryRunSecret(o, &r.TokenRequest)
		if err := r.Validate(); err != nil {
			return nil, requestProblem(err)
		}
		beforePrepare()
		return client.PrepareRefresh(r), nil
	}
	beforePrepare := a.dryRunSecret(o, &req)
	if err := req.Validate(); err != nil {
		return nil, requestProblem(err)
	}
	beforePrepare()
	return client.PrepareIssue(req), nil
}

// printPrepared prints a request instead of sending it: as HTTP text for
// --dry-run, as a curl command for --curl, with its secrets masked unless
// --reveal.
func (a *app) printPrepared(p *tokenclient.Prepared, o *tokenOptions) error {
	if o.curl && !o.reveal {
		if vars := p.CurlNeedsReveal(); len(vars) > 0 {
			a.warnf("warning: $%s holds characters the body must escape, which this curl command would send as they are; "+
				"use --curl --reveal for a command that sends exactly what authdeck sends", strings.Join(vars, ", $"))
		}
	}
	if !o.reveal {
		p = p.Redacted()
	}
	text := p.HTTP()
	if o.curl {
		text = p.Curl()
	}
	_, err := fmt.Fprintln(a.stdout, text)
	return err
}

// newClient returns a client for endpoint with authdeck's User-Agent.
// allowInsecureHTTP is the user's explicit opt-in to plain http beyond
// loopback (tokenclient.ValidateEndpoint is the rule, applied by Send).
func (a *app) newClient(endpoint string, timeout time.Duration, allowInsecureHTTP bool) *tokenclient.Client {
	return a.newVerboseClient(endpoint, timeout, allowInsecureHTTP, false)
}

// newVerboseClient is newClient that, when verbose, prints every exchange
// on stderr (-v/--verbose).
func (a *app) newVerboseClient(endpoint string, timeout time.Duration, allowInsecureHTTP, verbose bool) *tokenclient.Client {
	opts := tokenclient.Options{
		BaseURL:           endpoint,
		Timeout:           timeout,
		UserAgent:         "authdeck/" + versionNumber(),
		AllowInsecureHTTP: allowInsecureHTTP,
	}
	if verbose {
		opts.Observe = verboseObserver(a.stderr)
	}
	return tokenclient.New(opts)
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
