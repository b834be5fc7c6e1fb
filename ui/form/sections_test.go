package form

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/curlimport"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/styles"
)

// focusNewRow moves to the empty last row of list f (FieldRow/HeaderRow).
func focusNewRow(t *testing.T, m *Model, f Field) {
	t.Helper()
	m.FocusField(f)
	for m.Focused() == f && strings.TrimSpace(m.rowAt(m.pos).input.Value()) != "" {
		m.Next()
	}
	if m.Focused() != f {
		t.Fatalf("no empty %v row", f)
	}
}

func TestRowsBuildFieldsAndHeaders(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	focusNewRow(t, m, FieldRow)
	typeText(m, "peacockUUID = undefined")
	m.Next() // a new empty row appeared below: the focus is on it
	if m.Focused() != FieldRow {
		t.Fatalf("after a typed row the next row is %v, want a new field row", m.Focused())
	}
	typeText(m, "trial := true")
	m.Next()
	typeText(m, `mvpd := {"id": "x"}`)
	focusNewRow(t, m, HeaderRow)
	typeText(m, "X-Client: web")
	m.FocusField(UserAgent)
	typeText(m, "okhttp/4.12.0")
	m.FocusField(Encoding)
	press(m, tea.KeyPressMsg{Code: tea.KeyRight})

	r := m.Request()
	var got []string
	for _, f := range r.Fields {
		got = append(got, f.Name+"="+string(f.Value))
	}
	if strings.Join(got, " ") != `peacockUUID="undefined" trial=true mvpd={"id": "x"}` {
		t.Fatalf("fields %v", got)
	}
	if len(r.Headers) != 1 || r.Headers[0] != (tokenclient.Header{Name: "X-Client", Value: "web"}) {
		t.Fatalf("headers %+v", r.Headers)
	}
	if r.UserAgent != "okhttp/4.12.0" || r.Encoding != tokenclient.EncodingForm {
		t.Fatalf("ua %q encoding %q", r.UserAgent, r.Encoding)
	}
	if !m.Validate() {
		t.Fatalf("valid rows refused: %v", m.problems(nil))
	}
	// Load gives back the same rows (round trip through a profile).
	n := newForm(t)
	n.Load(m.Endpoint(), r)
	if !n.Request().Equal(r) {
		t.Fatalf("load round trip:\n%+v\n%+v", n.Request(), r)
	}
}

func TestRemoveAndAddRows(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	m.Load("https://api.example.com", tokenclient.TokenRequest{Fields: []tokenclient.Field{
		{Name: "a", Value: []byte(`"1"`)}, {Name: "b", Value: []byte(`2`)}, {Name: "c", Value: []byte(`"x y"`)},
	}})
	m.FocusField(FieldRow)
	m.Next() // on b
	press(m, tea.KeyPressMsg{Code: tea.KeyF4})
	if names := fieldNames(m); names != "a c" {
		t.Fatalf("after F4 on b: %s", names)
	}
	press(m, tea.KeyPressMsg{Code: tea.KeyF3}) // a new row after c (the focus moved to c)
	typeText(m, "d = 4")
	if names := fieldNames(m); names != "a c d" {
		t.Fatalf("after F3: %s", names)
	}
	// Emptying a row and leaving it removes it.
	m.FocusField(FieldRow)
	press(m, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	m.FocusField(UserAgent)
	if names := fieldNames(m); names != "c d" {
		t.Fatalf("emptied row kept: %s", names)
	}
	if len(m.lists[listFields]) != 3 {
		t.Fatalf("want two rows and one empty new row, got %d rows", len(m.lists[listFields]))
	}
	// F4 outside the lists does nothing but say why.
	press(m, tea.KeyPressMsg{Code: tea.KeyF4})
	if !strings.Contains(m.TakeNotice(), "F4 removes a row") {
		t.Fatal("F4 on a fixed field says nothing")
	}
}

func fieldNames(m *Model) string {
	var n []string
	for _, f := range m.Request().Fields {
		n = append(n, f.Name)
	}
	return strings.Join(n, " ")
}

func TestRowSyntaxAndValidationShowOnTheRow(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	focusNewRow(t, m, FieldRow)
	typeText(m, "ok = 1")
	m.Next()
	typeText(m, "bad := not json")
	m.Next()
	typeText(m, "deviceId = x") // a standard field: refused by Validate
	focusNewRow(t, m, HeaderRow)
	typeText(m, "Host: elsewhere")
	m.FocusField(UserAgent)
	typeText(m, "ua ")
	m.FocusField(UID)
	typeText(m, "user-42")
	m.FocusField(SignatureTimestamp)
	typeText(m, "1758729047")
	if m.Validate() {
		t.Fatal("validated")
	}
	rows := m.lists[listFields]
	if rows[0].err != "" || !strings.Contains(rows[1].err, "not valid JSON") || !strings.Contains(rows[2].err, "standard field") {
		t.Fatalf("field row problems: %q %q %q", rows[0].err, rows[1].err, rows[2].err)
	}
	if !strings.Contains(m.lists[listHeaders][0].err, "Host header cannot be set") {
		t.Fatalf("header row problem %q", m.lists[listHeaders][0].err)
	}
	if !strings.Contains(m.Problem(UserAgent), "spaces") {
		t.Fatalf("user agent problem %q", m.Problem(UserAgent))
	}
	if !strings.Contains(m.Problem(UIDSignature), "required when signatureTimestamp") {
		t.Fatalf("signature problem %q", m.Problem(UIDSignature))
	}
	v := m.View()
	if !strings.Contains(v, "standard field") || !strings.Contains(v, "Host header") {
		t.Fatalf("problems not on screen:\n%s", v)
	}
	// Fixed on the spot: the row's problem goes as it is corrected.
	m.FocusField(FieldRow)
	m.Next()
	press(m, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	typeText(m, "good := 1")
	if m.lists[listFields][1].err != "" {
		t.Fatalf("corrected row keeps %q", m.lists[listFields][1].err)
	}
}

func TestSignedInFieldsGoOnIssueAndSignatureIsMasked(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	const sig = "qNq0S3RbHPgM1ncXudWaVqwdkyM="
	m.Load("https://api.example.com", tokenclient.TokenRequest{ClientKey: "k", UID: "user-42", UIDSignature: sig, SignatureTimestamp: "1758729047"})
	r := m.Request()
	if r.UID != "user-42" || r.UIDSignature != sig || r.SignatureTimestamp != "1758729047" {
		t.Fatalf("issue request lacks the signed-in fields: %+v", r)
	}
	v := m.View()
	if strings.Contains(v, sig) || !strings.Contains(v, "Signed in") {
		t.Fatalf("signature shown in clear or no Signed in section:\n%s", v)
	}
	m.ToggleReveal()
	if !strings.Contains(m.View(), sig) {
		t.Fatal("reveal does not show the signature")
	}
}

func TestVerbatimDeviceInfo(t *testing.T) {
	t.Parallel()
	phone, _ := device.PresetByName("android-phone")
	blob := phone.DeviceInfo()
	m := newForm(t)
	m.FocusField(DeviceInfo)
	press(m, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	m.Update(tea.PasteMsg{Content: blob}, DefaultKeyMap())
	if m.Request().DeviceInfo != blob || !m.DeviceInfoVerbatim() {
		t.Fatalf("pasted blob not kept verbatim (verbatim=%v)", m.DeviceInfoVerbatim())
	}
	if !strings.Contains(m.View(), "verbatim") {
		t.Fatal("no verbatim mark on screen")
	}
	if m.Value(DeviceModel) != "Pixel_5" {
		t.Fatalf("fields not filled: %q", m.Value(DeviceModel))
	}
	// Editing a structured field re-encodes, and says so once.
	m.FocusField(OSVersion)
	typeText(m, "4")
	if m.DeviceInfoVerbatim() || m.Request().DeviceInfo == blob {
		t.Fatal("edit did not re-encode")
	}
	if n := m.TakeNotice(); !strings.Contains(n, "re-encoded") || !strings.Contains(n, "key order is gone") {
		t.Fatalf("notice %q", n)
	}
	typeText(m, "5")
	if n := m.TakeNotice(); n != "" {
		t.Fatalf("a canonical info re-encoded again says %q", n)
	}
	info, err := device.Decode(m.Request().DeviceInfo)
	if err != nil || info.OSVersion != "1345" || len(info.Extra) != 12 {
		t.Fatalf("re-encoded %+v %v", info, err)
	}
	// Loading a verbatim profile shows the mark.
	n := newForm(t)
	n.Load("https://api.example.com", tokenclient.TokenRequest{DeviceInfo: blob})
	if !n.DeviceInfoVerbatim() || n.Request().DeviceInfo != blob {
		t.Fatal("loaded verbatim info lost")
	}
	// A canonical blob is not marked.
	n.Load("https://api.example.com", tokenclient.TokenRequest{DeviceInfo: device.Encode(phone.Info)})
	if n.DeviceInfoVerbatim() {
		t.Fatal("canonical info marked verbatim")
	}
}

func TestPresetAppliesItsJSONAndNetworkWithSource(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	tv, _ := device.PresetByName("android-tv")
	m.ApplyPreset(tv)
	if m.Request().DeviceInfo != tv.DeviceInfo() {
		t.Fatal("preset info re-encoded, not its JSON")
	}
	if raw, _ := base64.StdEncoding.DecodeString(m.Request().DeviceInfo); string(raw) != tv.JSON {
		t.Fatal("preset JSON differs")
	}
	if m.NetworkType() != device.NetworkWifi {
		t.Fatalf("network %s", m.NetworkType())
	}
	if mk, src := m.MarkOf(DeviceModel); mk != MarkPreset || !strings.Contains(src, tv.Source) {
		t.Fatalf("mark %v source %q", mk, src)
	}
	m.FocusField(DeviceInfo)
	if v := m.View(); !strings.Contains(v, "verbatim") {
		t.Fatalf("android preset not marked verbatim:\n%s", v)
	}
}

func TestSignPromptFillsSignatureAndDropsTheSecret(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	at := time.Unix(1758729047, 0)
	m.SetClock(func() time.Time { return at })
	keys := DefaultKeyMap()
	// Without a UID the key says what to do first.
	m.Update(tea.KeyPressMsg{Code: tea.KeyF6}, keys)
	if m.Prompting() || !strings.Contains(m.TakeNotice(), "UID first") || m.Focused() != UID {
		t.Fatal("F6 without a UID")
	}
	typeText(m, "user-42")
	m.Update(tea.KeyPressMsg{Code: tea.KeyF6}, keys)
	if !m.Prompting() || !m.FocusIsText() {
		t.Fatal("no prompt")
	}
	const secret = "c2VjcmV0LWtleS1ieXRlcw=="
	m.Update(tea.PasteMsg{Content: secret}, keys)
	if strings.Contains(m.View(), secret) {
		t.Fatal("account secret on screen")
	}
	cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}, keys)
	if m.Prompting() {
		t.Fatal("prompt stays open")
	}
	var signed *SignedMsg
	for _, msg := range runAll(cmd) {
		if s, ok := msg.(SignedMsg); ok {
			signed = &s
		}
	}
	if signed == nil || signed.Err != nil {
		t.Fatalf("no signature: %+v", signed)
	}
	m.Update(*signed, keys)
	want, ts, _ := tokenclient.SignUID(secret, "user-42", at)
	if m.Value(UIDSignature) != want || m.Value(SignatureTimestamp) != ts || ts != "1758729047" {
		t.Fatalf("filled %q %q, want %q %q", m.Value(UIDSignature), m.Value(SignatureTimestamp), want, ts)
	}
	if n := m.TakeNotice(); !strings.Contains(n, "filled") || strings.Contains(n, secret) {
		t.Fatalf("notice %q", n)
	}
	if !m.Validate() {
		t.Fatalf("signed form invalid: %v", m.problems(nil))
	}
	// A bad secret: the error does not quote it, nothing is filled.
	m.Update(tea.KeyPressMsg{Code: tea.KeyF6}, keys)
	typeText(m, "not base64!")
	for _, msg := range runAll(m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}, keys)) {
		if s, ok := msg.(SignedMsg); ok {
			m.Update(s, keys)
		}
	}
	if n := m.TakeNotice(); !strings.Contains(n, "could not sign") || strings.Contains(n, "not base64!") {
		t.Fatalf("bad secret notice %q", n)
	}
	if m.Value(UIDSignature) != want {
		t.Fatal("a failed signing changed the signature")
	}
	// esc cancels without signing.
	m.Update(tea.KeyPressMsg{Code: tea.KeyF6}, keys)
	if cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEscape}, keys); m.Prompting() || len(runAll(cmd)) > 0 {
		t.Fatal("esc did not just close")
	}
}

// runAll runs a command and any batch in it, returning the messages.
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runAll(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

func TestImportCurlPromptFillsTheForm(t *testing.T) {
	t.Parallel()
	phone, _ := device.PresetByName("android-phone")
	body, _ := json.Marshal(map[string]any{"clientKey": "ck-1", "clientSecret": "cs-SECRET-1", "deviceId": testID,
		"deviceInfo": phone.DeviceInfo(), "networkType": "wifi"})
	body = append(body[:len(body)-1], []byte(`,"peacockUUID":"undefined"}`)...)
	line := "curl 'https://api.nfl.com/identity/v3/token' \\\n  -H 'content-type: application/json' \\\n" +
		"  -H 'origin: https://www.nfl.com' \\\n  -b 'session=COOKIE' \\\n  -H 'user-agent: Mozilla/5.0' \\\n  --data-raw '" + string(body) + "'"
	m := newForm(t)
	keys := DefaultKeyMap()
	m.Update(tea.KeyPressMsg{Code: tea.KeyF7}, keys)
	if !m.Prompting() {
		t.Fatal("no prompt")
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}, keys)
	if !m.Prompting() || !strings.Contains(m.View(), "nothing pasted") {
		t.Fatal("enter on an empty prompt")
	}
	m.Update(tea.PasteMsg{Content: line}, keys)
	if v := m.View(); strings.Contains(v, "cs-SECRET-1") || !strings.Contains(v, "6 line(s) pasted") {
		t.Fatalf("prompt view:\n%s", v)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}, keys)
	if m.Prompting() {
		t.Fatalf("prompt still open:\n%s", m.View())
	}
	r := m.Request()
	if m.Endpoint() != "https://api.nfl.com" || r.ClientKey != "ck-1" || r.ClientSecret != "cs-SECRET-1" ||
		r.DeviceInfo != phone.DeviceInfo() || r.NetworkType != device.NetworkWifi || r.UserAgent != "Mozilla/5.0" ||
		len(r.Fields) != 1 || len(r.Headers) != 1 || r.Headers[0].Name != "origin" {
		t.Fatalf("form after import: %s %+v", m.Endpoint(), r)
	}
	if !m.DeviceInfoVerbatim() {
		t.Fatal("imported device info not verbatim")
	}
	n := m.TakeNotice()
	if !strings.Contains(n, "imported from curl") || !strings.Contains(n, "-b (cookies)") || strings.Contains(n, "COOKIE") {
		t.Fatalf("notice %q", n)
	}
	if strings.Contains(m.View(), "cs-SECRET-1") {
		t.Fatal("secret on screen after import")
	}
	// A bad line keeps the prompt open with the error.
	m.Update(tea.KeyPressMsg{Code: tea.KeyF7}, keys)
	m.Update(tea.PasteMsg{Content: "wget x"}, keys)
	m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}, keys)
	if !m.Prompting() || !strings.Contains(m.View(), "not curl") {
		t.Fatalf("bad line:\n%s", m.View())
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEscape}, keys)
	if m.Prompting() || m.Endpoint() != "https://api.nfl.com" {
		t.Fatal("esc after a bad line")
	}
}

// TestImportCurlPasteIsCapped: a paste that would take the curl text over
// curlimport.MaxInput (1 MiB, the CLI's limit) is refused with a message
// naming the limit; what was pasted before stays, and exactly the limit is
// taken.
func TestImportCurlPasteIsCapped(t *testing.T) {
	t.Parallel()
	m := newForm(t)
	keys := DefaultKeyMap()
	m.Update(tea.KeyPressMsg{Code: tea.KeyF7}, keys)
	m.Update(tea.PasteMsg{Content: "curl 'https://x' "}, keys)
	before := m.prompt.pasted
	m.Update(tea.PasteMsg{Content: strings.Repeat("a", 10<<20)}, keys)
	if m.prompt.pasted != before {
		t.Fatalf("a 10 MiB paste was taken: %d bytes", len(m.prompt.pasted))
	}
	if v := strings.Join(strings.Fields(ansi.Strip(m.View())), " "); !strings.Contains(v, "over the 1 MiB limit of a curl line") {
		t.Fatalf("no message:\n%s", v)
	}
	m.Update(tea.PasteMsg{Content: strings.Repeat("a", curlimport.MaxInput-len(before))}, keys)
	if len(m.prompt.pasted) != curlimport.MaxInput || m.prompt.err != "" {
		t.Fatalf("exactly the limit not taken: %d bytes, %q", len(m.prompt.pasted), m.prompt.err)
	}
	m.Update(tea.KeyPressMsg{Code: 'b', Text: "b"}, keys)
	if len(m.prompt.pasted) != curlimport.MaxInput || m.prompt.err == "" {
		t.Fatal("a typed character past the limit was taken")
	}
}

func TestEncodingPicker(t *testing.T) {
	t.Parallel()
	f := New(styles.New(true, false))
	m := &f
	m.SetSize(60, 40)
	m.FocusField(Encoding)
	if m.FocusIsText() || m.Value(Encoding) != "json" {
		t.Fatal("encoding picker")
	}
	press(m, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	if m.Request().Encoding != tokenclient.EncodingForm {
		t.Fatal("space did not pick form")
	}
	press(m, tea.KeyPressMsg{Code: tea.KeyLeft})
	if m.Request().Encoding != tokenclient.EncodingJSON {
		t.Fatal("← did not go back to json")
	}
}
