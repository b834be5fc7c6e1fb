package tokenclient_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// TestActivationAgainstFakeServer runs the whole flow through the client:
// anonymous token, code, announce, polls until the code is approved, then
// the signed-in refresh with the activated values.
func TestActivationAgainstFakeServer(t *testing.T) {
	for _, tc := range []struct {
		idp     tokenclient.IDP
		account string
		plan    string
	}{
		{tokenclient.IDPNFL, fakeserver.AccountPremium, "NFL_PLUS_PREMIUM"},
		{tokenclient.IDPTVProvider, fakeserver.AccountTVProvider, "free"},
		{tokenclient.IDPPeacock, fakeserver.AccountPlus, "NFL_PLUS"},
	} {
		srv := fakeservertest.New(t, fakeserver.Config{})
		c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL})
		ctx := context.Background()
		anon, err := c.Issue(ctx, demoRequest())
		if err != nil {
			t.Fatal(err)
		}
		bearer := anon.Token.AccessToken
		_, code, err := c.RegCode(ctx, c.PrepareRegCode(bearer))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.AnnounceCode(ctx, c.PrepareAnnounce(bearer, tokenclient.Announce{RegCode: code, DeviceID: deviceID, IDP: tc.idp})); err != nil {
			t.Fatal(err)
		}
		polls := 0
		out := c.Poll(ctx, tokenclient.PollOptions{AccessToken: bearer, RegCode: code, IDP: tc.idp, Interval: 5 * time.Millisecond,
			Deadline: time.Now().Add(time.Minute), OnPoll: func(e tokenclient.PollEvent) {
				polls++
				if e.Err != nil {
					t.Errorf("poll %d: %v", e.N, e.Err)
				}
				if e.N == 3 {
					if err := srv.Server.Approve(code, tc.account); err != nil {
						t.Error(err)
					}
				}
			}})
		if out.Reason != tokenclient.StopActivated || out.Polls != 4 || polls != 4 {
			t.Fatalf("%s: outcome %+v", tc.idp, out)
		}
		req := tokenclient.WithActivation(demoRequest(), tc.idp, out.Record)
		res, err := c.Refresh(ctx, tokenclient.RefreshRequest{TokenRequest: req, RefreshToken: anon.Token.RefreshToken})
		if err != nil {
			t.Fatalf("%s: refresh: %v", tc.idp, err)
		}
		claims, err := srv.Server.ParseAccessToken(res.Token.AccessToken)
		if err != nil {
			t.Fatal(err)
		}
		if last := claims.Plans[len(claims.Plans)-1]; last.Plan != tc.plan {
			t.Errorf("%s: plans %+v, want %s", tc.idp, claims.Plans, tc.plan)
		}
	}
}

func TestActivationFakeServerRefusals(t *testing.T) {
	srv := fakeservertest.New(t, fakeserver.Config{})
	c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL})
	ctx := context.Background()
	anon, err := c.Issue(ctx, demoRequest())
	if err != nil {
		t.Fatal(err)
	}
	bearer := anon.Token.AccessToken
	// A token from another server is not accepted.
	_, _, err = c.RegCode(ctx, c.PrepareRegCode("eyJhbGciOiJIUzI1NiJ9.e30.x"))
	var se *tokenclient.StepError
	if !errors.As(err, &se) || se.Status() != 401 || !strings.Contains(err.Error(), "start again for a new anonymous token") {
		t.Errorf("foreign bearer: %v", err)
	}
	// Announcing a code the server never handed out: 404.
	_, err = c.AnnounceCode(ctx, c.PrepareAnnounce(bearer, tokenclient.Announce{RegCode: "NOSUCH", DeviceID: deviceID}))
	if !errors.As(err, &se) || se.Status() != 404 || !strings.Contains(err.Error(), "announce (PUT /keystore/v1/mvpd/NOSUCH): ") {
		t.Errorf("unknown code announce: %v", err)
	}
	noLeak(t, err, bearer)
	// A scripted 500 on the announce.
	_, code, _ := c.RegCode(ctx, c.PrepareRegCode(bearer))
	srv.Server.FailNext(1, fakeserver.Fail500)
	_, err = c.AnnounceCode(ctx, c.PrepareAnnounce(bearer, tokenclient.Announce{RegCode: code, DeviceID: deviceID}))
	if !errors.As(err, &se) || se.Status() != 500 || !strings.Contains(err.Error(), "try again later") {
		t.Errorf("announce 500: %v", err)
	}
	// The code expires on the server (announced ttl of 1 s) while polling.
	if _, err := c.AnnounceCode(ctx, c.PrepareAnnounce(bearer, tokenclient.Announce{RegCode: code, DeviceID: deviceID, TTL: time.Second})); err != nil {
		t.Fatal(err)
	}
	srv.Server.SetClockOffset(2 * time.Second)
	out := c.Poll(ctx, tokenclient.PollOptions{AccessToken: bearer, RegCode: code, Interval: time.Millisecond, Deadline: time.Now().Add(time.Minute)})
	if out.Reason != tokenclient.StopRefused || !strings.Contains(out.Err.Error(), "404") || !strings.Contains(out.Err.Error(), "start again for a new code") {
		t.Errorf("expired on the server: %+v", out)
	}
}
