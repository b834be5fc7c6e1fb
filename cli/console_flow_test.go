package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/zalando/go-keyring"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/ui"
)

// startConsole runs the console on c's store under teatest at 120x40.
func startConsole(t *testing.T, c *cli) *teatest.TestModel {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	deps, cleanup, err := testApp(c).consoleDeps(consoleOptions{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cleanup)
	return teatest.NewTestModel(t, ui.New(deps), teatest.WithInitialTermSize(120, 40))
}

// openStore opens c's store directly, as another process would.
func openStore(t *testing.T, c *cli) *store.Store {
	t.Helper()
	st, err := store.Open(store.Options{Dir: c.env[envConfigDir], SecretStore: store.SecretStore(c.env[envSecretStore]), Warn: &bytes.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// eventually polls cond for up to 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}

// screenHas waits until the screen output contains s.
func screenHas(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// quit presses ctrl+c and returns the final screen (no unsaved-edits
// question may stand in the way).
func quit(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View().Content
}

func ctrl(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }

// typeDemoClient types the endpoint (over the default one), the demo
// client key and its secret into a fresh form.
func typeDemoClient(tm *teatest.TestModel, endpoint string) {
	tm.Send(ctrl('u'))
	tm.Type(endpoint)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Type(fakeserver.DemoClientKey)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Type(fakeserver.DemoClientSecret)
}

func TestConsoleFlowSaveFormAsNewProfile(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "existing")
	tm := startConsole(t, c)
	typeDemoClient(tm, srv.URL)
	tm.Send(ctrl('p'))
	screenHas(t, tm, "existing")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyF12}) // save the form as…
	tm.Type("mine")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	st := openStore(t, c)
	eventually(t, "profile mine on disk", func() bool { _, err := st.Get("mine"); return err == nil })
	screenHas(t, tm, "saved mine")
	screen := quit(t, tm)
	if !strings.Contains(screen, "mine") || !strings.Contains(screen, "existing") {
		t.Errorf("the list does not show the new profile:\n%s", screen)
	}
	if strings.Contains(screen, fakeserver.DemoClientSecret) {
		t.Error("secret on screen")
	}
	p, _ := st.Get("mine")
	sec, err := st.Secrets("mine")
	if err != nil || p.Endpoint != srv.URL || p.ClientKey != fakeserver.DemoClientKey || sec.ClientSecret != fakeserver.DemoClientSecret {
		t.Fatalf("saved %+v (secret ok: %v, %v)", p, sec.ClientSecret == fakeserver.DemoClientSecret, err)
	}
}

func TestConsoleFlowLoadAnotherProfile(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "alpha")
	saveDemo(t, c, srv, "beta", "--client-key", "beta-client-key-77", "--network-type", "cellular")
	tm := startConsole(t, c)
	tm.Send(ctrl('p'))
	screenHas(t, tm, "beta")
	tm.Type("beta")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	screenHas(t, tm, "loaded profile beta")
	screen := quit(t, tm)
	if !strings.Contains(screen, "Request · beta") {
		t.Errorf("form header does not name beta:\n%s", screen)
	}
	// The form and the preview (the request body) both hold beta's key.
	if n := strings.Count(screen, "beta-client-key-77"); n < 2 {
		t.Errorf("beta's client key shows %d times, want form and preview:\n%s", n, screen)
	}
	if !strings.Contains(screen, `"networkType":"cellular"`) {
		t.Errorf("preview body not beta's:\n%s", screen)
	}
}

func TestConsoleFlowDeleteRemovesFromDiskAndKeyring(t *testing.T) {
	keyring.MockInit()
	srv := demoServer(t)
	c := newCLI(t).with(envSecretStore, "keyring")
	saveDemo(t, c, srv, "doomed")
	saveDemo(t, c, srv, "kept")
	service, err := openStore(t, c).KeyringService("doomed")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := keyring.Get(service, "client-secret"); err != nil || s != fakeserver.DemoClientSecret {
		t.Fatalf("the secret is not in the (mock) keyring: %v", err)
	}
	tm := startConsole(t, c)
	tm.Send(ctrl('p'))
	screenHas(t, tm, "doomed")
	tm.Type("doomed")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyDelete})
	screenHas(t, tm, "This cannot be undone")
	tm.Type("y")
	st := openStore(t, c)
	eventually(t, "doomed gone from disk", func() bool { _, err := st.Get("doomed"); return errors.Is(err, store.ErrNotFound) })
	screenHas(t, tm, "deleted doomed")
	quit(t, tm)
	if _, err := keyring.Get(service, "client-secret"); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("the client secret is still in the keyring: %v", err)
	}
	if _, err := st.Get("kept"); err != nil {
		t.Errorf("the other profile went too: %v", err)
	}
}
