package form

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/curlimport"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// promptKind is which question the form asks.
type promptKind int

const (
	promptSign promptKind = iota + 1 // the account secret, to sign the UID
	promptCurl                       // a "copy as cURL" line to import
)

// prompt is an open question shown at the top of the form.
type prompt struct {
	kind promptKind
	// input takes the account secret (masked, never rendered in clear).
	input textinput.Model
	// pasted is the curl text as pasted, line breaks kept (a textinput
	// would join the lines and break the backslash continuations).
	pasted string
	uid    string // the UID being signed
	err    string
}

// SignedMsg is the result of signing the form's UID: the signature and
// timestamp, or the error (which never quotes the secret).
type SignedMsg struct {
	UID, Signature, Timestamp string
	Err                       error
}

// signCmd signs uid with the account secret in a command: the secret lives
// only in this closure and is dropped when it returns.
func signCmd(secret, uid string, now func() time.Time) tea.Cmd {
	return func() tea.Msg {
		sig, ts, err := tokenclient.SignUID(secret, uid, now())
		return SignedMsg{UID: uid, Signature: sig, Timestamp: ts, Err: err}
	}
}

// openSign opens the account-secret prompt for the form's UID.
func (m *Model) openSign() tea.Cmd {
	uid := strings.TrimSpace(m.Value(UID))
	if uid == "" {
		m.notice = "enter the signed-in user's UID first, then " + keyName(m.keys.Sign) + " signs it"
		return m.FocusField(UID)
	}
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "account secret, base64 (never shown or kept)"
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.SetStyles(m.inputStyles())
	in.SetWidth(max(m.width-gutter-4, 1))
	in.SetValue(m.signSecret)
	m.prompt = &prompt{kind: promptSign, input: in, uid: uid}
	m.blurCurrent()
	m.offset = 0
	return m.prompt.input.Focus()
}

// openImport opens the curl prompt.
func (m *Model) openImport() tea.Cmd {
	m.prompt = &prompt{kind: promptCurl}
	m.blurCurrent()
	m.offset = 0
	return nil
}

// closePrompt closes the prompt, dropping what was typed into it.
func (m *Model) closePrompt() tea.Cmd {
	if m.prompt != nil {
		m.prompt.input.SetValue("")
		m.prompt = nil
	}
	m.scrollToFocus()
	if m.fieldAt(m.pos).isPicker() {
		return nil
	}
	return m.rowAt(m.pos).input.Focus()
}

// updatePrompt handles a message while a prompt is open.
func (m *Model) updatePrompt(msg tea.Msg, keys KeyMap) tea.Cmd {
	p := m.prompt
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, keys.Cancel):
			return m.closePrompt()
		case key.Matches(k, keys.Submit):
			if p.kind == promptSign {
				secret, uid := p.input.Value(), p.uid
				focus := m.closePrompt()
				m.notice = "signing the UID…"
				return tea.Batch(focus, signCmd(secret, uid, m.now))
			}
			return m.importPasted()
		}
	}
	if p.kind == promptSign {
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		return cmd
	}
	switch msg := msg.(type) {
	case tea.PasteMsg:
		p.err = ""
		if len(p.pasted)+len(msg.Content) > curlimport.MaxInput {
			p.err = tooLongText(len(p.pasted) + len(msg.Content))
			return nil
		}
		p.pasted += curlimport.NormalizeNewlines(msg.Content)
	case tea.KeyPressMsg:
		p.err = ""
		switch {
		case msg.Code == tea.KeyBackspace && p.pasted != "":
			_, n := utf8.DecodeLastRuneInString(p.pasted)
			p.pasted = p.pasted[:len(p.pasted)-n]
		case msg.Text != "" && len(p.pasted)+len(msg.Text) > curlimport.MaxInput:
			p.err = tooLongText(len(p.pasted) + len(msg.Text))
		case msg.Text != "":
			p.pasted += msg.Text
		}
	}
	return nil
}

// tooLongText refuses a paste that would make the curl text n bytes, over
// curlimport.MaxInput; what was pasted before it is kept.
func tooLongText(n int) string {
	return fmt.Sprintf("that paste is not taken: it makes %d bytes, over the 1 MiB limit of a curl line; "+
		"copy only the one token call (Copy as cURL (bash)), or esc and paste again", n)
}

// importPasted parses the pasted curl line and fills the form from it.
func (m *Model) importPasted() tea.Cmd {
	p := m.prompt
	if strings.TrimSpace(p.pasted) == "" {
		p.err = "nothing pasted yet: paste the command devtools copied (Copy as cURL (bash))"
		return nil
	}
	imp, err := curlimport.Parse(p.pasted)
	if err != nil {
		p.err = err.Error()
		return nil
	}
	m.closePrompt()
	m.applyImport(imp)
	return nil
}

// applyImport fills the form from an imported call: everything the line
// gives; the client key, secret, device id, device info and network type
// keep their values when the line has none. Nothing is saved.
func (m *Model) applyImport(imp curlimport.Imported) {
	r, cur := imp.Request, m.Request()
	keep := func(v *string, old string) {
		if *v == "" {
			*v = old
		}
	}
	keep(&r.ClientKey, cur.ClientKey)
	keep(&r.ClientSecret, cur.ClientSecret)
	keep(&r.DeviceID, cur.DeviceID)
	keep(&r.DeviceInfo, cur.DeviceInfo)
	if r.NetworkType == "" {
		r.NetworkType = cur.NetworkType
	}
	m.Load(imp.BaseURL, r)
	var left []string
	for _, d := range imp.Dropped {
		name, _, _ := strings.Cut(d, ":")
		left = append(left, name)
	}
	n := fmt.Sprintf("imported from curl: %d extra field(s), %d header(s), %s body", len(r.Fields), len(r.Headers), m.encodingShown())
	if m.DeviceInfoVerbatim() {
		n += ", device info verbatim"
	}
	if len(left) > 0 {
		n += "; left out: " + strings.Join(left, ", ")
	}
	m.notice = sanitize.Line(n + " — not saved until you save")
}

// signed fills the signature and timestamp from a signing result.
func (m *Model) signed(s SignedMsg) {
	switch {
	case s.Err != nil:
		m.notice = "could not sign the UID: " + s.Err.Error()
	case strings.TrimSpace(m.Value(UID)) != s.UID:
		m.notice = "the UID changed while signing; press " + keyName(m.keys.Sign) + " again to sign the new one"
	default:
		m.set(UIDSignature, s.Signature)
		m.set(SignatureTimestamp, s.Timestamp)
		m.rows[UIDSignature].err, m.rows[SignatureTimestamp].err = "", ""
		m.notice = "UID signature and timestamp filled for " + sanitize.Line(s.UID) + " (signed at " + s.Timestamp + ")"
	}
}

// promptLines renders the open prompt.
func (m *Model) promptLines() []string {
	p := m.prompt
	st := m.styles
	ind := strings.Repeat(" ", gutter)
	var out []string
	switch p.kind {
	case promptSign:
		out = append(out,
			m.inks.header.Paint("Sign UID "+sanitize.Line(p.uid)),
			ind+m.inks.labelFocus.Paint("Account secret ")+p.input.View(),
			ind+st.Muted.Render("enter signs (HMAC-SHA1 of <time>_<uid>) · esc cancels · the secret is not kept"))
		if m.signSecret != "" && p.input.Value() == m.signSecret {
			out = append(out, ind+st.Muted.Render("filled in: the demo server's account secret"))
		}
	case promptCurl:
		got := m.inks.muted.Paint("paste the token call as devtools copies it (Copy as cURL (bash))")
		if p.pasted != "" {
			// Never the text itself: it holds the client secret.
			got = m.inks.value.Paint(fmt.Sprintf("%d characters, %d line(s) pasted", utf8.RuneCountInString(p.pasted), strings.Count(strings.TrimRight(p.pasted, "\n"), "\n")+1))
		}
		out = append(out, m.inks.header.Paint("Import a curl command"), ind+got)
		if p.err != "" {
			out = append(out, m.noteLines(st.Error, "✗ "+sanitize.Line(p.err))...)
		}
		out = append(out, ind+st.Muted.Render("enter fills the form (nothing is saved until you save) · esc cancels"))
	}
	return append(out, "")
}
