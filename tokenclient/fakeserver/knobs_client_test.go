package fakeserver_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

func TestFailClient(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	srv.FailClient(testKey)
	for range 2 {
		wantError(t, post(t, srv, fakeserver.IssuePath, issueBody()), http.StatusUnauthorized,
			fakeserver.CodeInvalidClient, "clientSecret", "wrong")
	}
	srv.UnfailClient(testKey)
	if rec := post(t, srv, fakeserver.IssuePath, issueBody()); rec.Code != http.StatusOK {
		t.Fatalf("after UnfailClient: status %d, want 200", rec.Code)
	}
}

func TestLimitClient(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	srv.LimitClient(testKey, 2, 1500*time.Millisecond)
	for i := range 2 {
		rec := post(t, srv, fakeserver.IssuePath, issueBody())
		wantError(t, rec, http.StatusTooManyRequests, fakeserver.CodeRateLimited, "", "rate limited")
		if got := rec.Header().Get("Retry-After"); got != "2" {
			t.Errorf("request %d: Retry-After %q, want 2", i+1, got)
		}
	}
	if rec := post(t, srv, fakeserver.IssuePath, issueBody()); rec.Code != http.StatusOK {
		t.Fatalf("third request: status %d, want 200", rec.Code)
	}
	srv.LimitClient(testKey, -1, time.Minute)
	for range 3 {
		wantError(t, post(t, srv, fakeserver.IssuePath, issueBody()), http.StatusTooManyRequests, fakeserver.CodeRateLimited, "")
	}
	srv.LimitClient(testKey, 0, 0)
	if rec := post(t, srv, fakeserver.IssuePath, issueBody()); rec.Code != http.StatusOK {
		t.Fatalf("after lifting the limit: status %d, want 200", rec.Code)
	}
}

func TestDateHeaderFollowsClock(t *testing.T) {
	srv := fakeserver.New(testConfig(&fakeClock{t0}))
	rec := post(t, srv, fakeserver.IssuePath, issueBody())
	if got, want := rec.Header().Get("Date"), t0.Format(http.TimeFormat); got != want {
		t.Errorf("Date %q, want %q", got, want)
	}
	srv.SetClockOffset(-5 * time.Minute)
	rec = post(t, srv, "/nowhere", issueBody())
	d, err := http.ParseTime(rec.Header().Get("Date"))
	if err != nil {
		t.Fatal(err)
	}
	if off := time.Until(d); off > -4*time.Minute || off < -6*time.Minute {
		t.Errorf("Date %s is %s from now, want about -5m", d, off)
	}
}
