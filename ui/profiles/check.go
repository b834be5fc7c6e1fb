package profiles

import (
	"strconv"
	"strings"
	"time"

	"github.com/authdeck/authdeck/tokens"
	"github.com/authdeck/authdeck/ui/styles"
)

// CheckMsg asks the root to check the named profiles (tokens.Store.Check:
// one token request each, recorded in the history) and to report each
// result with SetCheckResult as it arrives. Names are the selected profile
// (the Check key) or every profile the filter shows (CheckAll), in list
// order.
type CheckMsg struct{ Names []string }

// CancelCheckMsg asks the root to cancel the check in flight (esc in the
// list while it runs). Results so far stay on screen.
type CancelCheckMsg struct{}

// checkCellW is the most the CHECK column of the full table takes; it
// is as wide as its widest cell, so the names keep the room it does not
// need.
const checkCellW = 24

// checkColW is the CHECK column's width: its widest cell (or the
// heading), at most checkCellW.
func (m Model) checkColW() int {
	w := len("CHECK")
	if len(m.check.results) < len(m.check.names) {
		w = max(w, cellWidth("not checked"), cellWidth("checking…"))
	}
	for _, r := range m.check.results {
		w = max(w, cellWidth(styles.SymbolOK+" "+r.Label()+latency(r)))
		if w >= checkCellW {
			return checkCellW
		}
	}
	return w
}

// checkState is the pane's view of a check: which profiles it covers, the
// results so far by name, and whether it still runs.
type checkState struct {
	names    []string
	results  map[string]tokens.CheckResult
	running  bool
	canceled bool
	err      string // why the check stopped early ("" when it did not)
}

// StartCheck shows a check of names as started: their CHECK cells say
// "checking…" until SetCheckResult fills them, and the footer counts
// "checked 0 of N". Earlier results of other profiles are dropped.
func (m *Model) StartCheck(names []string) {
	m.check = checkState{names: names, results: make(map[string]tokens.CheckResult, len(names)), running: true}
	m.clampScroll()
}

// SetCheckResult fills one profile's CHECK cell.
func (m *Model) SetCheckResult(r tokens.CheckResult) {
	if m.check.results == nil {
		m.check.results = map[string]tokens.CheckResult{}
	}
	m.check.results[r.Profile] = r
}

// EndCheck marks the check finished: canceled when the user stopped it,
// err (nil when none) when it could not run to the end.
func (m *Model) EndCheck(canceled bool, err error) {
	m.check.running, m.check.canceled = false, canceled
	if err != nil && !canceled {
		m.check.err = err.Error()
	}
	m.clampScroll()
}

// Checking reports whether a check is in flight.
func (m Model) Checking() bool { return m.check.running }

// CheckProgress is how many of the checked profiles have a result, and how
// many the check covers.
func (m Model) CheckProgress() (done, total int) {
	for _, n := range m.check.names {
		if _, ok := m.check.results[n]; ok {
			done++
		}
	}
	return done, len(m.check.names)
}

// Shown is the names of the profiles the filter shows, in list order.
func (m Model) Shown() []string {
	out := make([]string, len(m.match.matches))
	for i, pi := range m.match.matches {
		out[i] = m.profiles[pi].Name
	}
	return out
}

// hasCheck reports whether the table shows the CHECK column.
func (m Model) hasCheck() bool { return len(m.check.names) > 0 }

// checkCell is a profile's CHECK text and how to colour it; cellNone and
// "" when the profile is not part of the check.
func (m Model) checkCell(name string) (text string, state cellState) {
	r, ok := m.check.results[name]
	if !ok {
		for _, n := range m.check.names {
			if n == name {
				if m.check.running {
					return "checking…", cellPending
				}
				return "not checked", cellPending
			}
		}
		return "", cellNone
	}
	if r.OK() {
		return styles.SymbolOK + " " + r.Label() + latency(r), cellOK
	}
	return styles.SymbolError + " " + r.Label() + latency(r), cellBad
}

// cellState is how a CHECK cell is coloured.
type cellState int

const (
	cellNone cellState = iota
	cellPending
	cellOK
	cellBad
)

// latency is " 123ms" after a result that made a request, "" otherwise.
func latency(r tokens.CheckResult) string {
	if r.Cached || r.Latency <= 0 || r.Kind == tokens.CheckNotFound || r.Kind == tokens.CheckInvalid {
		return ""
	}
	if r.Latency < time.Second {
		return " " + r.Latency.Round(time.Millisecond).String()
	}
	return " " + r.Latency.Round(100*time.Millisecond).String()
}

// checkLine is the footer's line about the check: progress while it runs,
// the tally once it ended; "" when there is none.
func (m Model) checkLine() string {
	if !m.hasCheck() {
		return ""
	}
	done, total := m.CheckProgress()
	failed := 0
	for _, r := range m.check.results {
		if !r.OK() {
			failed++
		}
	}
	s := "checked " + strconv.Itoa(done) + " of " + strconv.Itoa(total)
	if failed > 0 {
		s += " · " + strconv.Itoa(failed) + " failed"
	}
	switch {
	case m.check.running:
		return s + " · " + m.keys.Back.Help().Key + " cancels"
	case m.check.canceled:
		return s + " · canceled"
	case m.check.err != "":
		return s + " · stopped: " + m.check.err
	}
	return s + " · done"
}

// writeCheckCell writes a profile's CHECK cell, cut or padded to w cells
// (w 0: as long as it is), coloured by its outcome.
func (m Model) writeCheckCell(b *strings.Builder, name string, w int) {
	text, state := m.checkCell(name)
	p := m.look.muted
	switch state {
	case cellOK:
		p = m.look.ok
	case cellBad:
		p = m.look.bad
	}
	if w <= 0 {
		p.text(b, text)
		return
	}
	p.cell(b, text, w)
}
