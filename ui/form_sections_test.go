package ui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/form"
)

// ctrl+t walks every preset, saying its name and source and applying its
// JSON and network type, then "this machine" (detection as a command),
// then the first preset again.
func TestPresetCycleReachesThisMachine(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	ps := device.Presets()
	for i, p := range ps {
		var cmd tea.Cmd
		m, cmd = updateCmd(m, keyCtrl('t'))
		if !strings.Contains(m.status, p.Name) || !strings.Contains(m.status, p.Source) {
			t.Fatalf("preset %d status %q lacks name or source", i, m.status)
		}
		if m.form.Request().DeviceInfo != p.DeviceInfo() || m.form.NetworkType() != p.Network {
			t.Fatalf("preset %s: info or network not applied", p.Name)
		}
		if !strings.Contains(m.preview.View(), "networkType") {
			t.Fatal("preview not updated")
		}
		for _, msg := range runCmds(cmd, 50*time.Millisecond) {
			if _, ok := msg.(machinePresetMsg); ok {
				t.Fatal("a preset ran detection")
			}
		}
	}
	m, cmd := updateCmd(m, keyCtrl('t'))
	if !strings.Contains(m.status, "this machine") {
		t.Fatalf("after the last preset: %q", m.status)
	}
	if m.form.Value(form.DeviceModel) == testDetection.Info.Model {
		t.Fatal("detection ran inside Update")
	}
	var got bool
	for _, msg := range runCmds(cmd, time.Second) {
		if mp, ok := msg.(machinePresetMsg); ok {
			m, got = update(m, mp), true
		}
	}
	if !got || m.form.Value(form.DeviceModel) != testDetection.Info.Model || m.form.NetworkType() != testDetection.Network {
		t.Fatalf("this machine not applied (msg %v): %q", got, m.form.Value(form.DeviceModel))
	}
	if !strings.Contains(m.status, "this machine · source: device detection") {
		t.Fatalf("status %q", m.status)
	}
	if m.form.Request().DeviceInfo != device.Encode(testDetection.Info) {
		t.Fatal("this machine keeps the extra keys of the preset before it")
	}
	m = update(m, keyCtrl('t'))
	if !strings.Contains(m.status, ps[0].Name) {
		t.Fatalf("the cycle does not start again: %q", m.status)
	}
}

// The form's prompts take enter, esc and ctrl+s: the root routes every key
// to the form while one is open, and the signing result reaches the form.
func TestFormPromptsThroughTheRoot(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	m := newTestModel(t, testDeps(rec), 120, 40, true)
	m.form.FocusField(form.UID)
	for _, r := range "user-42" {
		m = update(m, keyRune(r))
	}
	m = update(m, tea.KeyPressMsg{Code: tea.KeyF6})
	if !m.form.Prompting() {
		t.Fatal("F6 opened no prompt")
	}
	const secret = "c2VjcmV0LWtleS1ieXRlcw=="
	m = update(m, tea.PasteMsg{Content: secret})
	if m = update(m, keyCtrlS); m.sending {
		t.Fatal("ctrl+s sent while the prompt was open")
	}
	if strings.Contains(content(m), secret) {
		t.Fatal("the account secret is on screen")
	}
	m, cmd := updateCmd(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	if m.form.Prompting() || m.sending {
		t.Fatal("enter did not close the prompt (or sent)")
	}
	m = update(m, keyCtrl('o')) // the focus moves away before the result arrives
	for _, msg := range runCmds(cmd, time.Second) {
		if s, ok := msg.(form.SignedMsg); ok {
			m = update(m, s)
		}
	}
	if m.form.Value(form.UIDSignature) == "" || m.form.Value(form.SignatureTimestamp) == "" {
		t.Fatal("the signature did not reach the form")
	}
	if !strings.Contains(m.status, "UID signature and timestamp filled") {
		t.Fatalf("status %q", m.status)
	}
	if strings.Contains(content(m), m.form.Value(form.UIDSignature)) {
		t.Fatal("the signature is shown unmasked")
	}
	// The preview shows the signed-in fields on the issue request.
	if body := string(m.prepared.Body); !strings.Contains(body, `"uid":"user-42"`) || !strings.Contains(body, `"signatureTimestamp"`) {
		t.Fatalf("prepared body %s", body)
	}

	// esc closes the curl prompt, not anything else.
	m = update(m, keyCtrl('o'))
	m = update(m, tea.KeyPressMsg{Code: tea.KeyF7})
	if m = update(m, keyEsc); m.form.Prompting() || m.focus != focusForm {
		t.Fatal("esc did not close the curl prompt")
	}
}

// A structured edit of a verbatim device info says so in the status line.
func TestVerbatimReencodeSaysSoInTheStatus(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	phone, _ := device.PresetByName("android-phone")
	m.form.FocusField(form.DeviceInfo)
	m = update(m, keyCtrl('u'))
	m = update(m, tea.PasteMsg{Content: phone.DeviceInfo()})
	if !m.form.DeviceInfoVerbatim() || !strings.Contains(content(m), "verbatim") {
		t.Fatal("no verbatim mark on screen")
	}
	if m.prepared == nil || !strings.Contains(string(m.prepared.Body), phone.DeviceInfo()) {
		t.Fatal("the preview does not carry the verbatim blob")
	}
	m.form.FocusField(form.OSVersion)
	m = update(m, keyRune('1'))
	if !strings.Contains(m.status, "re-encoded from the fields; the pasted key order is gone") {
		t.Fatalf("status %q", m.status)
	}
}

// Extra fields, headers, User-Agent and encoding reach the prepared request
// (and so the preview and the send).
func TestFormShapeReachesThePreparedRequest(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m.form.Load(testURL, tokenclient.TokenRequest{ClientKey: testKey, ClientSecret: testSecret, DeviceID: testDeviceID,
		DeviceInfo: device.Encode(testDetection.Info), NetworkType: device.NetworkWifi,
		Fields:  []tokenclient.Field{{Name: "trial", Value: []byte("true")}},
		Headers: []tokenclient.Header{{Name: "X-Client", Value: "web"}}, UserAgent: "okhttp/4", Encoding: tokenclient.EncodingForm})
	m.form.FocusField(form.Encoding)
	m = update(m, tea.KeyPressMsg{Code: tea.KeyRight}) // back to json
	p := m.prepared
	if !strings.HasSuffix(string(p.Body), `,"trial":true}`) || p.Header.Get("X-Client") != "web" ||
		p.Header.Get("User-Agent") != "okhttp/4" || p.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("prepared %s %v", p.Body, p.Header)
	}
	if !strings.Contains(m.preview.View(), "X-Client: web") {
		t.Fatal("preview lacks the header")
	}
}

// TestGoldenFormSections renders the form's new sections: the signed-in
// fields (signature masked), the User-Agent and encoding, extra field and
// header rows (one refused, its problem beside it), the verbatim mark; and
// the curl prompt with a parse error. Regenerate with -update.
func TestGoldenFormSections(t *testing.T) {
	t.Parallel()
	phone, _ := device.PresetByName("android-phone")
	builds := map[string]func(m *Model) *Model{
		"form-sections": func(m *Model) *Model {
			m.form.Load(testURL, tokenclient.TokenRequest{ClientKey: testKey, ClientSecret: testSecret, DeviceID: testDeviceID,
				DeviceInfo: phone.DeviceInfo(), NetworkType: device.NetworkWifi,
				UID: "user-42", UIDSignature: "qNq0S3RbHPgM1ncXudWaVqwdkyM=", SignatureTimestamp: "1758729047",
				Fields:    []tokenclient.Field{{Name: "peacockUUID", Value: []byte(`"undefined"`)}, {Name: "trial", Value: []byte(`true`)}},
				Headers:   []tokenclient.Header{{Name: "Origin", Value: "https://www.nfl.com"}, {Name: "Host", Value: "elsewhere"}},
				UserAgent: "okhttp/4.12.0", Encoding: tokenclient.EncodingForm})
			m.updatePreview()
			m.form.FocusField(form.HeaderRow)
			m = update(m, keyCtrlS) // shows the refused Host header; nothing is sent
			return m
		},
		"form-curl-prompt": func(m *Model) *Model {
			m = update(m, tea.KeyPressMsg{Code: tea.KeyF7})
			m = update(m, tea.PasteMsg{Content: "curl 'https://api.nfl.com/identity/v3/token' \\\n  -H 'x: y'"})
			return update(m, tea.KeyPressMsg{Code: tea.KeyEnter})
		},
	}
	for name, build := range builds {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(name+"/"+strings.Join([]string{itoa(size[0]), itoa(size[1])}, "x"), func(t *testing.T) {
				t.Parallel()
				requireLayout(t, size[1], func(t *testing.T, dark bool) string {
					m := build(newTestModel(t, testDeps(&recorder{}), size[0], size[1], dark))
					if m.sending {
						t.Fatal("sent")
					}
					out := m.View().Content
					if strings.Contains(out, testSecret) || strings.Contains(out, "qNq0S3RbHPgM1ncXudWaVqwdkyM=") {
						t.Fatal("a secret on screen")
					}
					return out
				})
			})
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// A stored profile whose device info is verbatim opens with the mark and
// sends the blob as stored.
func TestOpeningAVerbatimProfileShowsTheMark(t *testing.T) {
	t.Parallel()
	phone, _ := device.PresetByName("android-phone")
	p := store.Profile{Name: "android", Endpoint: testURL, ClientKey: testKey, DeviceID: testDeviceID, NetworkType: device.NetworkWifi}
	if err := p.SetDeviceInfoBase64(phone.DeviceInfo()); err != nil || !p.DeviceInfoVerbatim() {
		t.Fatalf("setup: %v", err)
	}
	m := newTestModel(t, testDeps(&recorder{}), 120, 40, true)
	m.applyProfile(openedFrom(p, store.Secrets{ClientSecret: testSecret}))
	if !m.form.DeviceInfoVerbatim() || !strings.Contains(content(m), "verbatim") {
		t.Fatal("no verbatim mark after opening the profile")
	}
	if !strings.Contains(string(m.prepared.Body), phone.DeviceInfo()) {
		t.Fatal("the blob is not sent as stored")
	}
	if m.dirty() {
		t.Fatal("opening a verbatim profile counts as an edit")
	}
}
