package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// tokenModel is a console on a new, unsaved profile (no demo) that has
// just received a token.
func tokenModel(t *testing.T, st *testStore) *Model {
	t.Helper()
	d := testDeps(&recorder{respond: respondOK})
	d.Demo, d.Store = nil, st
	m := newTestModel(t, d, 120, 40, true)
	m, _ = settle(t, m, listCmd(st))
	m = press(t, m, keyCtrlS)
	if m.result.Token() == nil || m.profile != "" {
		t.Fatalf("no token on a new profile: %s", m.status)
	}
	if len(st.records()) != 0 {
		t.Fatalf("an unsaved profile's token was recorded: %v", st.records())
	}
	return m
}

// saveAs saves the form as a new profile from the profiles pane.
func saveAs(t *testing.T, m *Model, name string) *Model {
	t.Helper()
	m = press(t, m, keyCtrlP, keySaveAs)
	m = typeText(t, m, name)
	return press(t, m, keyEnter)
}

func TestSaveAsKeepsTheTokenAlreadyShown(t *testing.T) {
	t.Parallel()
	st := newTestStore(t)
	m := saveAs(t, tokenModel(t, st), "mine")
	if got := strings.Join(st.records(), ","); got != "mine/issue" {
		t.Fatalf("recorded %q, want mine/issue", got)
	}
	if !strings.Contains(content(m), "saved mine with its token") {
		t.Errorf("no notice:\n%s", content(m))
	}
	// Saved with it already: saving over does not record it twice; a
	// copy under another name gets it.
	m = press(t, m, keySave)
	if len(st.records()) != 1 {
		t.Errorf("save over recorded again: %v", st.records())
	}
	if strings.Contains(m.status, "another terminal") {
		t.Errorf("our own save over is reported as another terminal's: %q", m.status)
	}
	saveAs(t, press(t, m, keyEsc), "copy")
	if got := strings.Join(st.records(), ","); got != "mine/issue,copy/issue" {
		t.Errorf("recorded %q", got)
	}
}

func TestSaveFromTheQuitPromptKeepsTheToken(t *testing.T) {
	t.Parallel()
	st := newTestStore(t)
	d := testDeps(&recorder{respond: respondOK})
	d.Demo, d.Store = nil, st
	m := newTestModel(t, d, 120, 40, true)
	m = update(m, keyTab)
	m = typeText(t, m, "-edited") // the token below is for the edited form
	m = press(t, m, keyCtrlS)
	m, _ = updateCmd(m, keyCtrlC)
	if m.ask == nil {
		t.Fatalf("quit did not ask:\n%s", content(m))
	}
	m = press(t, m, keyRune('s'))
	m = typeText(t, m, "late")
	m, cmd := updateCmd(m, keyEnter)
	_, msgs := settle(t, m, cmd)
	if !hasQuit(msgs) {
		t.Fatal("did not quit after the save")
	}
	if p, err := st.load("late"); err != nil || p.Request.ClientKey != testKey+"-edited" {
		t.Fatalf("not saved: %+v %v", p.Request, err)
	}
	if got := strings.Join(st.records(), ","); got != "late/issue" {
		t.Fatalf("recorded %q, want late/issue", got)
	}
}

func TestSaveDoesNotKeepATokenOfAnotherRequest(t *testing.T) {
	t.Parallel()
	st := newTestStore(t)
	// Edited after the token: the saved request is not the one sent.
	m := tokenModel(t, st)
	m = update(m, keyTab)
	m = update(m, keyRune('x'))
	saveAs(t, m, "edited")
	// A failure after the token: the result view no longer holds it.
	m = tokenModel(t, st)
	m.deps.NewClient = testDeps(&recorder{respond: respond401}).NewClient
	m.client = nil
	m.updatePreview()
	m = press(t, m, keyCtrlS)
	if m.result.Token() != nil {
		t.Fatal("the 401 did not replace the token view")
	}
	saveAs(t, m, "failed")
	if len(st.records()) != 0 {
		t.Fatalf("recorded %v", st.records())
	}
	if _, err := st.load("failed"); err != nil {
		t.Fatalf("the profile itself was not saved: %v", err)
	}
}

func TestSaveReportsATokenThatWasNotKept(t *testing.T) {
	t.Parallel()
	st := &failingRecordStore{testStore: newTestStore(t)}
	d := testDeps(&recorder{respond: respondOK})
	d.Demo, d.Store = nil, st
	m := newTestModel(t, d, 120, 40, true)
	m = press(t, m, keyCtrlS)
	m = press(t, m, keyCtrlP, keySaveAs)
	m = typeText(t, m, "mine")
	m = press(t, m, keyEnter, keyEsc)
	if _, err := st.load("mine"); err != nil || m.profile != "mine" {
		t.Fatalf("not saved: %v", err)
	}
	if !m.statusBad || !strings.Contains(m.status, "its token was not") || !strings.Contains(m.status, "keyring") {
		t.Errorf("status %q", m.status)
	}
}

// failingRecordStore is a testStore whose RecordSent fails.
type failingRecordStore struct{ *testStore }

func (s *failingRecordStore) RecordSent(string, string, *tokenclient.Prepared, *tokenclient.Result, error, time.Duration) error {
	return &store.KeyringError{Op: "write", Profile: "mine", Err: errors.New("collection is locked")}
}

// respond401 answers every request with a 401.
func respond401(context.Context, *tokenclient.Prepared) (*tokenclient.Result, error) {
	return httpFailure(401, 0, `{"error":"invalid_client"}`)
}
