// Package form is the console's credential form: endpoint, client key and
// secret, device id, the four device-info fields with their detection marks,
// the network type picker, the device-info base64 kept in sync both ways,
// and the optional refresh fields. It builds the one TokenRequest that the
// preview shows and the client sends.
package form

import (
	"charm.land/bubbles/v2/textinput"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/sanitize"
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
	input  textinput.Model // unused for Network
	mark   Mark
	source string // where a marked value came from, shown on focus
	err    string // the validation problem shown under the field
	warn   string // a non-blocking remark (device id not a UUID)
}

// Model is the form. The zero value is not usable; call New.
type Model struct {
	rows     [fieldCount]row
	network  device.NetworkType
	focus    Field
	revealed bool
	// extra holds device-info keys beyond the four, kept across edits.
	extra []device.ExtraField
	// b64Err is the decode problem of the base64 field, "" when it decodes.
	b64Err string
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
	m := Model{network: device.NetworkOther, styles: st}
	for f := Field(0); f < fieldCount; f++ {
		if f == Network {
			continue
		}
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = specs[f].placeholder
		if f == ClientSecret {
			in.EchoMode = textinput.EchoPassword
			in.EchoCharacter = '•'
		}
		m.rows[f].input = in
	}
	m.SetStyles(st)
	m.rows[Endpoint].input.Focus()
	return m
}

// SetStyles applies styles (after a background colour change).
func (m *Model) SetStyles(st styles.Styles) {
	m.styles = st
	m.inks = inks{
		label: styles.InkOf(st.Label), labelFocus: styles.InkOf(st.LabelFocus), value: styles.InkOf(st.Value),
		muted: styles.InkOf(st.Muted), secret: styles.InkOf(st.Secret), detected: styles.InkOf(st.Detected),
		header: styles.InkOf(st.Header),
	}
	ts := textinput.DefaultStyles(st.IsDark)
	ts.Focused.Text = st.Value
	ts.Blurred.Text = st.Value
	ts.Focused.Placeholder = st.Muted
	ts.Blurred.Placeholder = st.Muted
	ts.Cursor.Blink = false
	for f := range m.rows {
		if Field(f) == Network {
			continue
		}
		m.rows[f].input.SetStyles(ts)
	}
}

// SetSize sets the area the form draws in.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	iw := m.inputWidth()
	for f := range m.rows {
		if Field(f) != Network {
			m.rows[f].input.SetWidth(max(iw-1, 1)) // one cell for the cursor
		}
	}
	m.scrollToFocus()
}

// Focused is the field with the focus.
func (m *Model) Focused() Field { return m.focus }

// FocusIsText reports whether the focused field takes typed text (so `?`
// is a character there, not the help key).
func (m *Model) FocusIsText() bool { return m.focus != Network }

// IsLast reports whether the focus is on the last field.
func (m *Model) IsLast() bool { return m.focus == fieldCount-1 }

// Revealed reports whether the client secret is shown in clear.
func (m *Model) Revealed() bool { return m.revealed }

// ToggleReveal shows or hides the client secret.
func (m *Model) ToggleReveal() {
	m.revealed = !m.revealed
	if m.revealed {
		m.rows[ClientSecret].input.EchoMode = textinput.EchoNormal
	} else {
		m.rows[ClientSecret].input.EchoMode = textinput.EchoPassword
	}
}

// Value is the text of a field (the network type's name for Network).
func (m *Model) Value(f Field) string {
	if f == Network {
		return string(m.network)
	}
	if f < 0 || f >= fieldCount {
		return ""
	}
	return m.rows[f].input.Value()
}

// MarkOf reports where a field's value came from and the source text.
func (m *Model) MarkOf(f Field) (Mark, string) {
	return m.rows[f].mark, m.rows[f].source
}

// Problem is the validation problem shown on a field, "" when none.
func (m *Model) Problem(f Field) string { return m.rows[f].err }

// Warning is the non-blocking remark shown on a field, "" when none.
func (m *Model) Warning(f Field) string { return m.rows[f].warn }

// DeviceInfoError is the decode error of the base64 field, "" when it decodes.
func (m *Model) DeviceInfoError() string { return m.b64Err }

// NetworkType is the picked network type.
func (m *Model) NetworkType() device.NetworkType { return m.network }

// Endpoint is the base URL the request goes to.
func (m *Model) Endpoint() string { return m.Value(Endpoint) }

// Request is the token request the form describes, exactly as it will be
// sent: the device info is the base64 field's text.
func (m *Model) Request() tokenclient.TokenRequest {
	return tokenclient.TokenRequest{
		ClientKey:    m.Value(ClientKey),
		ClientSecret: m.Value(ClientSecret),
		DeviceID:     m.Value(DeviceID),
		DeviceInfo:   m.Value(DeviceInfo),
		NetworkType:  m.network,
	}
}

// RefreshRequest is the refresh request for refreshToken built from the form.
func (m *Model) RefreshRequest(refreshToken string) tokenclient.RefreshRequest {
	rr := tokenclient.RefreshRequest{TokenRequest: m.Request(), RefreshToken: refreshToken}
	rr.UID, rr.UIDSignature, rr.SignatureTimestamp = m.Value(UID), m.Value(UIDSignature), m.Value(SignatureTimestamp)
	return rr
}

// Load fills the form from a saved or initial profile: every field is
// replaced, marks and problems are cleared.
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
	for f := range m.rows {
		m.rows[f].mark, m.rows[f].source, m.rows[f].err = MarkNone, "", ""
	}
	m.checkDeviceID()
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

// ApplyPreset fills the four device fields from a preset and marks them.
func (m *Model) ApplyPreset(p device.Preset) {
	src := "preset " + p.Name
	if p.Description != "" {
		src += ": " + p.Description
	}
	m.setDevice(p.Info, MarkPreset, [4]string{src, src, src, src})
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
}

// set replaces a text field's value keeping the cursor at its end.
func (m *Model) set(f Field, v string) {
	if f == Network {
		return
	}
	// Values come from files and detection: no terminal controls (the
	// text input drops C0/C1 itself, not the bidi overrides).
	m.rows[f].input.SetValue(sanitize.Line(v))
	m.rows[f].input.CursorEnd()
}
