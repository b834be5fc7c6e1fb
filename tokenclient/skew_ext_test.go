package tokenclient_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
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
