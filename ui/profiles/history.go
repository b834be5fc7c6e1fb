package profiles

import (
	"strconv"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/ui/sanitize"
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
	lines = append(lines, st.Muted.Render(sanitize.Line(p.EndpointHost()+" · "+p.MaskedKey()+" · token "+p.TokenStatus(m.now))))
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

// statusCell is an entry's HTTP status with a symbol: "✓ 200", "✗ 401",
// "✗ none" when no response came.
func statusCell(st styles.Styles, e store.HistoryEntry) string {
	switch {
	case e.Status == 0:
		return st.Error.Render(pad(styles.SymbolError+" none", statusW))
	case e.Status < 300 && e.Error == "":
		return st.StatusOK.Render(pad(styles.SymbolOK+" "+strconv.Itoa(e.Status), statusW))
	default:
		return st.Error.Render(pad(styles.SymbolError+" "+strconv.Itoa(e.Status), statusW))
	}
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
}

// historyRows is how many entries fit.
func (m Model) historyRows() int {
	return m.height - len(m.footer(m.width)) - headLines
}
