package cli

import (
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// A poll interval below a second floods a real service, so it is refused
// for any endpoint that is not loopback, before anything is sent.
func TestActivatePollFloorOffLoopback(t *testing.T) {
	c := demoCLI(t)
	for _, poll := range []string{"1ns", "20ms", "999ms"} {
		r := c.run("activate", "--endpoint", "https://identity.example.invalid", "--client-key", fakeserver.DemoClientKey,
			"--device-id", testDeviceID, "--device-info", testDeviceInfo, "--network-type", "wifi", "--poll", poll, "--timeout", "2s")
		if r.code != exitBadArgs || !strings.Contains(r.stderr, "--poll "+poll) || !strings.Contains(r.stderr, "minimum of 1s") {
			t.Errorf("--poll %s off loopback: exit %d, stderr %q", poll, r.code, r.stderr)
		}
	}
}

// Against a loopback endpoint any positive interval is allowed; zero,
// negative and an explicit zero --timeout are refused whatever the endpoint.
func TestActivatePollAndTimeoutBounds(t *testing.T) {
	srv := demoServer(t)
	c := demoCLI(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--poll", "-1s"}, "--poll -1s must be positive"},
		{[]string{"--timeout", "0s"}, "--timeout 0s must be positive"},
	} {
		before := srv.Server.RequestCount()
		r := c.run(append(append([]string{"activate"}, tokenArgs(srv)...), tc.args...)...)
		if r.code != exitBadArgs || !strings.Contains(r.stderr, tc.want) || srv.Server.RequestCount() != before {
			t.Errorf("%v: exit %d, stderr %q", tc.args, r.code, r.stderr)
		}
	}
	if err := checkPollFloor(1, srv.URL); err != nil {
		t.Errorf("1ns against loopback %s refused: %v", srv.URL, err)
	}
	for _, ep := range []string{"http://localhost:1", "http://[::1]:1", "http://127.0.0.2:1"} {
		if err := checkPollFloor(1, ep); err != nil {
			t.Errorf("1ns against %s refused: %v", ep, err)
		}
	}
}
