package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestOutOfRangeServerTimesAreClampedWithAMessage: an expiresIn of
// 9223372036854775807 is kept as the latest expiry (so the token is cached,
// not taken as expired in 1677) and said on stderr; a Date header in 1601
// gives "more than 100 years", never an overflowed duration.
func TestOutOfRangeServerTimesAreClampedWithAMessage(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Date", "Mon, 01 Jan 1601 00:00:00 GMT")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"accessToken":"access-1","expiresIn":9223372036854775807,"refreshToken":"refresh-1"}`))
	}))
	defer srv.Close()
	c := demoCLI(t)
	std := []string{"--endpoint", srv.URL, "--client-key", "k", "--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "other"}
	r := c.run(append([]string{"token"}, std...)...).want(t, exitOK)
	if !strings.Contains(r.stderr, "your clock is more than 100 years ahead of") || strings.Contains(r.stderr, "2562047") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "expiresIn 9223372036854775807 is later than 2262-04-11T23:47:16Z") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	c.run(append([]string{"profiles", "save", "p"}, std...)...).want(t, exitOK)
	c.run("token", "-p", "p").want(t, exitOK)
	before := calls.Load()
	if r := c.run("token", "-p", "p").want(t, exitOK); strings.TrimSpace(r.stdout) != "access-1" {
		t.Errorf("stdout %q", r.stdout)
	}
	if calls.Load() != before {
		t.Error("the clamped token was not cached: a second token -p asked the server again")
	}
	if r := c.run("profiles", "list").want(t, exitOK); !strings.Contains(r.stdout, "valid ") {
		t.Errorf("list:\n%s", r.stdout)
	}
}
