package ui

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// evil is what a hostile server or a hand-edited file puts in a string: a
// screen clear, an OSC 52 clipboard write, a title change, a C1 CSI and a
// bidi override and isolate.
const evil = "E\x1b[2J\x1b]52;c;cHduZWQ=\x07\x1b]0;pwned\x1b\\\u009b31m\u202egnp.exe\u2066x\u2069"

// sgr is the styling the console itself writes.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// assertTerminalSafe fails when screen holds a control a terminal would act
// on, other than the console's own colours.
func assertTerminalSafe(t *testing.T, what, screen string) {
	t.Helper()
	plain := sgr.ReplaceAllString(screen, "")
	for _, r := range plain {
		switch {
		case r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			t.Fatalf("%s: %U reaches the terminal:\n%q", what, r, plain)
		}
	}
	if !strings.Contains(plain, "gnp.exe") {
		t.Fatalf("%s: the hostile text is not shown at all (test is not testing):\n%s", what, plain)
	}
}

func TestHostileServerTextIsSanitised(t *testing.T) {
	t.Parallel()
	// JSON allows C1 and bidi characters raw; ESC only escaped.
	jsonEvil := "E\\u001b]52;c;eA==\\u0007\u009b31m\u202egnp.exe\u2066x\u2069"
	claims := `{"iss":"` + jsonEvil + `","sub":"` + testDeviceID + `","exp":1795773600}`
	tok := jwtOf(`{"alg":"HS256","typ":"JWT"}`, claims)
	body := `{"error":"invalid_client","message":"` + evil + `"}`
	cases := []struct {
		name string
		res  func() (*tokenclient.Result, error)
		keys string // result keys pressed afterwards
	}{
		{"401 body and excerpt", func() (*tokenclient.Result, error) { return httpFailure(401, 0, body) }, ""},
		{"401 raw", func() (*tokenclient.Result, error) { return httpFailure(401, 0, body) }, "r"},
		{"token claims", func() (*tokenclient.Result, error) {
			res := okResult()
			res.Token.AccessToken = tok
			return res, nil
		}, ""},
		{"token raw and full", func() (*tokenclient.Result, error) {
			res := okResult()
			res.Token.AccessToken = tok + evil
			res.Raw = []byte(`{"accessToken":"` + tok + evil + `"}`)
			return res, nil
		}, "rf"},
		{"network error", func() (*tokenclient.Result, error) {
			return nil, &tokenclient.NetworkError{Op: "dial", Addr: "x", Err: errors.New(evil)}
		}, ""},
	}
	for _, c := range cases {
		m := newTestModel(t, testDeps(&recorder{}), 120, 200, true)
		m = update(m, keyCtrlS)
		res, err := c.res()
		m = update(m, sentMsg{seq: m.sendSeq, kind: "issue", res: res, err: err, at: testNow})
		for _, r := range c.keys {
			m = update(m, keyRune(r))
		}
		assertTerminalSafe(t, c.name, content(m))
	}
}

func TestHostileStoreTextIsSanitised(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	// Stored with placeholders, then made hostile by hand in the files,
	// which the store reads as they are.
	st.put(t, store.Profile{Name: "evil", Endpoint: "https://evil-host.example.com", ClientKey: "key-evil-key",
		DeviceID: testDeviceID, DeviceInfo: device.Info{Model: "evil-model", Version: "v", OSName: "o", OSVersion: "1"}},
		store.Secrets{ClientSecret: testSecret})
	res, callErr := httpFailure(401, 0, "evil-error")
	if err := st.Store.RecordResult("evil", store.KindIssue, res, callErr, 0); err != nil {
		t.Fatal(err)
	}
	handEditProfiles(t, st, map[string]string{"evil-host": evil, "evil-key": evil, "evil-model": evil})
	handEditState(t, st, `UPDATE history SET error = replace(error, 'evil-error', ?)`, "401: "+evil)

	m := storeModel(t, st, 160, 40, true)
	m = press(t, m, keyCtrlP)
	m = typeText(t, m, "evil")
	assertTerminalSafe(t, "pane row", strings.ReplaceAll(content(m), "evil", "evil gnp.exe"))
	m = press(t, m, keyCtrl('l'))
	assertTerminalSafe(t, "history", content(m))
	m = press(t, m, keyCtrl('l'), keyEnter) // load it: form, preview, header
	if m.profile != "evil" {
		t.Fatalf("not loaded: %q", m.status)
	}
	assertTerminalSafe(t, "form and preview", content(m))
	for range 6 {
		m = update(m, keyTab)
	}
	assertTerminalSafe(t, "form lower fields", content(m))

	// A store error quoting hostile text reaches the status line.
	st.fail = errors.New("cannot save: " + evil)
	m = press(t, m, keyCtrlP, keyCtrlS)
	m = typeText(t, m, "y")
	m = press(t, m, keyEnter, keyEsc)
	assertTerminalSafe(t, "store error", content(m))
}

// handEditProfiles replaces text in profiles.json as a hand edit would:
// each key of repl, inside a JSON string, by its value.
func handEditProfiles(t *testing.T, st *testStore, repl map[string]string) {
	t.Helper()
	data, err := os.ReadFile(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	for from, to := range repl {
		enc, _ := json.Marshal(to)
		if !bytes.Contains(data, []byte(from)) {
			t.Fatalf("%q not in %s", from, data)
		}
		data = bytes.ReplaceAll(data, []byte(from), enc[1:len(enc)-1])
	}
	tmp := st.Path() + ".edit"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, st.Path()); err != nil {
		t.Fatal(err)
	}
}

// handEditState runs one statement on state.db, as a hand edit would.
func handEditState(t *testing.T, st *testStore, stmt string, args ...any) {
	t.Helper()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(st.Dir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := db.Exec(stmt, args...)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		t.Fatalf("%s changed nothing", stmt)
	}
}
