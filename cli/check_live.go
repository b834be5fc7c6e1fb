package cli

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/tokens"
)

// checkBarWidth is the width of the live progress bar, in cells.
const checkBarWidth = 30

// checkLive is check's display on a terminal: a row per profile printed as
// it finishes, under a header, and a progress bar on the last line that is
// redrawn in place (carriage return, erase line). Every value is sanitised;
// no escape sequence other than erase-line is written. No line is wider
// than the terminal (a wrapped bar could not be erased in place).
type checkLive struct {
	w      io.Writer
	total  int
	done   int
	failed int
	widths []int
	width  int // the terminal's columns; 0 = unknown, no limit
	start  time.Time
	now    func() time.Time
}

// newCheckLive prints the header and an empty bar for names, on a terminal
// width columns wide (0: unknown). PLAN is as wide as the longest of
// "free" and the plans expected (--expect-plan); a longer cell is cut.
func newCheckLive(w io.Writer, names []string, width int, expectPlans ...string) *checkLive {
	l := &checkLive{w: w, total: len(names), width: width, start: time.Now(), now: time.Now}
	// Rows arrive one by one, so the widths are fixed up front: the names
	// are known, the other columns get room for their longest usual value
	// (a longer one is cut), and DETAIL what is left of the terminal.
	natural := []int{len("PROFILE"), liveResultWidth, len("LATENCY"), len("in 59m 59s"), len("free"), len("keyring"), 0}
	for _, n := range names {
		natural[0] = max(natural[0], cellWidth(sanitize.Line(n)))
	}
	for _, p := range expectPlans {
		natural[checkPlanColumn] = max(natural[checkPlanColumn], cellWidth(sanitize.Line(p)))
	}
	if width > 0 {
		natural[checkDetailColumn] = width // as much as the terminal leaves
	}
	l.widths = fitWidths(natural, checkDetailColumn, width)
	l.line(checkHeader)
	l.bar()
	return l
}

// liveResultWidth is the RESULT column's width in the live table: the
// widest label for a wait or a Retry-After under ten minutes, or for any
// status the HTTP package names, up to maxLiveResultWidth (the rare longer
// ones, such as "511 network authentication required", are cut).
var liveResultWidth = func() int {
	w := len("RESULT")
	long := 9*time.Minute + 59*time.Second
	for _, r := range []tokens.CheckResult{
		{Kind: tokens.CheckOK, Waited: long},
		{Kind: tokens.CheckRateLimited, RetryAfter: long},
	} {
		w = max(w, cellWidth(tokens.Describe(r)))
	}
	for code := 400; code < 600; code++ {
		if http.StatusText(code) != "" {
			w = max(w, cellWidth(tokens.Describe(tokens.CheckResult{Kind: tokens.CheckHTTP, Status: code})))
		}
	}
	return min(w, maxLiveResultWidth)
}()

// maxLiveResultWidth bounds liveResultWidth so that an 80-column terminal
// keeps room for the other columns.
const maxLiveResultWidth = 30

// line prints one row of cells in the live widths.
func (l *checkLive) line(cells []string) {
	clean := make([]string, len(cells))
	for i, c := range cells {
		clean[i] = sanitize.Line(c)
	}
	io.WriteString(l.w, fitLine(string(appendRow(nil, clean, l.widths)), l.width)+"\n")
}

// add prints r's row above the bar and redraws the bar.
func (l *checkLive) add(r tokens.CheckResult) {
	l.done++
	if !r.OK() {
		l.failed++
	}
	fmt.Fprint(l.w, "\r\x1b[K")
	l.line(checkRow(r, l.now()))
	l.bar()
}

// finish replaces the bar with nothing, leaving the rows.
func (l *checkLive) finish() {
	fmt.Fprint(l.w, "\r\x1b[K")
}

// bar draws "[██████······] 12/50  2 failed  3.1s" on the current line,
// cut to one cell less than the terminal so it never wraps.
func (l *checkLive) bar() {
	filled := 0
	if l.total > 0 {
		filled = checkBarWidth * l.done / l.total
	}
	s := "[" + strings.Repeat("█", filled) + strings.Repeat("·", checkBarWidth-filled) + "] " +
		fmt.Sprintf("%d/%d", l.done, l.total)
	if l.failed > 0 {
		s += fmt.Sprintf("  %d failed", l.failed)
	}
	s += "  " + time.Since(l.start).Round(100*time.Millisecond).String()
	if l.width > 0 {
		s = fitLine(s, max(l.width-1, 1))
	}
	fmt.Fprint(l.w, "\r\x1b[K"+s)
}
