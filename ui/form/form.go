// Package form is the console's credential form: endpoint, client key and
// secret, device id, the four device-info fields with their detection marks,
// the network type picker, the device-info base64 kept in sync both ways
// (and kept verbatim when pasted in another key order), the signed-in
// user's fields, the User-Agent, the body encoding, and editable rows of
// extra body fields and headers. It builds the one TokenRequest that the
// preview shows and the client sends.
package form

import (
	"slices"
	"time"

	"charm.land/bubbles/v2/textinput"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/parts"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/styles"
)

// Mark says where a device field's value came from until the user edits it.
type Mark int

// Marks on device fields.
const (
	MarkNone     Mark = iota // typed by the user (or loaded from a profile)
	MarkDetected             // from device detection
	MarkPreset               // from a preset
)

// row is one field's live state.
type row struct {
	input  textinput.Model // unused for the pickers
	mark   Mark
	source string  // where a marked value came from, shown on focus
	err    string  // the validation problem shown under the field
	warn   string  // a non-blocking remark (device id not a UUID)
	hist   history // the user's edits, for Undo
}

// Model is the form. The zero value is not usable; call New.
type Model struct {
	rows [fieldCount]row
	// lists are the editable rows of extra body fields and headers; each
	// ends with one empty row where a new entry is typed.
	lists    [2][]row
	network  device.NetworkType
	encoding tokenclient.Encoding // "" shows as json
	// shape is the loaded request's JSON spacing and field orders (a
	// client preset's), which the form does not edit: Request gives them
	// back as loaded.
	shape shape
	// pos is the focused row: a fixed Field below fieldCount, then the
	// rows of the lists.
	pos      int
	revealed bool
	// extra holds device-info keys beyond the four, kept across edits.
	extra []device.ExtraField
	// b64Err is the decode problem of the base64 field, "" when it decodes.
	b64Err string
	// verbatim is true while the base64 field holds a decodable text that
	// is not the canonical encoding of what it decodes to.
	verbatim bool
	// notice is a one-off message for the status line (TakeNotice).
	notice string
	// prompt is the open question (account secret, curl line), nil when none.
	prompt *prompt
	// snaps are the whole-form changes Undo can take back (a revert, a
	// removed row), oldest first; seq numbers every undo step and snapshot
	// so that Undo takes back the newest change.
	snaps []snapshot
	seq   int
	// keys are the form's keys as the root last passed them to Update:
	// the notes and notices name keys from them.
	keys KeyMap
	// signSecret fills the account-secret prompt (F6) when set: the demo
	// server's published demo secret, never a real one.
	signSecret string
	// now is the clock the signing command reads (time.Now by default).
	now    func() time.Time
	styles styles.Styles
	inks   inks
	width  int
	height int
	offset int // first visible line when the form scrolls
}

// inks are the text styles the per-keystroke rendering uses, captured once.
type inks struct {
	label, labelFocus, value, muted, secret, detected, header styles.Ink
}

// New returns an empty form with the endpoint focused.
func New(st styles.Styles) Model {
	m := Model{network: device.NetworkOther, styles: st, now: time.Now, keys: DefaultKeyMap()}
	for f := Field(0); f < fieldCount; f++ {
		if f.isPicker() {
			continue
		}
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = specs[f].placeholder
		if f.isMasked() {
			in.EchoMode = textinput.EchoPassword
			in.EchoCharacter = '•'
		}
		m.rows[f].input = in
	}
	m.SetStyles(st)
	m.lists = [2][]row{{m.newListRow(listFields)}, {m.newListRow(listHeaders)}}
	m.rows[Endpoint].input.Focus()
	return m
}

// SetDemoAccountSecret pre-fills the F6 account-secret prompt with secret,
// the demo server's own (a demo value, not a credential); "" turns it off.
func (m *Model) SetDemoAccountSecret(secret string) { m.signSecret = secret }

// SetClock sets the clock the UID signing reads (tests).
func (m *Model) SetClock(now func() time.Time) { m.now = now }

// inputStyles are the text input styles for the current colours.
func (m *Model) inputStyles() textinput.Styles {
	st := m.styles
	ts := textinput.DefaultStyles(st.IsDark)
	ts.Focused.Text = st.Value
	ts.Blurred.Text = st.Value
	ts.Focused.Placeholder = st.Muted
	ts.Blurred.Placeholder = st.Muted
	ts.Cursor.Blink = false
	return ts
}

// SetStyles applies styles (after a background colour change).
func (m *Model) SetStyles(st styles.Styles) {
	m.styles = st
	m.inks = inks{
		label: styles.InkOf(st.Label), labelFocus: styles.InkOf(st.LabelFocus), value: styles.InkOf(st.Value),
		muted: styles.InkOf(st.Muted), secret: styles.InkOf(st.Secret), detected: styles.InkOf(st.Detected),
		header: styles.InkOf(st.Header),
	}
	ts := m.inputStyles()
	for f := range m.rows {
		if !Field(f).isPicker() {
			m.rows[f].input.SetStyles(ts)
		}
	}
	for l := range m.lists {
		for i := range m.lists[l] {
			m.lists[l][i].input.SetStyles(ts)
		}
	}
	if m.prompt != nil {
		m.prompt.input.SetStyles(ts)
	}
}

// SetSize sets the area the form draws in.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	ew := m.editWidth()
	for f := range m.rows {
		if !Field(f).isPicker() {
			m.rows[f].input.SetWidth(ew)
		}
	}
	for l := range m.lists {
		for i := range m.lists[l] {
			m.lists[l][i].input.SetWidth(ew)
		}
	}
	if m.prompt != nil {
		m.prompt.input.SetWidth(max(m.width-gutter-4, 1))
	}
	m.scrollToFocus()
}

// Focused is the field with the focus (FieldRow or HeaderRow on a row of
// the lists).
func (m *Model) Focused() Field { return m.fieldAt(m.pos) }

// FocusIsText reports whether the focused field takes typed text (so `?`
// is a character there, not the help key). An open prompt takes text.
func (m *Model) FocusIsText() bool { return m.prompt != nil || !m.Focused().isPicker() }

// IsLast reports whether the focus is on the last row.
func (m *Model) IsLast() bool { return m.pos == m.total()-1 }

// Revealed reports whether the client secret and UID signature are shown
// in clear.
func (m *Model) Revealed() bool { return m.revealed }

// ToggleReveal shows or hides the client secret and the UID signature.
func (m *Model) ToggleReveal() {
	m.revealed = !m.revealed
	mode := textinput.EchoPassword
	if m.revealed {
		mode = textinput.EchoNormal
	}
	m.rows[ClientSecret].input.EchoMode = mode
	m.rows[UIDSignature].input.EchoMode = mode
}

// Value is the text of a field (the picked name for Network and Encoding).
func (m *Model) Value(f Field) string {
	switch {
	case f == Network:
		return string(m.network)
	case f == Encoding:
		return string(m.encodingShown())
	case f < 0 || f >= fieldCount:
		return ""
	}
	return m.rows[f].input.Value()
}

// encodingShown is the picked encoding ("" is JSON).
func (m *Model) encodingShown() tokenclient.Encoding {
	if m.encoding == "" {
		return tokenclient.EncodingJSON
	}
	return m.encoding
}

// MarkOf reports where a field's value came from and the source text.
func (m *Model) MarkOf(f Field) (Mark, string) {
	if f < 0 || f >= fieldCount {
		return MarkNone, ""
	}
	return m.rows[f].mark, m.rows[f].source
}

// Problem is the validation problem shown on a field, "" when none. For
// FieldRow and HeaderRow it is the first problem among the list's rows.
func (m *Model) Problem(f Field) string {
	switch f {
	case FieldRow, HeaderRow:
		l := listFields
		if f == HeaderRow {
			l = listHeaders
		}
		for _, r := range m.lists[l] {
			if r.err != "" {
				return r.err
			}
		}
		return ""
	}
	if f < 0 || f >= fieldCount {
		return ""
	}
	return m.rows[f].err
}

// Warning is the non-blocking remark shown on a field, "" when none.
func (m *Model) Warning(f Field) string {
	if f < 0 || f >= fieldCount {
		return ""
	}
	return m.rows[f].warn
}

// DeviceInfoError is the decode error of the base64 field, "" when it decodes.
func (m *Model) DeviceInfoError() string { return m.b64Err }

// DeviceInfoVerbatim reports whether the device info is sent as given
// (pasted, loaded or from a preset) rather than as the canonical encoding
// of the four fields and the extra keys: the "verbatim" mark.
func (m *Model) DeviceInfoVerbatim() bool {
	return m.verbatim && m.b64Err == ""
}

// TakeNotice returns the form's message for the status line once ("" when
// none): a re-encoded device info, a filled signature, an import.
func (m *Model) TakeNotice() string {
	n := m.notice
	m.notice = ""
	return n
}

// NetworkType is the picked network type.
func (m *Model) NetworkType() device.NetworkType { return m.network }

// shape is how a request's body is written beyond its values.
type shape struct {
	jsonStyle           tokenclient.JSONStyle
	order, refreshOrder []string
}

// Endpoint is the base URL the request goes to.
func (m *Model) Endpoint() string { return m.Value(Endpoint) }

// Request is the token request the form describes, exactly as it will be
// sent: the device info is the base64 field's text; the signed-in user's
// fields, extra fields, headers, User-Agent, encoding, JSON spacing and
// field orders go on the issue request as on the refresh. Rows that do not parse are left out (and
// shown as problems).
func (m *Model) Request() tokenclient.TokenRequest {
	fields, headers, _, _, _ := m.listEntries()
	return tokenclient.TokenRequest{
		ClientKey:          m.Value(ClientKey),
		ClientSecret:       m.Value(ClientSecret),
		DeviceID:           m.Value(DeviceID),
		DeviceInfo:         m.Value(DeviceInfo),
		NetworkType:        m.network,
		UID:                m.Value(UID),
		UIDSignature:       m.Value(UIDSignature),
		SignatureTimestamp: m.Value(SignatureTimestamp),
		Fields:             fields,
		Headers:            headers,
		UserAgent:          m.Value(UserAgent),
		Encoding:           m.encoding,
		JSONStyle:          m.shape.jsonStyle,
		Order:              parts.CarriedOrder(m.shape.order, fields), // without extra fields removed in the form
		RefreshOrder:       parts.CarriedOrder(m.shape.refreshOrder, fields),
	}
}

// RefreshRequest is the refresh request for refreshToken built from the form.
func (m *Model) RefreshRequest(refreshToken string) tokenclient.RefreshRequest {
	return tokenclient.RefreshRequest{TokenRequest: m.Request(), RefreshToken: refreshToken}
}

// Load fills the form from a saved or initial profile: every field is
// replaced, marks and problems are cleared. A device info that is not the
// canonical encoding of its fields stays as given (the "verbatim" mark).
func (m *Model) Load(endpoint string, req tokenclient.TokenRequest) {
	m.set(Endpoint, endpoint)
	m.set(ClientKey, req.ClientKey)
	m.set(ClientSecret, req.ClientSecret)
	m.set(DeviceID, req.DeviceID)
	if req.NetworkType.Valid() {
		m.network = req.NetworkType
	}
	m.set(DeviceInfo, req.DeviceInfo)
	m.decodeDeviceInfo()
	m.set(UID, req.UID)
	m.set(UIDSignature, req.UIDSignature)
	m.set(SignatureTimestamp, req.SignatureTimestamp)
	m.set(UserAgent, req.UserAgent)
	m.encoding = req.Encoding
	m.shape = shape{req.JSONStyle, slices.Clone(req.Order), slices.Clone(req.RefreshOrder)}
	m.loadLists(req.Fields, req.Headers)
	for f := range m.rows {
		m.rows[f].mark, m.rows[f].source, m.rows[f].err = MarkNone, "", ""
	}
	m.checkDeviceID()
	m.clearHistory()
	m.snaps = nil
}

// loadLists replaces both lists' rows.
func (m *Model) loadLists(fields []tokenclient.Field, headers []tokenclient.Header) {
	l, _ := m.locate(m.pos)
	if l >= 0 {
		m.pos = int(fieldCount) - 1 // the focused row goes away
	}
	m.lists = [2][]row{}
	for _, f := range fields {
		r := m.newListRow(listFields)
		r.input.SetValue(sanitize.Line(formatFieldRow(f)))
		m.lists[listFields] = append(m.lists[listFields], r)
	}
	for _, h := range headers {
		r := m.newListRow(listHeaders)
		r.input.SetValue(sanitize.Line(formatHeaderRow(h)))
		m.lists[listHeaders] = append(m.lists[listHeaders], r)
	}
	m.tidyLists()
	if l >= 0 {
		m.focusPos(m.posOf(l, 0))
	}
}

// ApplyDetection fills the four device fields and the network type from
// detection and marks them detected, with their sources.
func (m *Model) ApplyDetection(d device.Detection) {
	m.setDevice(d.Info, MarkDetected, [4]string{d.Sources.Model, d.Sources.Version, d.Sources.OSName, d.Sources.OSVersion})
	if d.Network.Valid() {
		m.network = d.Network
		m.rows[Network].mark, m.rows[Network].source = MarkDetected, d.NetworkSource
	}
}

// ApplyMachine is the presets' "this machine": the detection alone, with
// no extra device-info keys kept from an earlier preset or paste.
func (m *Model) ApplyMachine(d device.Detection) {
	m.extra = nil
	d.Info.Extra = nil
	m.ApplyDetection(d)
}

// ApplyPreset fills the four device fields, the device info (the preset's
// JSON byte for byte, not a re-encoding) and the network type from a
// preset, and marks them with the preset's name and source.
func (m *Model) ApplyPreset(p device.Preset) {
	src := "preset " + p.Name + " · " + p.Source
	m.setDevice(p.Info, MarkPreset, [4]string{src, src, src, src})
	m.set(DeviceInfo, p.DeviceInfo())
	m.decodeDeviceInfo()
	m.rows[DeviceInfo].mark, m.rows[DeviceInfo].source = MarkPreset, src
	if p.Network.Valid() {
		m.network = p.Network
		m.rows[Network].mark, m.rows[Network].source, m.rows[Network].err = MarkPreset, src, ""
	}
}

// SetDeviceID replaces the device id (the generate key).
func (m *Model) SetDeviceID(id string) {
	m.set(DeviceID, id)
	m.rows[DeviceID].err = ""
	m.checkDeviceID()
}

// HasDeviceInfo reports whether any device field holds a value (so startup
// detection does not overwrite a loaded profile).
func (m *Model) HasDeviceInfo() bool {
	return m.Value(DeviceInfo) != ""
}

// setDevice writes info into the four fields (keeping its Extra), marks them
// and re-encodes the base64 field.
func (m *Model) setDevice(info device.Info, mark Mark, sources [4]string) {
	vals := [4]string{info.Model, info.Version, info.OSName, info.OSVersion}
	for n, f := range [4]Field{DeviceModel, DeviceVersion, OSName, OSVersion} {
		m.set(f, vals[n])
		m.rows[f].mark, m.rows[f].source, m.rows[f].err = mark, sources[n], ""
	}
	if info.Extra != nil {
		m.extra = info.Extra
	}
	m.encodeDeviceInfo()
	m.rows[DeviceInfo].mark, m.rows[DeviceInfo].source = MarkNone, ""
}

// set replaces a text field's value keeping the cursor at its end.
func (m *Model) set(f Field, v string) {
	if f.isPicker() || f < 0 || f >= fieldCount {
		return
	}
	// Values come from files and detection: no terminal controls (the
	// text input drops C0/C1 itself, not the bidi overrides).
	m.rows[f].input.SetValue(sanitize.Line(v))
	m.rows[f].input.CursorEnd()
}
