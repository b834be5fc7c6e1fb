package tokenclient_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

func TestClockSkewFromTheDateHeader(t *testing.T) {
	t.Parallel()
	ahead := 5 * time.Minute
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(ahead).UTC().Format(http.TimeFormat))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"accessToken":"x","expiresIn":3600}`))
	}))
	defer srv.Close()
	c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL})
	res, err := c.Send(context.Background(), c.PrepareIssue(tokenclient.TokenRequest{ClientKey: "k", ClientSecret: "s",
		DeviceID: "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d", NetworkType: "other",
		DeviceInfo: "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0="}))
	if err != nil {
		t.Fatal(err)
	}
	off, ok := tokenclient.ClockSkew(res)
	if !ok || off < ahead-3*time.Second || off > ahead+time.Second {
		t.Fatalf("skew %v %v, want about %v", off, ok, ahead)
	}
}

func TestClockSkewFallsBackToIatAndNeedsAReceipt(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tok := "eyJhbGciOiJIUzI1NiJ9.eyJpYXQiOjE3NzIzNjY0MDB9.c2ln" // iat 2026-03-01 12:00:00 UTC
	res := &tokenclient.Result{Header: http.Header{}, Token: tokenclient.TokenResponse{AccessToken: tok}, Received: at.Add(2 * time.Minute)}
	if off, ok := tokenclient.ClockSkew(res); !ok || off != -2*time.Minute {
		t.Fatalf("iat skew %v %v", off, ok)
	}
	res.Header.Set("Date", "garbage")
	if off, ok := tokenclient.ClockSkew(res); !ok || off != -2*time.Minute {
		t.Fatalf("a bad Date header should fall back to iat: %v %v", off, ok)
	}
	if _, ok := tokenclient.ClockSkew(&tokenclient.Result{Header: http.Header{"Date": {at.Format(http.TimeFormat)}}}); ok {
		t.Fatal("a result with no receipt time has no skew")
	}
	if _, ok := tokenclient.ClockSkew(nil); ok {
		t.Fatal("nil result")
	}
}

// TestSkewDirectionAgainstTheFakeServerClock checks the words against what
// actually happens: with the server's clock shifted, the token's expiry
// seen locally moves by the same amount, early when the local clock is
// ahead and late when it is behind.
func TestSkewDirectionAgainstTheFakeServerClock(t *testing.T) {
	t.Parallel()
	const ttl = time.Hour
	for _, tc := range []struct {
		serverOffset time.Duration // server minus real time
		ahead        bool          // the local clock is ahead of the server's
		words        string
	}{
		{-10 * time.Minute, true, "expired early"},
		{10 * time.Minute, false, "valid after they expired"},
	} {
		srv := fakeservertest.New(t, fakeserver.Config{TTL: ttl})
		srv.Server.SetClockOffset(tc.serverOffset)
		c := tokenclient.New(tokenclient.Options{BaseURL: srv.URL})
		res, err := c.Issue(context.Background(), demoRequest())
		if err != nil {
			t.Fatal(err)
		}
		if res.Expiry.Relative {
			t.Fatal("the fake server sends expiresIn as an absolute time")
		}
		// Locally the token seems to have ttl+offset left: shorter when the
		// server is behind (our clock ahead), longer when it is ahead.
		left := res.Expiry.At.Sub(res.Received)
		if want := ttl + tc.serverOffset; (left - want).Abs() > 2*time.Second {
			t.Fatalf("offset %v: the token looks valid for %v locally, want about %v", tc.serverOffset, left, want)
		}
		off, ok := tokenclient.ClockSkew(res)
		if !ok || (off-tc.serverOffset).Abs() > 2*time.Second {
			t.Fatalf("offset %v: ClockSkew %v %v", tc.serverOffset, off, ok)
		}
		e, ok := tokenclient.ExplainSkew(off)
		if !ok || e.Ahead != tc.ahead || !strings.Contains(e.Consequence, tc.words) {
			t.Errorf("offset %v: %+v, want ahead=%v and %q", tc.serverOffset, e, tc.ahead, tc.words)
		}
		if early := left < ttl; early != e.Ahead {
			t.Errorf("offset %v: the token expires early locally: %v, but the explanation says ahead=%v", tc.serverOffset, early, e.Ahead)
		}
	}
}

func TestExplainSkewThresholdAndRounding(t *testing.T) {
	t.Parallel()
	if _, ok := tokenclient.ExplainSkew(tokenclient.SkewThreshold); ok {
		t.Error("an offset of exactly the threshold is not worth a word")
	}
	if _, ok := tokenclient.ExplainSkew(-tokenclient.SkewThreshold); ok {
		t.Error("nor is minus the threshold")
	}
	e, ok := tokenclient.ExplainSkew(-(5*time.Minute + 12*time.Second + 400*time.Millisecond))
	if !ok || !e.Ahead || e.By != 5*time.Minute+12*time.Second || e.Direction != "ahead of" {
		t.Errorf("%+v %v", e, ok)
	}
	e, ok = tokenclient.ExplainSkew(time.Hour)
	if !ok || e.Ahead || e.By != time.Hour || e.Direction != "behind" {
		t.Errorf("%+v %v", e, ok)
	}
}
