// Package preview renders what the form will send: the device JSON
// pretty-printed, its base64, and the exact HTTP request from
// tokenclient's Prepared (redacted unless the secret is revealed).
package preview

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/authdeck/authdeck/ui/pager"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/styles"
)

// vp is the pager the pane scrolls and searches in, embedded under this
// name so that its methods (ScrollDown, Search, Position, ...) are the
// pane's.
type vp = pager.Model

// Model is the preview pane: a scrollable view of the request.
type Model struct {
	styles styles.Styles
	vp     // scrolling and search: the pager's methods are the pane's
	// inputs of the last Set, kept so a style change can re-render.
	deviceInfo string
	prepared   *tokenclient.Prepared
	revealed   bool
	// refresh says the request is the /token/refresh one.
	refresh bool
}

// New returns an empty preview.
func New(st styles.Styles) Model {
	vp := pager.Model{Hard: true}
	vp.SetMatchStyles(styles.Match(st))
	return Model{styles: st, vp: vp}
}

// SetStyles applies styles and re-renders.
func (m *Model) SetStyles(st styles.Styles) {
	m.styles = st
	m.vp.SetMatchStyles(styles.Match(st))
	m.render()
}

// SetSize sets the area the preview draws in.
func (m *Model) SetSize(w, h int) {
	m.vp.SetSize(w, h)
	m.render()
}

// Set shows the base64 device info (as typed in the form) and the prepared
// request. The request's HTTP text is p.Redacted().HTTP(), or p.HTTP() when
// revealed: the same Prepared value that Send sends.
func (m *Model) Set(deviceInfo string, p *tokenclient.Prepared, revealed bool) {
	m.deviceInfo, m.prepared, m.revealed = deviceInfo, p, revealed
	m.render()
}

// SetRefresh says whether the next Set's request is the refresh request
// (its heading says so).
func (m *Model) SetRefresh(on bool) { m.refresh = on }

// render rebuilds the viewport content.
func (m *Model) render() {
	st := m.styles
	var b strings.Builder
	b.WriteString(st.Header.Render("Device info (JSON)") + "\n")
	if strings.TrimSpace(m.deviceInfo) == "" {
		b.WriteString(st.Muted.Render("(empty)") + "\n")
	} else if info, err := device.Decode(m.deviceInfo); err != nil {
		b.WriteString(st.Error.Render(styles.SymbolError+" "+sanitize.Line(err.Error())) + "\n")
	} else {
		var out bytes.Buffer
		if json.Indent(&out, info.JSON(), "", "  ") == nil {
			b.WriteString(styles.RenderLines(st.Code, sanitize.Text(strings.TrimRight(out.String(), "\n"))) + "\n")
		}
	}
	b.WriteString("\n" + st.Header.Render("deviceInfo (base64)") + "\n")
	if m.deviceInfo == "" {
		b.WriteString(st.Muted.Render("(empty)") + "\n")
	} else {
		b.WriteString(st.Code.Render(sanitize.Line(m.deviceInfo)) + "\n")
	}
	if m.refresh {
		b.WriteString("\n" + st.Header.Render("HTTP request · refresh") + " " + st.Muted.Render("(alt+r: issue)"))
	} else {
		b.WriteString("\n" + st.Header.Render("HTTP request"))
	}
	if m.revealed {
		b.WriteString(" " + st.Warning.Render(styles.SymbolWarning+" secret shown"))
	} else {
		b.WriteString(" " + st.Muted.Render("(secret masked)"))
	}
	b.WriteString("\n")
	if m.prepared == nil {
		b.WriteString(st.Muted.Render("(no request)"))
	} else {
		p := m.prepared
		if !m.revealed {
			p = p.Redacted()
		}
		b.WriteString(styles.RenderLines(st.Code, sanitize.Text(strings.TrimRight(p.HTTP(), "\n"))))
	}
	m.vp.SetContent(b.String())
}
