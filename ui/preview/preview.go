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

// Model is the preview pane: a scrollable view of the request.
type Model struct {
	styles styles.Styles
	vp     pager.Model
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

// ScrollDown and friends move the view (the root routes page keys here).
func (m *Model) ScrollDown(n int) { m.vp.ScrollDown(n) }

// ScrollUp scrolls the preview up by n lines.
func (m *Model) ScrollUp(n int) { m.vp.ScrollUp(n) }

// PageDown scrolls the preview a page down.
func (m *Model) PageDown() { m.vp.PageDown() }

// PageUp scrolls the preview a page up.
func (m *Model) PageUp() { m.vp.PageUp() }

// Content is the preview's full text (tests use it).
func (m *Model) Content() string { return m.vp.Content() }

// View renders the visible part.
func (m *Model) View() string { return m.vp.View() }

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

// Search finds q in the pane (case-insensitive) and scrolls to the first
// match; "" clears it. It returns the number of matches.
func (m *Model) Search(q string) int { return m.vp.Search(q) }

// Query is the text searched for, "" when none.
func (m *Model) Query() string { return m.vp.Query() }

// Matches is the number of matches and the current one (from 1).
func (m *Model) Matches() (n, current int) { return m.vp.Matches() }

// NextMatch moves to the next match.
func (m *Model) NextMatch() { m.vp.NextMatch() }

// PrevMatch moves to the previous match.
func (m *Model) PrevMatch() { m.vp.PrevMatch() }

// Indicator is the scroll position and search state for the pane's title.
func (m *Model) Indicator() string { return m.vp.Indicator() }

// GotoTop scrolls to the start.
func (m *Model) GotoTop() { m.vp.GotoTop() }

// GotoBottom scrolls to the end.
func (m *Model) GotoBottom() { m.vp.GotoBottom() }

// Position is the visible lines (first and last, from 1) of total; all is
// true when everything fits.
func (m *Model) Position() (first, last, total int, all bool) { return m.vp.Position() }
