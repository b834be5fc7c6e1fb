package cli

import (
	"bytes"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/google/uuid"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/ui"
)

// TestConsoleFlowSaveKeepsTheTokenShown gets a token on a new, unsaved
// profile, then saves the form: `authdeck token -p` reuses that token
// without a request.
func TestConsoleFlowSaveKeepsTheTokenShown(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	tm := startConsole(t, c)
	typeDemoClient(tm, srv.URL)
	tm.Send(ctrl('s'))
	screenHas(t, tm, "expires in")
	tm.Send(ctrl('p'))
	screenHas(t, tm, "Profiles")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyF12}) // save the form as…
	tm.Type("kept")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	screenHas(t, tm, "saved kept with its token")
	quit(t, tm)
	if n := srv.Server.RequestCount(); n != 1 {
		t.Fatalf("%d requests reached the server before token -p, want 1", n)
	}
	sec, err := openStore(t, c).Secrets("kept")
	if err != nil || sec.AccessToken == "" {
		t.Fatalf("no token stored with the profile: %v", err)
	}
	out := c.run("token", "-p", "kept").want(t, exitOK).stdout
	if strings.TrimSpace(out) != sec.AccessToken {
		t.Error("token -p printed another token than the one the console got")
	}
	if n := srv.Server.RequestCount(); n != 1 {
		t.Errorf("token -p sent a request (%d in all): the console's token was not reused", n)
	}
	if h := showProfile(t, c, "kept").History; len(h) != 1 {
		t.Errorf("history %+v, want the console's issue", h)
	}
}

// startDemo runs `authdeck --demo` on c's store under teatest at 120x40.
func startDemo(t *testing.T, c *cli) (*teatest.TestModel, ui.Deps, func()) {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	deps, cleanup, err := testApp(c).consoleDeps(consoleOptions{demo: true}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cleanup)
	return teatest.NewTestModel(t, ui.New(deps), teatest.WithInitialTermSize(120, 40)), deps, cleanup
}

// TestConsoleFlowDemoProfile runs the demo twice on one config directory:
// the first run creates the demo profile and keeps its token; the second
// points it at its own server and keeps the device id.
func TestConsoleFlowDemoProfile(t *testing.T) {
	c := newCLI(t)
	tm, deps, stop := startDemo(t, c)
	screenHas(t, tm, "demo profile saved")
	tm.Send(ctrl('s'))
	screenHas(t, tm, "expires in")
	screen := ansi.Strip(quit(t, tm))
	if !strings.Contains(screen, "profile demo") || strings.Contains(screen, "unsaved") || !strings.Contains(screen, "DEMO") {
		t.Errorf("the header does not read as the demo profile:\n%s", screen)
	}
	st := openStore(t, c)
	p, err := st.Get("demo")
	if err != nil {
		t.Fatal(err)
	}
	hist, err := st.History(store.HistoryQuery{Profile: "demo"})
	if p.Endpoint != deps.Demo.ServerURL || p.ClientKey != fakeserver.DemoClientKey || p.Token == nil || len(hist) != 1 || err != nil {
		t.Fatalf("demo profile %+v, history %+v (%v)", p, hist, err)
	}
	if _, err := uuid.Parse(p.DeviceID); err != nil || p.DeviceInfo.Model == "" {
		t.Errorf("device id %q (%v), device info %+v", p.DeviceID, err, p.DeviceInfo)
	}
	// The server is gone: token -p can only answer from the cache.
	stop()
	c.run("token", "-p", "demo").want(t, exitOK)

	tm, deps, _ = startDemo(t, c)
	screenHas(t, tm, "demo profile saved")
	quit(t, tm)
	again, err := st.Get("demo")
	if err != nil {
		t.Fatal(err)
	}
	if again.Endpoint != deps.Demo.ServerURL || again.Endpoint == p.Endpoint || again.DeviceID != p.DeviceID || again.Token != nil {
		t.Errorf("second demo run: endpoint %s (was %s), device id %s (was %s), token %+v",
			again.Endpoint, p.Endpoint, again.DeviceID, p.DeviceID, again.Token)
	}
}
