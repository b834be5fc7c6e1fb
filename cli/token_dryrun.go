package cli

import (
	"fmt"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokens"
)

// printProfilePlan answers `token -p NAME` and `refresh -p NAME` with
// --dry-run or --curl: it prints the request the command would send now
// (masked unless --reveal) and sends nothing, records nothing and changes
// no cached token. When the cache would answer, nothing would be sent and
// stdout stays empty; stderr says so. endpoint is the one the request goes
// to (--endpoint, or the profile's).
func (a *app) printProfilePlan(st *store.Store, p store.Profile, endpoint string, o *tokenOptions,
	override func(*tokenclient.TokenRequest), refresh bool) error {
	var pl tokens.Plan
	if endpoint != p.Endpoint {
		// Another endpoint: a one-off request outside the cache.
		sec, err := st.Secrets(p.Name)
		if err != nil {
			return storeError(err)
		}
		pl = tokens.Plan{Request: tokens.Request(&p, sec), Refresh: refresh, RefreshToken: sec.RefreshToken}
		override(&pl.Request)
		if refresh && pl.RefreshToken == "" {
			return badInput(fmt.Errorf("profile %q has no cached refresh token; run `authdeck token -p %s` first", p.Name, p.Name))
		}
	} else {
		var err error
		pl, err = tokens.New(st).Plan(p.Name, tokens.TokenOptions{
			Fresh:        o.fresh,
			ForceRefresh: refresh,
			Override:     override,
			Now:          a.now,
		})
		if err != nil {
			return profileCallFailed(refresh, err)
		}
		if pl.Cached {
			a.warnf("profile %q has a cached token (%s): `authdeck token -p %s` would print it and send nothing; "+
				"add --fresh to see the request a new token takes", p.Name, tokens.TokenStatus(p.Token, a.now()), p.Name)
			return nil
		}
	}
	if err := a.checkEndpoint(endpoint, o.allowInsecureHTTP); err != nil {
		return err
	}
	client := a.newClient(endpoint, o.timeout, o.allowInsecureHTTP)
	var rr *tokenclient.RefreshRequest
	if pl.Refresh {
		rr = &tokenclient.RefreshRequest{TokenRequest: pl.Request, RefreshToken: pl.RefreshToken}
	}
	prepared, err := a.prepareValidated(client, o, pl.Request, rr)
	if err != nil {
		return err
	}
	return a.printPrepared(prepared, o)
}
