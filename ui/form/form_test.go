package form

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/styles"
)

const (
	testSecret = "s3cr3t-value-XYZ"
	testID     = "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d"
)

var testDetection = device.Detection{
	Info:          device.Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "12"},
	Sources:       device.Sources{Model: "chassis in /sys", Version: "default", OSName: "ID in /etc/os-release", OSVersion: "VERSION_ID in /etc/os-release"},
	Network:       device.NetworkWifi,
	NetworkSource: "default route via wlan0",
}

func newForm(t *testing.T) *Model {
	t.Helper()
	f := New(styles.New(true, false))
	m := &f
	m.SetSize(60, 40)
	m.Load("https://api.example.com", tokenclient.TokenRequest{
		ClientKey: "key-1234567890abcdef", ClientSecret: testSecret, DeviceID: testID, NetworkType: device.NetworkOther,
	})
	m.ApplyDetection(testDetection)
	return m
}

func typeText(m *Model, s string) *Model {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)}, DefaultKeyMap())
	}
	return m
}

func press(m *Model, k tea.KeyPressMsg) *Model {
	m.Update(k, DefaultKeyMap())
	return m
}

func TestFocusMovesAndWraps(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	if m.Focused() != Endpoint {
		t.Fatalf("starts on %v", m.Focused())
	}
	m.Prev()
	if m.Focused() != HeaderRow || !m.IsLast() {
		t.Fatalf("shift+tab from the first field should wrap to the last, got %v", m.Focused())
	}
	m.Next()
	m.Next()
	if m.Focused() != ClientKey {
		t.Fatalf("got %v, want ClientKey", m.Focused())
	}
	m = typeText(m, "Z")
	if got := m.Value(ClientKey); got != "key-1234567890abcdefZ" {
		t.Fatalf("typing went to the wrong field: client key %q", got)
	}
	if m.Value(Endpoint) != "https://api.example.com" {
		t.Fatal("endpoint changed while not focused")
	}
}

func TestSecretMaskedUntilRevealed(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	if strings.Contains(m.View(), testSecret) {
		t.Fatal("secret visible while hidden")
	}
	if !strings.Contains(m.View(), tokenclient.Mask) {
		t.Fatal("hidden secret should show the fixed mask")
	}
	m.FocusField(ClientSecret)
	if strings.Contains(m.View(), testSecret) {
		t.Fatal("secret visible while focused and hidden")
	}
	m.ToggleReveal()
	if !m.Revealed() || !strings.Contains(m.View(), testSecret) {
		t.Fatal("revealed secret not shown")
	}
	m.ToggleReveal()
	if strings.Contains(m.View(), testSecret) {
		t.Fatal("secret still visible after hiding it again")
	}
}

func TestDetectionMarksUntilEdited(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	for _, f := range []Field{DeviceModel, DeviceVersion, OSName, OSVersion, Network} {
		if mk, src := m.MarkOf(f); mk != MarkDetected || src == "" {
			t.Errorf("%v: mark %v source %q, want detected with a source", f, mk, src)
		}
	}
	m.FocusField(OSName)
	if !strings.Contains(m.View(), "detected from ID in /etc/os-release") {
		t.Error("the source is not shown on focus")
	}
	m = typeText(m, "x")
	if mk, _ := m.MarkOf(OSName); mk != MarkNone {
		t.Error("edited field still marked detected")
	}
	if mk, _ := m.MarkOf(OSVersion); mk != MarkDetected {
		t.Error("an untouched field lost its mark")
	}
	p, _ := device.PresetByName(device.Presets()[0].Name)
	m.ApplyPreset(p)
	if mk, src := m.MarkOf(DeviceModel); mk != MarkPreset || !strings.Contains(src, p.Name) {
		t.Errorf("preset mark %v %q", mk, src)
	}
}

func TestBase64FollowsFields(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	want := device.Encode(testDetection.Info)
	if m.Value(DeviceInfo) != want {
		t.Fatalf("base64 %q, want %q", m.Value(DeviceInfo), want)
	}
	m.FocusField(DeviceModel)
	m = typeText(m, "2")
	info, err := device.Decode(m.Value(DeviceInfo))
	if err != nil || info.Model != "desktop2" {
		t.Fatalf("base64 not rewritten: %+v %v", info, err)
	}
	if m.Request().DeviceInfo != m.Value(DeviceInfo) {
		t.Fatal("request does not carry the base64 field")
	}
}

func TestPastedBase64FillsFieldsAndKeepsExtras(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	blob := device.Encode(device.Info{Model: "iPhone", Version: "5.1", OSName: "iOS", OSVersion: "17.2",
		Extra: []device.ExtraField{{Key: "locale", Value: []byte(`"en-GB"`)}}})
	m.FocusField(DeviceInfo)
	// Select-all-and-paste: clear, then a wrapped paste as base64(1) prints it.
	m = press(m, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	m.Update(tea.PasteMsg{Content: blob[:20] + "\n" + blob[20:] + "\n"}, DefaultKeyMap())
	if m.DeviceInfoError() != "" {
		t.Fatalf("paste rejected: %s", m.DeviceInfoError())
	}
	if m.Value(DeviceModel) != "iPhone" || m.Value(OSVersion) != "17.2" {
		t.Fatalf("fields not filled: %q %q", m.Value(DeviceModel), m.Value(OSVersion))
	}
	if mk, _ := m.MarkOf(DeviceModel); mk != MarkNone {
		t.Error("pasted values must not be marked detected")
	}
	// Editing a field afterwards keeps the extra key.
	m.FocusField(OSName)
	m = typeText(m, "!")
	info, err := device.Decode(m.Value(DeviceInfo))
	if err != nil || len(info.Extra) != 1 || info.Extra[0].Key != "locale" || info.OSName != "iOS!" {
		t.Fatalf("extra key lost or edit missing: %+v %v", info, err)
	}
}

func TestBadBase64IsInlineErrorAndFieldsKeepValues(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	m.FocusField(DeviceInfo)
	m = typeText(m, "!!")
	if m.DeviceInfoError() == "" || m.Problem(DeviceInfo) == "" {
		t.Fatal("bad base64 not flagged")
	}
	if m.Value(DeviceModel) != "desktop" || m.Value(OSName) != "Linux" {
		t.Fatal("fields lost their last good values")
	}
	if !strings.Contains(m.View(), styles.SymbolError) {
		t.Fatal("the error has no symbol on screen")
	}
	notJSON := "bm90IGpzb24=" // "not json"
	m = press(m, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	m.Update(tea.PasteMsg{Content: notJSON}, DefaultKeyMap())
	if !strings.Contains(m.DeviceInfoError(), "JSON") {
		t.Fatalf("not-JSON error %q", m.DeviceInfoError())
	}
}

func TestNetworkPicker(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	m.FocusField(Network)
	if m.FocusIsText() {
		t.Fatal("the picker is not a text field")
	}
	start := m.NetworkType() // wifi from detection
	m = press(m, tea.KeyPressMsg{Code: tea.KeyRight})
	if m.NetworkType() != device.NetworkCellular {
		t.Fatalf("→ from %s gave %s", start, m.NetworkType())
	}
	if mk, _ := m.MarkOf(Network); mk != MarkNone {
		t.Error("picked network still marked detected")
	}
	m = press(m, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	if m.NetworkType() != device.NetworkEthernet {
		t.Fatalf("space gave %s", m.NetworkType())
	}
	m = press(m, tea.KeyPressMsg{Code: tea.KeyRight})
	if m.NetworkType() != device.NetworkOther {
		t.Fatalf("→ should wrap to other, got %s", m.NetworkType())
	}
	m = press(m, tea.KeyPressMsg{Code: tea.KeyLeft})
	if m.NetworkType() != device.NetworkEthernet {
		t.Fatalf("← gave %s", m.NetworkType())
	}
	m = typeText(m, "x")
	if m.NetworkType() != device.NetworkEthernet {
		t.Fatal("typing changed the picker")
	}
	if m.Request().NetworkType != device.NetworkEthernet {
		t.Fatal("request does not carry the picked network")
	}
}

func TestValidationShowsEveryProblem(t *testing.T) {
	t.Parallel()
	f := New(styles.New(true, false))
	m := &f
	m.SetSize(60, 40)
	m.Load("ftp://x", tokenclient.TokenRequest{})
	if m.Validate() {
		t.Fatal("an empty form validated")
	}
	for _, f := range []Field{Endpoint, ClientKey, ClientSecret, DeviceID, DeviceInfo} {
		if m.Problem(f) == "" {
			t.Errorf("%v: no problem shown", f)
		}
	}
	if m.ProblemCount() < 5 {
		t.Errorf("problem count %d", m.ProblemCount())
	}
}

func TestValidationOnLeavingAField(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	m.FocusField(ClientKey)
	m = press(m, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // clear the field
	if m.Problem(ClientKey) != "" {
		t.Fatal("problem shown while still typing")
	}
	m.Next()
	if m.Problem(ClientKey) == "" {
		t.Fatal("no problem shown after leaving an empty client key")
	}
	m.FocusField(ClientKey)
	m = typeText(m, "key-abc")
	if m.Problem(ClientKey) != "" {
		t.Fatalf("problem not cleared once fixed: %q", m.Problem(ClientKey))
	}
}

func TestDeviceIDWarning(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	m.FocusField(DeviceID)
	m = typeText(m, "zz")
	if m.Warning(DeviceID) == "" && m.Problem(DeviceID) == "" {
		t.Fatal("a non-UUID device id is not flagged")
	}
	m.SetDeviceID(testID)
	if m.Warning(DeviceID) != "" {
		t.Fatal("a UUID is flagged")
	}
}

func TestPasteIntoTextField(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	m.FocusField(UID)
	m.Update(tea.PasteMsg{Content: "  user-42\n"}, DefaultKeyMap())
	if m.Value(UID) != "user-42" {
		t.Fatalf("paste gave %q", m.Value(UID))
	}
	r := m.RefreshRequest("rt")
	if r.UID != "user-42" || r.RefreshToken != "rt" {
		t.Fatalf("refresh request %+v", r)
	}
}

func TestViewFitsAnySize(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	for w := 0; w < 90; w += 7 {
		for h := 0; h < 30; h += 3 {
			m.SetSize(w, h)
			for f := Field(0); f < fieldCount; f += 3 {
				m.FocusField(f)
				v := m.View()
				if h > 0 && w > 0 && strings.Count(v, "\n") != h-1 {
					t.Fatalf("%dx%d: %d lines", w, h, strings.Count(v, "\n")+1)
				}
			}
		}
	}
}

// TestUndoHistoryIsBounded: each field keeps at most undoLimit steps, and
// focus moves end a run of typing.
func TestUndoHistoryIsBounded(t *testing.T) {
	var h history
	for i := range undoLimit + 20 {
		h.push(undoStep{value: strings.Repeat("x", i)}, false)
	}
	if len(h.steps) != undoLimit || h.steps[0].value != strings.Repeat("x", 20) {
		t.Fatalf("%d steps, oldest %q", len(h.steps), h.steps[0].value)
	}
	h = history{}
	h.push(undoStep{value: ""}, true)
	h.push(undoStep{value: "a"}, true)
	h.push(undoStep{value: "ab"}, false)
	h.push(undoStep{value: "ab "}, true)
	if len(h.steps) != 3 {
		t.Fatalf("runs of typing: %d steps", len(h.steps))
	}
}

// TestEditedFieldUsesThePaneWidth: the field being typed in has the row's
// whole width (the mark column too), so a 32-character client key is not
// cut at the form's width at 160 columns (66) or 120 (about 58); a masked
// field says hidden under itself while it has the focus.
func TestEditedFieldUsesThePaneWidth(t *testing.T) {
	t.Parallel()
	const key32 = "authdeck-demo-client-key-0000001"
	for _, w := range []int{58, 62, 66} {
		m := newForm(t)
		m.SetSize(w, 40)
		m.FocusField(ClientKey)
		m.rows[ClientKey].input.SetValue(key32)
		m.rows[ClientKey].input.CursorEnd()
		v := ansi.Strip(m.View())
		if !strings.Contains(v, key32) {
			t.Fatalf("width %d: the client key is cut while edited:\n%s", w, v)
		}
		for _, l := range strings.Split(v, "\n") {
			if ansi.StringWidth(l) > w {
				t.Fatalf("width %d: line too wide: %q", w, l)
			}
		}
		m.FocusField(ClientSecret)
		if v := ansi.Strip(m.View()); !strings.Contains(v, "hidden") {
			t.Fatalf("width %d: the focused secret does not say it is hidden:\n%s", w, v)
		}
	}
}

// TestNoticesNameTheKeysOfTheKeyMap: a rebinding reaches the form's
// notices and notes (they name keys from the KeyMap passed to Update).
func TestNoticesNameTheKeysOfTheKeyMap(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	keys := DefaultKeyMap()
	keys.RemoveRow = key.NewBinding(key.WithKeys("f8"), key.WithHelp("F8", "remove row"))
	keys.Sign = key.NewBinding(key.WithKeys("f9"), key.WithHelp("F9", "sign UID"))
	m.FocusField(ClientKey)
	m.Update(tea.KeyPressMsg{Code: tea.KeyF8}, keys)
	if n := m.TakeNotice(); !strings.HasPrefix(n, "F8 removes a row") {
		t.Fatalf("notice %q", n)
	}
	m.FocusField(UID)
	m.Update(tea.KeyPressMsg{Code: tea.KeyF9}, keys)
	if n := m.TakeNotice(); !strings.Contains(n, "then F9 signs it") {
		t.Fatalf("notice %q", n)
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "F9 signs the UID") {
		t.Fatalf("the UID's note does not name the rebound key:\n%s", v)
	}
}
