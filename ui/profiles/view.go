package profiles

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/tokens"
	"github.com/authdeck/authdeck/ui/styles"
)

// List layout constants.
const (
	markW = 2 // "›●"
	gap   = "  "
	// minHostW is the host's share that the optional columns give way to
	// a long name for.
	minHostW = 12
	// headLines is the title, the filter (or history subtitle) and the
	// column headings.
	headLines = 3
)

// columns is the list layout for one width: 0 hides a column.
type columns struct {
	name, host, key, net, token, secret int
	// check is the CHECK column, shown once a check was started.
	check int
	// fits is true when a row is at most the pane's width, so rows need
	// no measuring afterwards.
	fits bool
}

// layout fits the columns into width w: the other columns as wide as
// their widest cell (see cellWidths; network and secrets dropped on
// narrow panes), then the name gets what is left, up to its widest value,
// and the host the rest.
func (m Model) layout(w int) columns {
	cw := m.ix.cells
	c := columns{key: cw.keyColW(), net: cw.netColW(), token: cw.tokenColW(m.now), secret: cw.secretColW()}
	if m.hasCheck() {
		c.check = m.checkColW()
	}
	fixed := func() int {
		n := markW + 1 + len(gap) + len(gap) + c.key + len(gap) + c.token
		if c.check > 0 {
			n += len(gap) + c.check
		}
		if c.net > 0 {
			n += len(gap) + c.net
		}
		if c.secret > 0 {
			n += len(gap) + c.secret
		}
		return n
	}
	if w-fixed() < 30 {
		c.net = 0
	}
	if w-fixed() < 20 {
		c.secret = 0
	}
	nameW, hostW := max(m.ix.nameW, 4), max(m.ix.hostW, 4)
	// The name is what a row is known by: the secrets, then the network
	// column give way before it is cut (the host keeps a few cells).
	for _, col := range []*int{&c.secret, &c.net} {
		if nameW+min(hostW, minHostW) <= w-fixed() {
			break
		}
		*col = 0
	}
	rest := max(w-fixed(), 2)
	c.fits = fixed()+rest <= w
	if nameW+hostW <= rest {
		c.name, c.host = nameW, hostW
		return c
	}
	// The host keeps room for its heading; the name takes the rest.
	c.name = min(nameW, max(rest-len("HOST"), 1))
	c.host = rest - c.name
	return c
}

// View renders the pane: exactly the height given to SetSize, no line
// wider than its width. Only the visible rows are formatted.
func (m Model) View() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	foot := m.footer(w)
	lines := make([]string, 0, h)
	// Every line is measured and cut to w, except the table rows: they
	// are built to fit.
	var rows int
	switch {
	case m.mode == modeHistory && m.histDetail:
		lines = m.detailView(lines, w, h-len(foot))
	case m.mode == modeHistory:
		lines = m.historyView(lines, w, h-len(foot))
	case m.compact:
		lines, rows = m.compactListView(lines, w, h-len(foot))
	default:
		lines, rows = m.listView(lines, w, h-len(foot))
	}
	for i := range lines {
		if (i < headLines || i >= headLines+rows) && cellWidth(lines[i]) > w {
			lines[i] = ansi.Truncate(lines[i], w, "…")
		}
	}
	for len(lines) < h-len(foot) {
		lines = append(lines, "")
	}
	for i, l := range foot {
		if cellWidth(l) > w {
			foot[i] = ansi.Truncate(l, w, "…")
		}
	}
	lines = append(lines[:min(len(lines), h-len(foot))], foot...)
	return strings.Join(lines, "\n")
}

// title is the first line: the pane name, the count and the loaded profile.
func (m Model) title(w int) string {
	st := m.styles
	n := len(m.profiles)
	count := strconv.Itoa(n) + " profiles"
	switch {
	case n == 0:
		count = "none saved"
	case n == 1:
		count = "1 profile"
	}
	if m.match.query != "" {
		count = strconv.Itoa(len(m.match.matches)) + " of " + strconv.Itoa(n)
	}
	left := st.Title.Render("Profiles") + st.Muted.Render(" · "+count)
	var right string
	switch {
	case m.loaded == "" && m.dirty:
		right = st.Muted.Render("form: new profile, ") + st.Warning.Render("not saved")
	case m.loaded == "":
		right = st.Muted.Render("form: new profile")
	case m.dirty:
		right = st.Muted.Render("loaded: ") + st.Value.Render(sanitize.Line(m.loaded)) + st.Warning.Render(" · unsaved edits")
	default:
		right = st.Muted.Render("loaded: ") + st.Value.Render(sanitize.Line(m.loaded))
	}
	return spread(left, right, w)
}

// listView appends the title, filter, headings and visible rows (at most h
// lines in all); rows is how many table rows it appended after the
// headLines (each at most w wide).
func (m Model) listView(lines []string, w, h int) (_ []string, rows int) {
	lines = append(lines, m.title(w), m.filter.View())
	c := m.layout(w)
	head := "   " + pad("NAME", c.name) + gap + pad("HOST", c.host) + gap + pad("CLIENT KEY", c.key)
	if c.net > 0 {
		head += gap + pad("NETWORK", c.net)
	}
	head += gap + pad("TOKEN", c.token)
	if c.check > 0 {
		head += gap + pad("CHECK", c.check)
	}
	if c.secret > 0 {
		head += gap + pad("SECRETS", c.secret)
	}
	if len(m.profiles) == 0 {
		return append(append(lines, ""), m.emptyLines(w)...), 0
	}
	lines = append(lines, m.look.colHead.Render(strings.TrimRight(head, " ")))
	if len(m.match.matches) == 0 {
		return append(lines, m.emptyLines(w)...), 0
	}
	end := min(m.offset+max(h-headLines, 0), len(m.match.matches))
	var b strings.Builder
	for i := m.offset; i < end; i++ {
		b.Reset()
		b.Grow(w + 96)
		m.row(&b, int(m.match.matches[i]), i == m.cursor, c)
		l := b.String()
		if !c.fits {
			l = ansi.Truncate(l, w, "…")
		}
		lines = append(lines, l)
	}
	return lines, end - m.offset
}

// emptyLines explains an empty list.
func (m Model) emptyLines(w int) []string {
	st := m.styles
	switch {
	case m.err != nil && len(m.profiles) == 0:
		return []string{"", st.Muted.Render("  No profiles to show: the store could not be read (see below).")}
	case len(m.profiles) == 0:
		return []string{
			"",
			st.Value.Render("  No saved profiles yet."),
			st.Muted.Render(wrap("  Press "+m.keys.SaveAs.Help().Key+" to save the form as a profile, or "+
				m.keys.New.Help().Key+" to start a new one.", w)),
		}
	default:
		return []string{
			"",
			st.Value.Render("  No profile matches \"" + m.filter.Value() + "\"."),
			st.Muted.Render("  " + m.keys.Back.Help().Key + " clears the filter."),
		}
	}
}

// row writes one profile's line. The selected row is one inverted bar;
// the others colour the token status and mark secrets kept in a file.
func (m Model) row(b *strings.Builder, pi int, selected bool, c columns) {
	lk := &m.look
	p := &m.profiles[pi]
	switch {
	case selected && p.Name == m.loaded:
		b.WriteString("›●")
	case selected:
		b.WriteString("› ")
	case p.Name == m.loaded:
		b.WriteString(" ")
		lk.mark.text(b, "●")
	default:
		b.WriteString("  ")
	}
	status := tokens.TokenStatus(p.Token, m.now)
	secret := secretCell(p.SecretStore)
	if selected {
		b.WriteString(lk.selected.pre)
		b.WriteString(" ")
		writePadded(b, p.Name, c.name)
		b.WriteString(gap)
		writePadded(b, m.ix.hosts[pi], c.host)
		b.WriteString(gap)
		writePadded(b, tokenclient.MaskKey(p.ClientKey), c.key)
		if c.net > 0 {
			b.WriteString(gap)
			writePadded(b, string(p.NetworkType), c.net)
		}
		b.WriteString(gap)
		writePadded(b, status, c.token)
		if c.check > 0 {
			text, _ := m.checkCell(p.Name)
			b.WriteString(gap)
			writePadded(b, text, c.check)
		}
		if c.secret > 0 {
			b.WriteString(gap)
			writePadded(b, secret, c.secret)
		}
		b.WriteString(lk.selected.post)
		return
	}
	b.WriteString(" ")
	lk.value.cell(b, p.Name, c.name)
	b.WriteString(gap)
	b.WriteString(lk.muted.pre)
	writePadded(b, m.ix.hosts[pi], c.host)
	b.WriteString(gap)
	writePadded(b, tokenclient.MaskKey(p.ClientKey), c.key)
	if c.net > 0 {
		b.WriteString(gap)
		writePadded(b, string(p.NetworkType), c.net)
	}
	b.WriteString(lk.muted.post)
	b.WriteString(gap)
	switch {
	case p.Token == nil:
		lk.muted.cell(b, status, c.token)
	case status == "expired":
		lk.bad.cell(b, status, c.token)
	default:
		lk.ok.cell(b, status, c.token)
	}
	if c.check > 0 {
		b.WriteString(gap)
		m.writeCheckCell(b, p.Name, c.check)
	}
	if c.secret > 0 {
		b.WriteString(gap)
		if p.SecretStore == store.SecretFile {
			lk.warn.text(b, secret)
		} else {
			lk.muted.text(b, secret)
		}
	}
}

// footer is the bottom lines: a name prompt, a confirmation, or the error,
// warning or notice, under a rule; nil when there is nothing to say. It is
// at most half the height.
func (m Model) footer(w int) []string {
	st := m.styles
	var parts []string
	switch m.mode {
	case modePrompt:
		q := "Save the form as a new profile:"
		switch m.prompt {
		case promptRename:
			q = "Rename \"" + m.promptFor + "\" to:"
		case promptDuplicate:
			q = "Duplicate \"" + m.promptFor + "\" as:"
		}
		parts = append(parts, st.Header.Render(q), m.nameInput.View())
		if m.promptErr != "" {
			parts = append(parts, wrap(st.Error.Render(styles.SymbolError+" "+sanitize.Line(m.promptErr)), w))
		} else {
			parts = append(parts, st.Muted.Render("letters, digits, '.', '_' or '-' · enter to save · esc to cancel"))
		}
	case modeConfirm:
		parts = append(parts, m.confirm.View(w))
	default:
		if l := m.checkLine(); l != "" {
			parts = append(parts, wrap(st.Muted.Render(l), w))
		}
		switch {
		case m.err != nil:
			what, todo := describe(m.err, m.keys.Repair.Help().Key)
			parts = append(parts, wrap(st.Error.Render(styles.SymbolError+" "+sanitize.Text(what)), w))
			if todo != "" {
				parts = append(parts, wrap(st.Value.Render(sanitize.Text(todo)), w))
			}
		case m.warn != "":
			parts = append(parts, wrap(st.Warning.Render(styles.SymbolWarning+" "+sanitize.Text(m.warn)), w))
		case m.notice != "":
			parts = append(parts, wrap(st.Success.Render(styles.SymbolOK+" "+sanitize.Text(m.notice)), w))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	lines := append([]string{m.look.rule.Render(strings.Repeat("─", w))}, strings.Split(strings.Join(parts, "\n"), "\n")...)
	if limit := min(max(m.height/2, 2), m.height); len(lines) > limit {
		lines = lines[len(lines)-limit:]
	}
	return lines
}

// listRows is how many profile rows fit.
func (m Model) listRows() int {
	return (m.height - len(m.footer(m.width)) - headLines) / m.rowHeight()
}

// spaces is padding for writePadded.
const spaces = "                                                                                "

// writePadded writes s cut or padded to exactly w cells.
func writePadded(b *strings.Builder, s string, w int) {
	if w <= 0 {
		return
	}
	s = sanitize.Line(s) // names, hosts, keys come from a file
	sw := cellWidth(s)
	if sw > w {
		b.WriteString(ansi.Truncate(s, w, "…"))
		return
	}
	b.WriteString(s)
	for n := w - sw; n > 0; n -= len(spaces) {
		b.WriteString(spaces[:min(n, len(spaces))])
	}
}

// pad cuts or pads s to exactly w cells.
func pad(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = sanitize.Line(s) // history errors come from a server
	sw := cellWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	if sw == w {
		return s
	}
	return s + strings.Repeat(" ", w-sw)
}

// spread puts left and right on one line of width w (right is dropped when
// it does not fit).
func spread(left, right string, w int) string {
	gapW := w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if right == "" || gapW < 2 {
		return left
	}
	return left + strings.Repeat(" ", gapW) + right
}
