package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/form"
)

// demoModel is a sized demo console on st whose Initial is the demo
// profile, before its Init ran.
func demoModel(t testing.TB, st Store) (*Model, Deps) {
	t.Helper()
	d := testDeps(&recorder{respond: respondOK})
	d.Store = st
	d.Initial.Name = "demo"
	m := newModel(d)
	m = update(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	return m, d
}

func TestDemoCreatesItsProfileAndOpensIt(t *testing.T) {
	t.Parallel()
	st := newTestStore(t)
	m, _ := demoModel(t, st)
	if m.profile != "" || !strings.Contains(header(m), "profile demo (saving…)") {
		t.Fatalf("first frame header %q", header(m))
	}
	if m.form.HasDeviceInfo() {
		t.Fatal("detection ran in New")
	}
	m, _ = settle(t, m, m.Init())
	p, err := st.load("demo")
	if err != nil {
		t.Fatalf("no demo profile saved: %v", err)
	}
	want := tokenclient.TokenRequest{ClientKey: testKey, ClientSecret: testSecret, DeviceID: testDeviceID,
		DeviceInfo: device.Encode(testDetection.Info), NetworkType: device.NetworkWifi}
	if p.Endpoint != testURL || !p.Request.Equal(want) {
		t.Fatalf("saved %s %+v, want %+v", p.Endpoint, p.Request, want)
	}
	if m.profile != "demo" || m.dirty() || m.demoPending() {
		t.Fatalf("opened %q, dirty %v, pending %v", m.profile, m.dirty(), m.demoPending())
	}
	if mk, _ := m.form.MarkOf(form.OSName); mk != form.MarkDetected {
		t.Error("the detected device fields are not marked")
	}
	h := header(m)
	if !strings.Contains(h, "profile demo") || strings.Contains(h, "unsaved") || strings.Contains(h, "plain file") {
		t.Errorf("header %q", h)
	}
	if !strings.Contains(content(m), "DEMO") || m.profiles.Len() != 1 {
		t.Errorf("no banner or the pane does not list the demo profile (%d)", m.profiles.Len())
	}
	// A token is recorded with the demo profile, like any saved one.
	m = press(t, m, keyCtrlS)
	if m.result.Token() == nil {
		t.Fatalf("no token: %s", m.status)
	}
	if strings.Join(st.records(), ",") != "demo/issue" {
		t.Errorf("recorded %v", st.records())
	}
	// The history keeps the request as sent, the client secret masked.
	hist, err := st.History(store.HistoryQuery{Profile: "demo", Exchanges: true})
	if err != nil || len(hist) != 1 || hist[0].Exchange == nil || strings.Contains(hist[0].Exchange.Request.Body, testSecret) ||
		!strings.Contains(hist[0].Exchange.Request.Body, `"clientKey":"`+testKey+`"`) {
		t.Errorf("history %+v, %v; want the masked request", hist, err)
	}
}

func TestDemoUpdatesItsExistingProfile(t *testing.T) {
	t.Parallel()
	st := newTestStore(t)
	const oldID = "11111111-2222-4333-8444-555555555555"
	preset := device.Encode(device.Info{Model: "tv", Version: "Chrome", OSName: "Tizen", OSVersion: "7"})
	old := store.Profile{Name: "demo", Endpoint: "http://127.0.0.1:1", ClientKey: "old-key", DeviceID: oldID,
		NetworkType: device.NetworkCellular}
	if err := old.SetDeviceInfoBase64(preset); err != nil {
		t.Fatal(err)
	}
	st.put(t, old, store.Secrets{ClientSecret: "old-secret"})
	m, _ := demoModel(t, st)
	m, _ = settle(t, m, m.Init())
	p, _ := st.load("demo")
	want := tokenclient.TokenRequest{ClientKey: testKey, ClientSecret: testSecret, DeviceID: oldID,
		DeviceInfo: preset, NetworkType: device.NetworkCellular}
	if p.Endpoint != testURL || !p.Request.Equal(want) {
		t.Fatalf("saved %s %+v, want %+v", p.Endpoint, p.Request, want)
	}
	if m.profile != "demo" || m.dirty() || m.form.Value(form.DeviceID) != oldID || m.form.Value(form.OSName) != "Tizen" {
		t.Fatalf("opened %q dirty %v id %q os %q", m.profile, m.dirty(), m.form.Value(form.DeviceID), m.form.Value(form.OSName))
	}
	if !strings.Contains(content(m), "demo profile saved") {
		t.Errorf("no notice:\n%s", content(m))
	}
	// The demo profile holds only the fake server's published secret: no
	// plain-file warning for it.
	if h := header(m); !strings.Contains(h, "profile demo") || strings.Contains(h, "plain file") {
		t.Errorf("header %q", h)
	}
}

func TestDemoWithAnUnreadableStoreStillWorks(t *testing.T) {
	t.Parallel()
	st := &failingLoadStore{testStore: newTestStore(t), err: errors.New("profiles file is locked by pid 42")}
	m, _ := demoModel(t, st)
	m, _ = settle(t, m, m.Init())
	if m.profile != "" || m.demoPending() || !m.form.HasDeviceInfo() {
		t.Fatalf("profile %q pending %v device info %v", m.profile, m.demoPending(), m.form.HasDeviceInfo())
	}
	if !m.statusBad || !strings.Contains(m.status, "locked by pid 42") {
		t.Errorf("status %q", m.status)
	}
	if m = press(t, m, keyCtrlS); m.result.Token() == nil {
		t.Errorf("no token without the store: %s", m.status)
	}
}

// failingLoadStore is a testStore whose Snapshot fails.
type failingLoadStore struct {
	*testStore
	err error
}

func (s *failingLoadStore) Snapshot(string) (store.Snapshot, error) { return store.Snapshot{}, s.err }

// respondOK answers every request with okResult.
func respondOK(context.Context, *tokenclient.Prepared) (*tokenclient.Result, error) {
	return okResult(), nil
}

// header is the first line of the screen.
func header(m *Model) string {
	line, _, _ := strings.Cut(m.View().Content, "\n")
	return ansi.Strip(line)
}

// TestGoldenDemo renders the demo's first run once its profile is created,
// at 80x24 and 120x40, one plain-text golden per size for both themes.
func TestGoldenDemo(t *testing.T) {
	t.Parallel()
	t.Run("demo-profile", func(t *testing.T) {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
				t.Parallel()
				requireLayout(t, size[1], func(t *testing.T, dark bool) string {
					d := testDeps(&recorder{})
					d.Store, d.Initial.Name = newTestStore(t), "demo" // first run: created
					m := newModel(d)
					m = update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
					m = update(m, tea.BackgroundColorMsg{Color: map[bool]color.Color{false: color.White, true: color.Black}[dark]})
					m, _ = settle(t, m, m.Init())
					if m.profile != "demo" {
						t.Fatalf("the demo profile is not open: %q", m.status)
					}
					return m.View().Content
				})
			})
		}
	})
}
