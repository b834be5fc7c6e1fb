package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/ui/form"
	"github.com/authdeck/authdeck/ui/profiles"
)

func TestCtrlPOpensThePaneFromAnywhereAndEscGoesBack(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	for _, from := range []focusArea{focusForm, focusResult} {
		m.focus = from
		m = press(t, m, keyCtrlP)
		if m.focus != focusProfiles || m.profiles.Len() != 4 {
			t.Fatalf("from %v: focus %v, %d profiles", from, m.focus, m.profiles.Len())
		}
		if !strings.Contains(content(m), "prod-eu") || !strings.Contains(content(m), "api.eu.example.com") {
			t.Fatalf("pane not drawn:\n%s", content(m))
		}
		m = press(t, m, keyEsc)
		if m.focus != focusForm {
			t.Fatalf("esc left focus on %v", m.focus)
		}
	}
	// The pane is a text field: '?' filters, ctrl+s does not send.
	m = press(t, m, keyCtrlP, keyRune('?'), keySaveAs)
	if m.showHelp || m.sending || m.profiles.Filter() != "?" {
		t.Fatalf("keys leaked to the root: help %v sending %v filter %q", m.showHelp, m.sending, m.profiles.Filter())
	}
}

func TestOpeningThePaneReloadsTheList(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	st.put(t, store.Profile{Name: "zeta", Endpoint: "https://zeta.example.com"}, store.Secrets{ClientSecret: "z"})
	m = press(t, m, keyCtrlP)
	if m.profiles.Len() != 5 {
		t.Fatalf("pane holds %d profiles after a change elsewhere, want 5", m.profiles.Len())
	}
}

func TestLoadFillsFormPreviewAndCachedToken(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	m = loadProfile(t, m, "demo")
	if m.focus != focusForm || m.form.Value(form.ClientKey) != "4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g" {
		t.Fatalf("form not loaded: focus %v key %q", m.focus, m.form.Value(form.ClientKey))
	}
	if !strings.Contains(m.preview.Content(), "4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g") {
		t.Fatal("preview does not show the loaded profile")
	}
	if tok := m.result.Token(); tok == nil || tok.AccessToken != testToken {
		t.Fatal("the cached token is not in the token view")
	}
	if !strings.Contains(m.result.Content(), "expires in 42m") {
		t.Fatalf("no countdown for the cached token:\n%s", m.result.Content())
	}
	if m.dirty() {
		t.Fatal("a freshly loaded profile has unsaved edits")
	}
	screen := content(m)
	if !strings.Contains(screen, "Request · demo") || !strings.Contains(screen, "secrets in plain file") {
		t.Fatalf("form header does not name the profile or mark its file secrets:\n%s", screen)
	}
	// Another profile without a token clears the token view.
	m = loadProfile(t, m, "staging")
	if m.result.Token() != nil || m.refreshToken != "" {
		t.Fatal("the previous profile's token is still shown")
	}
}

func TestEditsMarkTheFormDirtyAndUndoingClearsIt(t *testing.T) {
	t.Parallel()
	m := loadProfile(t, storeModel(t, sampleStore(t), 120, 40, true), "prod-eu")
	m = update(m, keyTab) // client key
	m = update(m, keyRune('x'))
	if !m.dirty() || !strings.Contains(content(m), "unsaved edits") {
		t.Fatalf("edit not marked:\n%s", content(m))
	}
	m = update(m, tea.KeyPressMsg{Code: tea.KeyBackspace})
	if m.dirty() || strings.Contains(content(m), "unsaved edits") {
		t.Fatal("undoing the edit still shows unsaved edits")
	}
}

func TestSaveAsCreatesAProfile(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	m = update(m, keyTab)
	m = typeText(t, m, "-edited")
	m = press(t, m, keyCtrlP, keySaveAs)
	m = typeText(t, m, "mine")
	m = press(t, m, keyEnter)
	p, err := st.load("mine")
	if err != nil || p.Request.ClientKey != testKey+"-edited" || p.Endpoint != testURL || p.Request.ClientSecret != testSecret {
		t.Fatalf("not saved as the form: %+v %v", p.Request.ClientKey, err)
	}
	if m.profile != "mine" || m.dirty() || m.profiles.Len() != 5 {
		t.Fatalf("after save: profile %q dirty %v list %d", m.profile, m.dirty(), m.profiles.Len())
	}
	if !strings.Contains(content(m), "saved mine") {
		t.Fatalf("no notice:\n%s", content(m))
	}
	if sel, _ := m.profiles.Selected(); sel.Name != "mine" {
		t.Fatalf("after saving, the cursor is on %q, not the new profile", sel.Name)
	}
}

func TestSaveOverAndTheClobberCheck(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := loadProfile(t, storeModel(t, st, 120, 40, true), "prod-eu")
	m = update(m, keyTab)
	m = typeText(t, m, "1")
	m = press(t, m, keyCtrlP, keySave, keyEnter)
	if p, _ := st.load("prod-eu"); !strings.HasSuffix(p.Request.ClientKey, "1") || m.dirty() {
		t.Fatalf("save over did not write the form (key %q, dirty %v)", p.Request.ClientKey, m.dirty())
	}
	// Another terminal changes it; saving over now asks first.
	st.edit(t, "prod-eu", func(p *store.Profile, _ *store.Secrets) { p.ClientKey = "changed-elsewhere" })
	m = press(t, m, keyEsc)
	m = update(m, keyRune('2'))
	m = press(t, m, keyCtrlP, keySave, keyEnter)
	if !strings.Contains(content(m), "changed by another authdeck") {
		t.Fatalf("no clobber question:\n%s", content(m))
	}
	m = press(t, m, keyRune('c')) // cancel
	if p, _ := st.load("prod-eu"); p.Request.ClientKey != "changed-elsewhere" {
		t.Fatal("cancel clobbered the newer version")
	}
	m = press(t, m, keySave, keyEnter, keyRune('o')) // overwrite
	if p, _ := st.load("prod-eu"); !strings.HasSuffix(p.Request.ClientKey, "12") {
		t.Fatalf("overwrite did not write the form: %q", p.Request.ClientKey)
	}
	if m.dirty() {
		t.Fatal("dirty after overwrite")
	}
	// The next save over goes through without asking.
	m = update(m, keyRune('3'))
	m = press(t, m, keySave, keyEnter)
	if strings.Contains(content(m), "changed by another authdeck") {
		t.Fatal("asked again after overwriting")
	}
}

func TestNewProfileIsBlankFromDetectionWithAFreshDeviceID(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := loadProfile(t, storeModel(t, st, 120, 40, true), "prod-eu")
	ids := []string{"11111111-2222-4333-8444-555555555555"}
	m.deps.NewDeviceID = func() string { return ids[0] }
	m = press(t, m, keyCtrlP, keyCtrl('n'))
	if m.profile != "" || m.focus != focusForm || m.form.Value(form.ClientKey) != "" {
		t.Fatalf("not a blank profile: %q %v", m.profile, m.form.Value(form.ClientKey))
	}
	if m.form.Value(form.DeviceID) != ids[0] || m.form.Value(form.OSName) != "Linux" {
		t.Fatal("no fresh device id or detection")
	}
	if mk, _ := m.form.MarkOf(form.OSName); mk != form.MarkDetected {
		t.Fatal("detected fields not marked")
	}
	if m.dirty() {
		t.Fatal("a new profile filled by detection counts as edited")
	}
}

func TestRenameDuplicateDelete(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := loadProfile(t, storeModel(t, st, 120, 40, true), "staging")
	m = press(t, m, keyCtrlP)
	m = typeText(t, m, "staging")
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyF2})
	for range len("staging") {
		m = update(m, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	m = typeText(t, m, "stage")
	m = press(t, m, keyEnter)
	if _, err := st.load("stage"); err != nil || m.profile != "stage" {
		t.Fatalf("rename: %v, loaded %q", err, m.profile)
	}
	if m.dirty() {
		t.Fatal("renaming the loaded profile made the form dirty")
	}
	// Save over the renamed profile: no false clobber question.
	m = press(t, m, keySave)
	if strings.Contains(content(m), "changed by another authdeck") {
		t.Fatal("the rename looks like a change elsewhere")
	}
	m = press(t, m, keyEsc) // clear the filter
	m = typeText(t, m, "prod-us")
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyF5}, keyEnter)
	if _, err := st.load("prod-us-copy"); err != nil {
		t.Fatalf("duplicate: %v", err)
	}
	if sel, _ := m.profiles.Selected(); sel.Name != "prod-us-copy" {
		t.Fatalf("after duplicating, the cursor is on %q, not the copy", sel.Name)
	}
	m = update(m, tea.KeyPressMsg{Code: tea.KeyUp}) // back to prod-us
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyDelete})
	if !strings.Contains(content(m), `Delete profile "prod-us"`) {
		t.Fatalf("no delete confirmation naming the profile:\n%s", content(m))
	}
	m = press(t, m, keyEnter) // default is no
	if _, err := st.load("prod-us"); err != nil {
		t.Fatal("enter on the delete question deleted")
	}
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyDelete}, keyRune('y'))
	if _, err := st.load("prod-us"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delete: %v", err)
	}
	if m.profiles.Len() != 4 || !strings.Contains(content(m), "deleted prod-us") {
		t.Fatalf("list %d after delete:\n%s", m.profiles.Len(), content(m))
	}
}

func TestDeletingTheLoadedProfileLeavesANewOne(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := loadProfile(t, storeModel(t, st, 120, 40, true), "prod-eu")
	m = press(t, m, keyCtrlP)
	m = typeText(t, m, "prod-eu")
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyDelete}, keyRune('y'))
	if m.profile != "" {
		t.Fatalf("still loaded as %q", m.profile)
	}
}

// unsavedModel has prod-eu loaded with an edit, the pane open.
func unsavedModel(t *testing.T, st *testStore) *Model {
	m := loadProfile(t, storeModel(t, st, 120, 40, true), "prod-eu")
	m = update(m, keyTab)
	m = typeText(t, m, "X")
	m = press(t, m, keyCtrlP)
	m = typeText(t, m, "staging")
	return press(t, m, keyEnter)
}

func TestLoadingOverUnsavedEditsAsks(t *testing.T) {
	t.Parallel()
	t.Run("cancel", func(t *testing.T) {
		st := sampleStore(t)
		m := unsavedModel(t, st)
		if !strings.Contains(content(m), `Unsaved edits to profile "prod-eu"`) {
			t.Fatalf("no question:\n%s", content(m))
		}
		m = press(t, m, keyEsc) // esc = cancel
		if m.profile != "prod-eu" || !m.dirty() {
			t.Fatal("cancel lost the edits")
		}
		if p, _ := st.load("prod-eu"); strings.HasSuffix(p.Request.ClientKey, "X") {
			t.Fatal("cancel saved")
		}
	})
	t.Run("discard", func(t *testing.T) {
		st := sampleStore(t)
		m := press(t, unsavedModel(t, st), keyRune('d'))
		if m.profile != "staging" || m.dirty() {
			t.Fatalf("discard did not load: %q", m.profile)
		}
		if p, _ := st.load("prod-eu"); strings.HasSuffix(p.Request.ClientKey, "X") {
			t.Fatal("discard saved")
		}
	})
	t.Run("save", func(t *testing.T) {
		st := sampleStore(t)
		m := press(t, unsavedModel(t, st), keyRune('s'))
		if p, _ := st.load("prod-eu"); !strings.HasSuffix(p.Request.ClientKey, "X") {
			t.Fatal("save did not save the edits")
		}
		if m.profile != "staging" || m.dirty() {
			t.Fatalf("save did not go on to load: %q", m.profile)
		}
	})
	t.Run("save a new profile asks its name first", func(t *testing.T) {
		st := sampleStore(t)
		m := storeModel(t, st, 120, 40, true)
		m = update(m, keyTab)
		m = typeText(t, m, "-new")
		m = press(t, m, keyCtrlP)
		m = typeText(t, m, "staging")
		m = press(t, m, keyEnter, keyRune('s'))
		m = typeText(t, m, "fresh")
		m = press(t, m, keyEnter)
		if p, err := st.load("fresh"); err != nil || p.Request.ClientKey != testKey+"-new" {
			t.Fatalf("not saved under the new name: %v", err)
		}
		if m.profile != "staging" {
			t.Fatalf("did not go on to load: %q", m.profile)
		}
	})
}

func TestQuitWithUnsavedEditsAsks(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := loadProfile(t, storeModel(t, st, 80, 24, true), "prod-eu")
	m = update(m, keyTab)
	m = typeText(t, m, "Q")
	m, cmd := updateCmd(m, keyCtrlC)
	if cmd != nil || m.ask == nil || !strings.Contains(content(m), "Unsaved edits") {
		t.Fatalf("quit without asking:\n%s", content(m))
	}
	m = press(t, m, keyEsc)
	if m.ask != nil || !m.dirty() {
		t.Fatal("cancel did not keep the console and the edits")
	}
	// discard quits without saving
	m, _ = updateCmd(m, keyCtrlC)
	_, msgs := settle(t, m, func() tea.Msg { return nil })
	m2, cmd := updateCmd(m, keyRune('d'))
	if !isQuit(cmd) {
		t.Fatal("discard did not quit")
	}
	_ = m2
	_ = msgs
	if p, _ := st.load("prod-eu"); strings.HasSuffix(p.Request.ClientKey, "Q") {
		t.Fatal("discard saved")
	}
	// save saves, then quits
	m = press(t, m, keyEsc)
	m, _ = updateCmd(m, keyCtrlC)
	m, cmd = updateCmd(m, keyRune('s'))
	_, msgs = settle(t, m, cmd)
	if p, _ := st.load("prod-eu"); !strings.HasSuffix(p.Request.ClientKey, "Q") {
		t.Fatal("save did not save")
	}
	if !hasQuit(msgs) {
		t.Fatal("save did not quit afterwards")
	}
	// ctrl+c twice quits at once
	m = update(m, keyRune('Z'))
	m, _ = updateCmd(m, keyCtrlC)
	if _, cmd = updateCmd(m, keyCtrlC); !isQuit(cmd) {
		t.Fatal("a second ctrl+c did not quit")
	}
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func hasQuit(msgs []tea.Msg) bool {
	for _, msg := range msgs {
		if _, ok := msg.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

func TestHistoryOfTheSelectedProfile(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	res := &tokenclient.Result{Status: 401}
	if err := st.Store.RecordResult("prod-us", store.KindRefresh, res, errors.New("401 Unauthorized: invalid_grant"), 80*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	m := storeModel(t, st, 120, 40, true)
	m = press(t, m, keyCtrlP)
	m = typeText(t, m, "prod-us")
	m = press(t, m, keyCtrl('l'))
	c := content(m)
	// sampleStore's token for prod-us was an issue call, before the refresh.
	if !strings.Contains(c, "2 calls, newest first") || !strings.Contains(c, "invalid_grant") ||
		strings.Index(c, "refresh") > strings.Index(c, "issue") {
		t.Fatalf("history not shown newest first:\n%s", c)
	}
}

func TestStoreErrorsAreShownAndTheConsoleKeepsWorking(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	st.fail = &store.LockTimeoutError{Waited: 10 * time.Second}
	m = press(t, m, keyCtrlP, keySaveAs)
	m = typeText(t, m, "x")
	m = press(t, m, keyEnter)
	if c := content(m); !strings.Contains(c, "Another authdeck is writing") || !strings.Contains(c, "try again") {
		t.Fatalf("lock error not readable:\n%s", c)
	}
	st.fail = &store.KeyringError{Op: "write", Profile: "x", Err: errors.New("no secret service")}
	m = press(t, m, keySaveAs)
	m = typeText(t, m, "x")
	m = press(t, m, keyEnter)
	if c := content(m); !strings.Contains(c, "AUTHDECK_SECRET_STORE=file") {
		t.Fatalf("keyring error without what to do:\n%s", c)
	}
	// A corrupt file: the pane offers repair, and repair works.
	st.listErr = &store.CorruptError{Path: "/cfg/profiles.json", Line: 3, Column: 7, Problem: "unexpected end of JSON"}
	m = press(t, m, keyEsc, keyCtrlP)
	if c := content(m); !strings.Contains(c, "cannot be read") || !strings.Contains(c, "F9") {
		t.Fatalf("corrupt file without repair offer:\n%s", c)
	}
	// The question and the outcome both start with the parser's message,
	// where first: the file it describes is gone once repaired.
	m = press(t, m, tea.KeyPressMsg{Code: tea.KeyF9})
	if c := content(m); !strings.Contains(c, "⚠ /cfg/profiles.json:3:7: unexpected end of JSON.") || !strings.Contains(c, "Repair the profiles file?") {
		t.Fatalf("the repair question drops the parser's message:\n%s", c)
	}
	m = press(t, m, keyRune('y'))
	if c := strings.Join(strings.Fields(content(m)), " "); m.profiles.Len() != 0 || !strings.Contains(c, "repaired /cfg/profiles.json:3:7: unexpected end of JSON") ||
		!strings.Contains(c, "profiles.json moved aside to") {
		t.Fatalf("repair: %d profiles\n%s", m.profiles.Len(), content(m))
	}
	// The console still sends.
	m = press(t, m, keyEsc)
	m, _ = updateCmd(m, keyCtrlS)
	if !m.sending {
		t.Fatalf("console stopped working: %s", m.status)
	}
}

func TestChangesFromAnotherTerminalArePickedUp(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := loadProfile(t, storeModel(t, st, 120, 40, true), "prod-eu")
	rev, _ := st.Revision()
	m, cmd := updateCmd(m, revisionMsg{rev: rev})
	if m.listing {
		t.Fatal("an unchanged revision re-read the list")
	}
	if cmd == nil {
		t.Fatal("the revision check stopped")
	}
	st.edit(t, "prod-eu", func(p *store.Profile, _ *store.Secrets) { p.Endpoint = "https://other.example.com" })
	rev, _ = st.Revision()
	m, cmd = updateCmd(m, revisionMsg{rev: rev})
	if !m.listing {
		t.Fatal("a changed revision did not re-read the list")
	}
	m, _ = settle(t, m, listCmdOnly(cmd, st))
	if !strings.Contains(m.status, "changed in another terminal") {
		t.Fatalf("status %q", m.status)
	}
	if m.form.Endpoint() == "https://other.example.com" {
		t.Fatal("the form was silently overwritten")
	}
}

// listCmdOnly stands for the list read in cmd (cmd also holds the next
// two-second tick, which settle would wait out).
func listCmdOnly(_ tea.Cmd, st *testStore) tea.Cmd { return listCmd(st) }

func TestKeyringFallbackBadge(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	st.fallback = "no Secret Service on the session bus"
	m := storeModel(t, st, 120, 40, true)
	if c := content(m); !strings.Contains(c, "KEYRING OFF") || !strings.Contains(c, "no Secret Service") {
		t.Fatalf("no fallback badge:\n%s", c)
	}
}

func TestSendRecordsUnderTheProfileItStartedWith(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := loadProfile(t, storeModel(t, st, 120, 40, true), "prod-eu")
	m, _ = updateCmd(m, keyCtrlS)
	if !m.sending {
		t.Fatal(m.status)
	}
	seq := m.sendSeq
	m = press(t, m, keyCtrlP)
	m = typeText(t, m, "staging")
	m = press(t, m, keyEnter)
	_, cmd := updateCmd(m, sentMsg{seq: seq, kind: "issue", res: okResult(), at: testNow})
	settle(t, m, cmd)
	if got := strings.Join(st.records(), ","); got != "prod-eu/issue" {
		t.Fatalf("recorded %q", got)
	}
}

var _ = profiles.AnswerSave

func TestEscInTheNamePromptDropsTheWaitingAction(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	m = update(m, keyTab)
	m = typeText(t, m, "-new")
	m = press(t, m, keyCtrlP)
	m = typeText(t, m, "staging")
	m = press(t, m, keyEnter, keyRune('s'), keyEsc)
	if m.pending != nil {
		t.Fatal("esc in the name prompt kept the pending load")
	}
	// A later save-as does not go on to load staging.
	m = press(t, m, keySaveAs)
	m = typeText(t, m, "later")
	m = press(t, m, keyEnter)
	if m.profile != "later" {
		t.Fatalf("loaded %q after a plain save-as", m.profile)
	}
}

func TestABackgroundReloadKeepsTheLastError(t *testing.T) {
	t.Parallel()
	st := sampleStore(t)
	m := storeModel(t, st, 120, 40, true)
	st.fail = &store.LockTimeoutError{Waited: 10 * time.Second}
	m = press(t, m, keyCtrlP, keySaveAs)
	m = typeText(t, m, "x")
	m = press(t, m, keyEnter)
	st.put(t, store.Profile{Name: "other", Endpoint: "https://o.example.com"}, store.Secrets{})
	rev, _ := st.Revision()
	m, _ = updateCmd(m, revisionMsg{rev: rev})
	m, _ = settle(t, m, listCmd(st))
	if c := content(m); !strings.Contains(c, "Another authdeck is writing") || m.profiles.Len() != 5 {
		t.Fatalf("reload hid the error or missed the change (%d):\n%s", m.profiles.Len(), c)
	}
}
