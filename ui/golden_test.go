package ui

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/ui/goldentest"
)

// goldenScreen is a screen the goldens cover: build takes a fresh, sized
// console there.
type goldenScreen struct {
	name  string
	build func(t *testing.T, m *Model) *Model
}

// screens are the screens of the console on its own (no store).
var screens = []goldenScreen{
	{"demo-filled", func(t *testing.T, m *Model) *Model { return m }},
	{"invalid", func(t *testing.T, m *Model) *Model {
		m.form.Load("ftp://nowhere", tokenclient.TokenRequest{DeviceID: "not-a-uuid", DeviceInfo: "%%%"})
		m.updatePreview()
		m = update(m, keyCtrlS)
		if m.sending {
			t.Fatal("invalid form was sent")
		}
		return m
	}},
	{"sending", func(t *testing.T, m *Model) *Model {
		m = update(m, keyCtrlS)
		if !m.sending {
			t.Fatal("not sending")
		}
		return m
	}},
	{"token", func(t *testing.T, m *Model) *Model {
		m = update(m, keyCtrlS)
		m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResult(), at: testNow})
		// One tick later the countdown reads 59m 59s.
		return update(m, tickMsg{seq: m.tickSeq, at: testNow.Add(time.Second)})
	}},
	{"token-access", func(t *testing.T, m *Model) *Model {
		m = update(m, keyCtrlS)
		m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: okResultWith(premiumToken), at: testNow})
		return update(m, tickMsg{seq: m.tickSeq, at: testNow.Add(time.Second)})
	}},
	{"401", func(t *testing.T, m *Model) *Model {
		m = update(m, keyCtrlS)
		res, err := httpFailure(401, 0, `{"error":"invalid_client","message":"unknown client key or wrong client secret"}`)
		return update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: res, err: err, at: testNow})
	}},
	{"429", func(t *testing.T, m *Model) *Model {
		m = update(m, keyCtrlS)
		res, err := httpFailure(429, 30*time.Second, `{"error":"rate_limited","message":"too many requests for this client key"}`)
		return update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: res, err: err, at: testNow})
	}},
}

// TestGolden renders every screen at 80x24 and 120x40 (one plain-text
// golden per size, both themes). Regenerate with `go test ./ui/... -update`.
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
					t.Parallel()
					requireLayout(t, size[1], func(t *testing.T, dark bool) string {
						return sc.build(t, newTestModel(t, testDeps(&recorder{}), size[0], size[1], dark)).View().Content
					})
				})
			}
		})
	}
}

// requireLayout renders a screen on a dark and on a light background,
// checks that it is h lines high and that both themes show the same text
// (a theme changes colours only), and compares that text with the layout
// golden named after the test. It returns the dark screen.
func requireLayout(t *testing.T, h int, render func(t *testing.T, dark bool) string) string {
	t.Helper()
	out := goldentest.Themes(t, func(dark bool) string { return render(t, dark) })
	if n := strings.Count(out, "\n") + 1; n != h {
		t.Errorf("%d lines, want %d", n, h)
	}
	return out
}

// TestGoldensHoldNoSecret greps every golden file (layout and colour) for
// the secrets the screens were built with.
func TestGoldensHoldNoSecret(t *testing.T) {
	t.Parallel()
	var files []string
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".golden") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * (len(screens) + len(profileScreens)); len(files) < want {
		t.Fatalf("found %d goldens, want at least %d (run go test ./ui -update)", len(files), want)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{testSecret, testRefresh, testToken, premiumToken, fakeserver.DemoClientSecret} {
			if strings.Contains(string(data), secret) {
				t.Errorf("%s contains a secret", f)
			}
		}
	}
}

// profileScreens are the profiles pane inside the console, on a store with
// a few profiles (each token status, both secret stores).
var profileScreens = []struct {
	name  string
	build func(t *testing.T, m *Model, st *testStore) *Model
}{
	{"pane-open", func(t *testing.T, m *Model, st *testStore) *Model {
		m = loadProfile(t, m, "prod-us")
		return press(t, m, keyCtrlP, keyDown)
	}},
	{"form-loaded-edited", func(t *testing.T, m *Model, st *testStore) *Model {
		m = loadProfile(t, m, "demo")
		m = update(m, keyTab)
		return update(m, keyRune('x'))
	}},
	{"unsaved-prompt", func(t *testing.T, m *Model, st *testStore) *Model {
		m = loadProfile(t, m, "prod-eu")
		m = update(m, keyTab)
		m = update(m, keyRune('x'))
		m = press(t, m, keyCtrlP)
		m = typeText(t, m, "staging")
		return press(t, m, keyEnter)
	}},
	{"quit-prompt", func(t *testing.T, m *Model, st *testStore) *Model {
		m = loadProfile(t, m, "prod-eu")
		m = update(m, keyTab)
		m = update(m, keyRune('x'))
		return update(m, keyCtrlC)
	}},
	{"store-error", func(t *testing.T, m *Model, st *testStore) *Model {
		st.fail = &store.LockTimeoutError{Waited: 10 * time.Second}
		m = press(t, m, keyCtrlP, keySaveAs)
		m = typeText(t, m, "mine")
		return press(t, m, keyEnter)
	}},
	{"keyring-fallback", func(t *testing.T, m *Model, st *testStore) *Model {
		st.fallback = "no Secret Service on the session bus"
		m, _ = settle(t, m, listCmd(st))
		return loadProfile(t, m, "staging")
	}},
	{"corrupt-file", func(t *testing.T, m *Model, st *testStore) *Model {
		st.listErr = &store.CorruptError{Path: "/home/dev/.config/authdeck/profiles.json", Problem: "unexpected end of JSON input", Line: 41, Column: 3}
		return press(t, m, keyCtrlP)
	}},
}

// TestGoldenProfiles renders the profiles screens at 80x24 and 120x40
// (one plain-text golden per size, both themes).
func TestGoldenProfiles(t *testing.T) {
	t.Parallel()
	for _, sc := range profileScreens {
		t.Run(sc.name, func(t *testing.T) {
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
					t.Parallel()
					requireLayout(t, size[1], func(t *testing.T, dark bool) string {
						st := sampleStore(t)
						return sc.build(t, storeModel(t, st, size[0], size[1], dark), st).View().Content
					})
				})
			}
		})
	}
}
