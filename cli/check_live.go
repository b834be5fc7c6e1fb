package cli

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/tokens"
)

// checkBarWidth is the width of the live progress bar, in cells.
const checkBarWidth = 30

// checkLive is check's display on a terminal: a row per profile printed as
// it finishes, under a header, and a progress bar on the last line that is
// redrawn in place (carriage return, erase line). Every value is sanitised;
// no escape sequence other than erase-line is written.
type checkLive struct {
	w      io.Writer
	total  int
	done   int
	failed int
	widths []int
	start  time.Time
	now    func() time.Time
}

// newCheckLive prints the header and an empty bar for names.
func newCheckLive(w io.Writer, names []string) *checkLive {
	l := &checkLive{w: w, total: len(names), start: time.Now(), now: time.Now}
	// Fixed widths, known up front, so rows line up as they arrive.
	l.widths = []int{len("PROFILE"), 26, 9, 12, 8, 0}
	for _, n := range names {
		l.widths[0] = max(l.widths[0], utf8.RuneCountInString(sanitize.Line(n)))
	}
	writeCells(w, checkHeader, l.widths)
	l.bar()
	return l
}

// add prints r's row above the bar and redraws the bar.
func (l *checkLive) add(r tokens.CheckResult) {
	l.done++
	if !r.OK() {
		l.failed++
	}
	row := checkRow(r, l.now())
	fmt.Fprint(l.w, "\r\x1b[K")
	writeCells(l.w, row, l.widths)
	l.bar()
}

// finish replaces the bar with nothing, leaving the rows.
func (l *checkLive) finish() {
	fmt.Fprint(l.w, "\r\x1b[K")
}

// bar draws "[██████······] 12/50  2 failed  3.1s" on the current line.
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
	fmt.Fprint(l.w, "\r\x1b[K"+s)
}
