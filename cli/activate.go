package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokens"
)

// activateOptions are the flags of `authdeck activate`.
type activateOptions struct {
	req               requestFlags
	profile           string
	idp               string
	poll              time.Duration
	timeout           time.Duration
	activationURL     string
	output            string
	allowInsecureHTTP bool
	verbose           bool // print each exchange on stderr
}

// newActivateCmd builds `authdeck activate`.
func newActivateCmd(a *app) *cobra.Command {
	var o activateOptions
	cmd := &cobra.Command{
		Use:   "activate",
		Short: "Sign a device in with a registration code, as TV apps do",
		Long: "Run the device activation flow: get an anonymous token, a registration code, announce it, show the\n" +
			"code and the activation URL (with a QR code on a terminal), poll until a person activates it on\n" +
			"another device, then refresh the token with the activated values and print it.\n\n" +
			"With -p the profile gains the uid (its signature in the secret store) or the partner fields and the\n" +
			"new token is cached, so `token -p` and `refresh -p` continue signed in. -o json prints one event per\n" +
			"line: code, then activated, expired or failed.\n\n" +
			"Exit status: 0 activated, 1 expired, refused or failed, 2 bad input (nothing was sent), 130 cancelled.",
		Example: "  authdeck activate -p tv\n" +
			"  authdeck activate -p tv --idp tv-provider -o json\n" +
			"  authdeck activate --endpoint http://127.0.0.1:8765 --client-key KEY --poll 2s --timeout 3m",
		Args:        noArgs,
		Annotations: longRunning(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runActivate(cmd, &o)
		},
	}
	fs := cmd.Flags()
	o.req.register(fs)
	o.req.registerCompletion(cmd)
	fs.StringVarP(&o.profile, "profile", "p", "", "use the saved profile and save the activation to it")
	_ = cmd.RegisterFlagCompletionFunc("profile", a.completeProfileNames)
	fs.StringVar(&o.idp, "idp", "nfl", "what the person signs in with: nfl, tv-provider, amazon, peacock or youtube")
	_ = cmd.RegisterFlagCompletionFunc("idp", completeValues("nfl", "tv-provider", "amazon", "peacock", "youtube"))
	fs.DurationVar(&o.poll, "poll", tokenclient.DefaultPollInterval, "time between polls")
	fs.DurationVar(&o.timeout, "timeout", 0, "give up waiting after this long (default: the code's time to live, 10m)")
	fs.StringVar(&o.activationURL, "activation-url", "", "the activation page (default "+tokenclient.DefaultActivationURL+
		" for the production endpoint, <endpoint>/account/activate for any other)")
	fs.StringVarP(&o.output, "output", "o", "text", "text, or json: one event per line")
	_ = cmd.RegisterFlagCompletionFunc("output", completeValues("text", "json"))
	fs.BoolVar(&o.allowInsecureHTTP, "allow-insecure-http", false, "allow plain http to a host that is not loopback (sends the client secret unencrypted)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "print each request as sent (secrets masked) and the response's status, headers and timing on stderr")
	return cmd
}

// activationRun is one run of the flow: what is sent and where.
type activationRun struct {
	client   *tokenclient.Client
	endpoint string
	req      tokenclient.TokenRequest // the request the signed-in refresh builds on
	idp      tokenclient.IDP
	page     string
	poll     time.Duration
	timeout  time.Duration
	profile  string // "" without -p
}

// runActivate checks the flags, then runs the flow.
func (a *app) runActivate(cmd *cobra.Command, o *activateOptions) error {
	idp, err := tokenclient.ParseIDP(o.idp)
	if err != nil {
		return usageError(fmt.Errorf("--idp: %w", err))
	}
	if o.output != "text" && o.output != "json" {
		return usageError(fmt.Errorf("--output %q is not text or json", o.output))
	}
	if o.poll <= 0 {
		return usageError(fmt.Errorf("--poll %s must be positive, e.g. 5s", o.poll))
	}
	if o.timeout < 0 || (o.timeout == 0 && cmd.Flags().Changed("timeout")) {
		return usageError(fmt.Errorf("--timeout %s must be positive, e.g. 5m (leave it out for the code's time to live)", o.timeout))
	}
	if o.activationURL != "" {
		if err := tokenclient.ValidateEndpoint(o.activationURL, true); err != nil {
			return usageError(fmt.Errorf("--activation-url %q is not an http(s) URL", o.activationURL))
		}
	}
	act := &activationRun{idp: idp, poll: o.poll, timeout: o.timeout, profile: o.profile}
	if o.profile != "" {
		err = a.activationFromProfile(cmd, o, act)
	} else {
		err = a.activationFromFlags(cmd, o, act)
	}
	if err != nil {
		return err
	}
	if err := checkPollFloor(o.poll, act.endpoint); err != nil {
		return err
	}
	act.page = o.activationURL
	if act.page == "" {
		act.page = tokenclient.ActivationPage(act.endpoint)
	}
	act.client = a.newVerboseClient(act.endpoint, tokenclient.DefaultTimeout, o.allowInsecureHTTP, o.verbose)
	ev := a.newActivateEvents(o.output == "json")
	defer ev.close()
	return a.activate(cmd.Context(), act, ev)
}

// activationFromFlags builds the request from the token flags, as `token`
// does.
func (a *app) activationFromFlags(cmd *cobra.Command, o *activateOptions, act *activationRun) error {
	edit, err := o.req.read(a, cmd.Flags())
	if err != nil {
		return err
	}
	var in requestInput
	edit.apply(&in)
	fillDefaults(a, &in, onceDetect())
	if err := a.checkEndpoint(in.endpoint, o.allowInsecureHTTP); err != nil {
		return err
	}
	if err := in.req.Validate(); err != nil {
		return requestProblem(err)
	}
	act.endpoint, act.req = in.endpoint, in.req
	return nil
}

// activationFromProfile takes the profile's request exactly: the
// activation is saved to it, so it must be the profile's own.
func (a *app) activationFromProfile(cmd *cobra.Command, o *activateOptions, act *activationRun) error {
	if err := checkProfileName(o.profile); err != nil {
		return err
	}
	for _, f := range []string{"endpoint", "client-key", "client-secret", "client-secret-stdin", "device-id", "device-info", "network-type"} {
		if cmd.Flags().Changed(f) {
			change := "--" + f + " VALUE"
			if f == "client-secret-stdin" {
				change = "--" + f
			}
			return usageError(fmt.Errorf("--%s cannot be combined with -p: the activation is saved to the profile, so it uses the profile's request as saved "+
				"(change it with `authdeck profiles save %s %s` first)", f, o.profile, change))
		}
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	p, err := st.Get(o.profile)
	if err != nil {
		return storeError(err)
	}
	sec, err := st.Secrets(p.Name)
	if err != nil {
		return storeError(err)
	}
	req := tokens.Request(&p, sec)
	if req.ClientSecret == "" {
		req.ClientSecret = a.env.clientSecret
	}
	if err := a.checkEndpoint(p.Endpoint, o.allowInsecureHTTP); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return requestProblem(err)
	}
	act.endpoint, act.req = p.Endpoint, req
	return nil
}

// activate runs the flow: anonymous token, code, announce, poll, refresh.
// With -p every call goes to the profile's history and, only once the
// signed-in refresh succeeded, the activation is saved to the profile.
// Every failure names its step; a cancel (Ctrl+C) ends with exit 130.
func (a *app) activate(ctx context.Context, act *activationRun, ev *activateEvents) error {
	var calls []tokens.ActivationCall
	done, err := a.activationSteps(ctx, act, ev, &calls)
	if act.profile != "" && len(calls) > 0 {
		if serr := a.recordActivation(act.profile, calls, done); serr != nil {
			if err == nil {
				ev.failed("failed", "save", serr)
			}
			return errors.Join(err, serr)
		}
	}
	if err != nil {
		return err
	}
	return ev.activated(done.Result)
}

// activationSteps sends the calls in order, appending each to calls.
func (a *app) activationSteps(ctx context.Context, act *activationRun, ev *activateEvents, calls *[]tokens.ActivationCall) (*tokens.Activated, error) {
	c := act.client
	record := func(kind string, sent *tokenclient.Prepared, res *tokenclient.Result, err error, start time.Time) {
		*calls = append(*calls, tokens.ActivationCall{Kind: kind, Sent: sent, Result: res, Err: err, Elapsed: time.Since(start), At: start})
	}
	fail := func(step tokenclient.ActivationStep, err error) error {
		if ctx.Err() != nil || errors.Is(err, context.Canceled) {
			ev.failed("cancelled", step, err)
			return &canceledError{step: string(step)}
		}
		var ve *tokenclient.ValidationError
		if errors.As(err, &ve) {
			return requestProblem(err)
		}
		ev.failed("failed", step, err)
		return err
	}
	// An anonymous token: the activation signs it in.
	anon := tokenclient.WithActivation(act.req, tokenclient.IDPNFL, tokenclient.Record{})
	start := time.Now()
	anonRes, err := c.Issue(ctx, anon)
	record(store.KindIssue, c.PrepareIssue(anon), anonRes, err, start)
	if err != nil {
		return nil, fail(tokenclient.StepToken, &tokenclient.StepError{Step: tokenclient.StepToken, Call: "POST " + tokenclient.IssuePath, Err: err})
	}
	bearer := anonRes.Token.AccessToken
	start = time.Now()
	regCode := c.PrepareRegCode(bearer)
	res, code, err := c.RegCode(ctx, regCode)
	record(tokens.KindRegCode, regCode, res, err, start)
	if err != nil {
		return nil, fail(tokenclient.StepRegCode, err)
	}
	announced := time.Now()
	ttl := tokenclient.DefaultActivationTTL
	announce := c.PrepareAnnounce(bearer, tokenclient.Announce{RegCode: code, DeviceID: act.req.DeviceID, IDP: act.idp, TTL: ttl})
	res, err = c.AnnounceCode(ctx, announce)
	record(tokens.KindAnnounce, announce, res, err, announced)
	if err != nil {
		return nil, fail(tokenclient.StepAnnounce, err)
	}
	deadline := announced.Add(ttl)
	if act.timeout > 0 && act.timeout < ttl {
		deadline = announced.Add(act.timeout)
	}
	ev.code(code, tokenclient.ActivationURL(act.page, code), deadline)

	var last tokenclient.PollEvent
	out := c.Poll(ctx, tokenclient.PollOptions{AccessToken: bearer, RegCode: code, IDP: act.idp,
		Interval: act.poll, Deadline: deadline, OnPoll: func(e tokenclient.PollEvent) {
			last = e
			ev.polled(e)
		}})
	if out.Polls > 0 {
		var el time.Duration
		if last.Result != nil {
			el = last.Result.Timing.Total
		}
		pollErr := out.Err
		if out.Reason == tokenclient.StopActivated {
			pollErr = nil
		}
		*calls = append(*calls, tokens.ActivationCall{Kind: tokens.KindPoll, Sent: last.Prepared, Result: last.Result, Err: pollErr, Elapsed: el, Polls: out.Polls})
	}
	switch out.Reason {
	case tokenclient.StopActivated:
	case tokenclient.StopCancelled:
		ev.failed("cancelled", tokenclient.StepPoll, out.Err)
		return nil, &canceledError{step: string(tokenclient.StepPoll)}
	case tokenclient.StopExpired:
		ev.expired(out.Err)
		return nil, out.Err
	default:
		ev.failed("failed", tokenclient.StepPoll, out.Err)
		return nil, out.Err
	}

	signed := tokenclient.WithActivation(act.req, act.idp, out.Record)
	rr := tokenclient.RefreshRequest{TokenRequest: signed, RefreshToken: anonRes.Token.RefreshToken}
	start = time.Now()
	res, err = c.Refresh(ctx, rr)
	record(store.KindRefresh, c.PrepareRefresh(rr), res, err, start)
	if err != nil {
		return nil, fail(tokenclient.StepRefresh, &tokenclient.StepError{Step: tokenclient.StepRefresh, Call: "POST " + tokenclient.RefreshPath, Err: err})
	}
	return &tokens.Activated{Signed: signed, Result: res}, nil
}

// recordActivation writes the calls to the profile's history and saves a
// finished activation (done) to it.
func (a *app) recordActivation(name string, calls []tokens.ActivationCall, done *tokens.Activated) error {
	st, err := a.openStore()
	if err != nil {
		return err
	}
	if err := tokens.New(st).RecordActivation(name, calls, done); err != nil {
		if done != nil {
			return fmt.Errorf("activated, but saving it to profile %q failed: %w", name, storeError(err))
		}
		return fmt.Errorf("recording the activation's calls in profile %q's history failed: %w", name, storeError(err))
	}
	return nil
}

// canceledError is an activation stopped by the user (Ctrl+C): exit 130.
type canceledError struct{ step string }

// Error names the step it stopped at.
func (e *canceledError) Error() string {
	return "activation cancelled during the " + e.step + " step; nothing was saved"
}
