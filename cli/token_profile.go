package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokens"
)

// tokenGot is a token to print: the response, and the body as the server
// sent it (nil for a token from the cache).
type tokenGot struct {
	tok tokenclient.TokenResponse
	raw []byte
}

// profileToken answers `token -p NAME` and `refresh -p NAME` through the
// store's token cache: the profile supplies the request, flags given on the
// command line override it (and then the cache is neither used nor updated),
// and the store decides between the cached token, a refresh and an issue.
func (a *app) profileToken(cmd *cobra.Command, o *tokenOptions, refresh bool) (tokenGot, error) {
	fs := cmd.Flags()
	if err := checkProfileName(o.profile); err != nil {
		return tokenGot{}, err
	}
	if refresh && fs.Changed("refresh-token") {
		return tokenGot{}, usageError(errors.New("--refresh-token cannot be combined with -p: " +
			"refresh -p uses the profile's cached refresh token"))
	}
	if refresh && a.env.refreshToken != "" {
		a.warnf("$%s is not used with -p: refresh -p uses the profile's cached refresh token", envRefreshToken)
	}
	edit, err := o.req.read(a, fs)
	if err != nil {
		return tokenGot{}, err
	}
	endpoint := edit.values.endpoint
	if fs.Changed("endpoint") {
		if err := a.checkEndpoint(endpoint, o.allowInsecureHTTP); err != nil {
			return tokenGot{}, err
		}
	}
	st, err := a.openStore()
	if err != nil {
		return tokenGot{}, err
	}
	envSecret := a.env.clientSecret
	override := func(r *tokenclient.TokenRequest) {
		in := requestInput{req: *r}
		edit.apply(&in)
		*r = in.req
		if r.ClientSecret == "" {
			r.ClientSecret = envSecret
		}
	}

	// The common case reads the profile once, inside Token: a cached token
	// costs one locked read.
	if !refresh && !o.dryRun && !o.curl && !fs.Changed("endpoint") {
		return a.tokenThroughCache(cmd, st, o.profile, o, override, false)
	}
	p, err := st.Get(o.profile)
	if err != nil {
		return tokenGot{}, storeError(err)
	}

	if refresh && p.Token == nil {
		return tokenGot{}, badInput(fmt.Errorf("profile %q has no cached token to refresh; run `authdeck token -p %s` first", p.Name, p.Name))
	}
	if o.dryRun || o.curl {
		if !fs.Changed("endpoint") {
			endpoint = p.Endpoint
		}
		return tokenGot{}, a.printProfilePlan(st, p, endpoint, o, override, refresh)
	}
	if fs.Changed("endpoint") && endpoint != p.Endpoint {
		a.warnf("--endpoint differs from profile %q's; sending one request without its token cache", p.Name)
		return a.oneOffProfileCall(cmd, st, p, endpoint, o, override, refresh)
	}

	return a.tokenThroughCache(cmd, st, p.Name, o, override, refresh)
}

// tokenThroughCache gets the profile's token through the token cache. A
// request changed by flags is not this profile's: the cache neither answers
// it nor keeps its token.
func (a *app) tokenThroughCache(cmd *cobra.Command, st *store.Store, name string, o *tokenOptions,
	override func(*tokenclient.TokenRequest), refresh bool) (tokenGot, error) {
	var endpoint string
	got, err := tokens.New(st).TokenFor(cmd.Context(), name, tokens.TokenOptions{
		Fresh:        o.fresh,
		ForceRefresh: refresh,
		Override:     override,
		Now:          a.now,
	}, func(e string) tokens.Issuer {
		endpoint = e
		return a.newVerboseClient(e, o.timeout, o.allowInsecureHTTP, o.verbose)
	})
	a.warnSkew(got.Result, endpoint) // nil for a cached token
	if err != nil {
		return tokenGot{}, profileCallFailed(refresh, err)
	}
	var raw []byte
	if got.Result != nil {
		raw = got.Result.Raw
	} else if o.verbose {
		a.warnf("the cached token of profile %q was used: no request was sent (--fresh sends one)", name)
	}
	return tokenGot{tok: got.Response, raw: raw}, nil
}

// oneOffProfileCall sends one request built from a profile to another
// endpoint, outside the token cache: a token for a different service must
// not be cached under this profile.
func (a *app) oneOffProfileCall(cmd *cobra.Command, st *store.Store, p store.Profile, endpoint string,
	o *tokenOptions, override func(*tokenclient.TokenRequest), refresh bool) (tokenGot, error) {
	sec, err := st.Secrets(p.Name)
	if err != nil {
		return tokenGot{}, storeError(err)
	}
	req := tokens.Request(&p, sec)
	override(&req)
	client := a.newVerboseClient(endpoint, o.timeout, o.allowInsecureHTTP, o.verbose)
	var res *tokenclient.Result
	if refresh {
		rr := tokenclient.RefreshRequest{TokenRequest: req, RefreshToken: sec.RefreshToken}
		if rr.RefreshToken == "" {
			return tokenGot{}, badInput(fmt.Errorf("profile %q has no cached refresh token; run `authdeck token -p %s` first", p.Name, p.Name))
		}
		if err := rr.Validate(); err != nil {
			return tokenGot{}, requestProblem(err)
		}
		res, err = client.Refresh(cmd.Context(), rr)
	} else {
		if err := req.Validate(); err != nil {
			return tokenGot{}, requestProblem(err)
		}
		res, err = client.Issue(cmd.Context(), req)
	}
	a.warnSkew(res, endpoint)
	if err != nil {
		return tokenGot{}, profileCallFailed(refresh, err)
	}
	return tokenGot{tok: res.Token, raw: res.Raw}, nil
}

// profileCallFailed classifies an error from a profile's token call: a
// request problem is bad input, a store error is classified by storeError,
// anything else is a failed request.
func profileCallFailed(refresh bool, err error) error {
	what := "token"
	if refresh {
		what = "refresh"
	}
	var ve *tokenclient.ValidationError
	var httpErr *tokenclient.HTTPError
	var netErr *tokenclient.NetworkError
	var redirErr *tokenclient.RedirectError
	var respErr *tokenclient.ResponseError
	switch {
	case errors.As(err, &ve):
		return requestProblem(err)
	case errors.As(err, &httpErr), errors.As(err, &netErr), errors.As(err, &redirErr), errors.As(err, &respErr):
		return requestFailed(what, err)
	}
	return storeError(err)
}
