package profiles

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/tokens"
	"github.com/authdeck/authdeck/ui/styles"
)

// History columns.
const (
	timeW   = 19 // "2006-01-02 15:04:05"
	kindW   = 7  // "refresh"
	statusW = 6  // "✓ 200", "✗ none"
	durW    = 8  // "9999ms", "12.3s"
)

// historyView appends the history of the profile shown (newest first): a
// title, a summary of the profile, headings and the visible entries.
func (m Model) historyView(lines []string, w, h int) []string {
	st := m.styles
	p, _ := m.find(m.histName)
	n := len(m.history)
	calls := strconv.Itoa(n) + " calls, newest first"
	if n == 1 {
		calls = "1 call"
	}
	lines = append(lines, spread(st.Title.Render("History")+st.Muted.Render(" · ")+st.Value.Render(sanitize.Line(p.Name)),
		st.Muted.Render(calls), w))
	lines = append(lines, st.Muted.Render(sanitize.Line(p.EndpointHost()+" · "+tokenclient.MaskKey(p.ClientKey)+" · token "+tokens.TokenStatus(p.Token, m.now))))
	lines = append(lines, m.look.colHead.Render(pad("TIME", timeW)+gap+pad("KIND", kindW)+gap+
		pad("STATUS", statusW)+gap+pad("DURATION", durW)+gap+"ERROR"))
	if !m.histLoaded {
		return append(lines, "", st.Muted.Render("Loading the history…"))
	}
	if n == 0 {
		return append(lines, "", st.Muted.Render("No calls recorded yet: a token issued or refreshed with this profile shows up here."))
	}
	loc := m.now.Location()
	errW := max(w-timeW-kindW-statusW-durW-4*len(gap), 1)
	end := min(m.histOffset+max(h-headLines, 0), n)
	for i := m.histOffset; i < end; i++ {
		e := m.history[i]
		if i == m.histCursor {
			// The selected entry is one plain inverted bar.
			line := pad(e.Time.In(loc).Format("2006-01-02 15:04:05"), timeW) + gap + pad(e.Kind, kindW) + gap +
				pad(statusText(e), statusW) + gap + pad(duration(e.Duration), durW)
			if e.Error != "" {
				line += gap + pad(e.Error, errW)
			}
			lines = append(lines, m.look.selected.pre+pad(line, w)+m.look.selected.post)
			continue
		}
		line := st.Muted.Render(pad(e.Time.In(loc).Format("2006-01-02 15:04:05"), timeW)) + gap +
			st.Value.Render(pad(e.Kind, kindW)) + gap + statusCell(st, e) + gap +
			st.Muted.Render(pad(duration(e.Duration), durW))
		if e.Error != "" {
			line += gap + st.Error.Render(pad(e.Error, errW))
		}
		lines = append(lines, line)
	}
	return lines
}

// statusText is an entry's HTTP status with a symbol: "✓ 200", "✗ 401",
// "✗ none" when no response came.
func statusText(e store.HistoryEntry) string {
	switch {
	case e.Status == 0:
		return styles.SymbolError + " none"
	case e.Status < 300 && e.Error == "":
		return styles.SymbolOK + " " + strconv.Itoa(e.Status)
	default:
		return styles.SymbolError + " " + strconv.Itoa(e.Status)
	}
}

// statusCell is statusText in its colour.
func statusCell(st styles.Styles, e store.HistoryEntry) string {
	s := pad(statusText(e), statusW)
	if e.Status != 0 && e.Status < 300 && e.Error == "" {
		return st.StatusOK.Render(s)
	}
	return st.Error.Render(s)
}

// duration is a call's duration: "182ms" under 10 s, "12.3s" above.
func duration(d time.Duration) string {
	if d < 10*time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
}

// SetHistory gives the pane the history of profile name, newest first (the
// answer to a HistoryMsg). A history for a profile no longer shown is
// dropped.
func (m *Model) SetHistory(name string, entries []store.HistoryEntry) {
	if m.mode != modeHistory || m.histName != name {
		return
	}
	m.history, m.histLoaded = entries, true
	m.histOffset = min(m.histOffset, max(len(entries)-1, 0))
	m.clampHistory()
}

// clampHistory keeps the selected entry in the history and on screen.
func (m *Model) clampHistory() {
	n := len(m.history)
	m.histCursor = min(max(m.histCursor, 0), max(n-1, 0))
	if n == 0 {
		m.histDetail = false
	}
	rows := max(m.historyRows(), 1)
	if m.histCursor < m.histOffset {
		m.histOffset = m.histCursor
	}
	if m.histCursor >= m.histOffset+rows {
		m.histOffset = m.histCursor - rows + 1
	}
	m.histOffset = min(max(m.histOffset, 0), max(n-rows, 0))
}

// HistorySelected is the selected history entry, when the history is shown
// and not empty.
func (m Model) HistorySelected() (store.HistoryEntry, bool) {
	if m.mode != modeHistory || m.histCursor >= len(m.history) {
		return store.HistoryEntry{}, false
	}
	return m.history[m.histCursor], true
}

// maxErrorLines is how many lines of a call's error the details show.
const maxErrorLines = 6

// detailView appends the details of the selected history entry: when, what,
// the outcome, the request id and endpoint, an excerpt of the error (all
// sanitised: they come from a server and a file), and what loading does.
func (m Model) detailView(lines []string, w, h int) []string {
	st := m.styles
	e, ok := m.HistorySelected()
	if !ok {
		return append(lines, st.Muted.Render("No call selected."))
	}
	p, _ := m.find(m.histName)
	n := strconv.Itoa(m.histCursor+1) + " of " + strconv.Itoa(len(m.history))
	lines = append(lines, spread(st.Title.Render("Call")+st.Muted.Render(" · ")+st.Value.Render(sanitize.Line(p.Name)),
		st.Muted.Render(n), w), "")
	field := func(label, value string, style func(...string) string) {
		lines = append(lines, st.Label.Render(pad(label, 11))+style(sanitize.Line(value)))
	}
	loc := m.now.Location()
	or := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}
	field("Time", e.Time.In(loc).Format("2006-01-02 15:04:05 MST")+" ("+tokens.Ago(m.now.Sub(e.Time))+")", st.Value.Render)
	field("Kind", e.Kind, st.Value.Render)
	status := statusText(e)
	if e.Status == 0 {
		status += " (no response)"
	}
	if e.Status != 0 && e.Status < 300 && e.Error == "" {
		field("Status", status, st.StatusOK.Render)
	} else {
		field("Status", status, st.Error.Render)
	}
	field("Duration", duration(e.Duration), st.Value.Render)
	field("Request ID", or(e.RequestID), st.Value.Render)
	field("Endpoint", or(e.Endpoint), st.Value.Render)
	if e.Error != "" {
		lines = append(lines, st.Label.Render("Error"))
		text := strings.Split(wrap(sanitize.Text(e.Error), max(w-2, 10)), "\n")
		if len(text) > maxErrorLines {
			text = append(text[:maxErrorLines-1], "…")
		}
		for _, l := range text {
			lines = append(lines, "  "+st.Error.Render(l))
		}
	}
	lines = append(lines, "")
	lines = m.exchangeView(lines, e, w)
	lines = append(lines, "")
	note := m.keys.Resend.Help().Key + " sends this " + e.Kind + " again with the current saved values and secrets of \"" +
		p.Name + "\"; " + m.keys.Load.Help().Key + " loads them into the form (they may differ from what this call sent)."
	for _, l := range strings.Split(wrap(sanitize.Line(note), w), "\n") {
		lines = append(lines, st.Muted.Render(l))
	}
	return lines
}

// maxBodyLines is how many lines of each body the details show.
const maxBodyLines = 4

// exchangeView appends the call's request and response as recorded
// (secrets masked when recorded): "> " lines the request, "< " lines the
// response, each body wrapped to a few lines; all sanitised.
func (m Model) exchangeView(lines []string, e store.HistoryEntry, w int) []string {
	st := m.styles
	x := e.Exchange
	if x == nil {
		return append(lines, st.Muted.Render("The request and response of this call were not recorded."))
	}
	body := func(s string, cut bool) {
		if s == "" {
			return
		}
		text := strings.Split(wrap(sanitize.Line(s), max(w-2, 10)), "\n")
		if len(text) > maxBodyLines || cut {
			text = append(text[:min(len(text), maxBodyLines-1)], "…")
		}
		for _, l := range text {
			lines = append(lines, "  "+st.Value.Render(l))
		}
	}
	lines = append(lines, st.Label.Render("Request"), st.Value.Render("> "+sanitize.Line(x.Request.Method+" "+x.Request.URL)))
	for _, h := range x.Request.Headers {
		lines = append(lines, st.Muted.Render("> "+sanitize.Line(h.Name+": "+h.Value)))
	}
	body(x.Request.Body, x.Request.BodyCut)
	if r := x.Response; r != nil {
		lines = append(lines, st.Label.Render("Response"), st.Value.Render("< "+strconv.Itoa(r.Status)+" "+http.StatusText(r.Status)))
		for _, h := range r.Headers {
			lines = append(lines, st.Muted.Render("< "+sanitize.Line(h.Name+": "+h.Value)))
		}
		body(r.Body, r.BodyCut)
	}
	return lines
}

// historyRows is how many entries fit.
func (m Model) historyRows() int {
	return m.height - len(m.footer(m.width)) - headLines
}
