package cli

import (
	"bufio"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// table is the CLI's one table printer: rows of cells in aligned columns two
// spaces apart, without trailing spaces. Every cell is sanitised (one line,
// no terminal controls) when it is added, so no table can print a raw value
// from a file, a database or a server, and measured in terminal cells
// (ansi.StringWidth), never bytes or runes.
//
// With a width (a terminal's columns), no line is wider: the flex column
// (DETAIL) gets what the others leave, and when that is not enough the
// widest columns are cut, each cut marked with an ellipsis. Without a width
// (output to a file or a pipe) cells are printed whole.
type table struct {
	cols   int
	cells  []string // row-major; the header, if any, is the first row
	flex   int      // the column that takes the remaining width; -1 none
	width  int      // the most cells a line may take; 0 = no limit
	indent string   // printed before every line
}

// newTable starts a table whose first row is header.
func newTable(header ...string) *table {
	t := &table{cols: len(header), flex: -1}
	t.row(header...)
	return t
}

// newBareTable starts a table of cols columns without a header.
func newBareTable(cols int) *table { return &table{cols: cols, flex: -1} }

// flexColumn makes column i take the width the other columns leave.
func (t *table) flexColumn(i int) *table { t.flex = i; return t }

// fit limits every line to width terminal cells (0: no limit).
func (t *table) fit(width int) *table { t.width = width; return t }

// grow reserves room for n more rows.
func (t *table) grow(n int) { t.cells = slices.Grow(t.cells, n*t.cols) }

// row adds one row; missing cells are empty, extra cells are dropped.
func (t *table) row(cells ...string) {
	for i := range t.cols {
		c := ""
		if i < len(cells) {
			c = sanitize.Line(cells[i])
		}
		t.cells = append(t.cells, c)
	}
}

// write prints the table.
func (t *table) write(w io.Writer) error {
	if t.cols == 0 {
		return nil
	}
	natural := make([]int, t.cols)
	for i, c := range t.cells {
		natural[i%t.cols] = max(natural[i%t.cols], cellWidth(c))
	}
	widths := fitWidths(natural, t.flex, t.width-cellWidth(t.indent))
	bw := bufio.NewWriterSize(w, 64<<10)
	var line []byte // reused for every row
	for r := 0; r+t.cols <= len(t.cells); r += t.cols {
		line = append(line[:0], t.indent...)
		line = appendRow(line, t.cells[r:r+t.cols], widths)
		if t.width > 0 {
			bw.WriteString(fitLine(string(line), t.width))
		} else {
			bw.Write(line)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// minFlexWidth is the least the flex column is given before other columns
// are cut to make room for it.
const minFlexWidth = 12

// fitWidths returns column widths for cells whose widest are natural, in a
// line of at most total cells (0 or less: no limit). The flex column gets
// what the others leave; when that is under minFlexWidth (or there is no
// flex column) the widest columns are cut down to a common cap until the
// line fits. No width is below 1 unless its column is empty everywhere. The
// result may still be wider than total when total is too small even for
// one cell a column; fitLine then cuts the line.
func fitWidths(natural []int, flex, total int) []int {
	widths := append([]int(nil), natural...)
	if total <= 0 {
		return widths
	}
	avail := total - 2*(len(widths)-1)
	sum := 0
	for _, w := range widths {
		sum += w
	}
	if sum <= avail {
		return widths
	}
	if flex >= 0 && flex < len(widths) {
		rest := sum - widths[flex]
		floor := min(widths[flex], minFlexWidth)
		if avail-rest >= floor {
			widths[flex] = avail - rest
			return widths
		}
		widths[flex] = floor
	}
	// Cap the widest columns: the largest cap at which the line fits.
	lo, hi := 1, 0
	for _, w := range widths {
		hi = max(hi, w)
	}
	capped := func(c int) int {
		s := 0
		for _, w := range widths {
			s += min(w, c)
		}
		return s
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if capped(mid) <= avail {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	for i, w := range widths {
		widths[i] = min(w, lo)
	}
	return widths
}

// appendRow appends cells padded to widths, each cut to its width with an
// ellipsis, without trailing spaces.
func appendRow(b []byte, cells []string, widths []int) []byte {
	last := len(cells) - 1
	for last > 0 && cells[last] == "" {
		last--
	}
	for i := 0; i <= last; i++ {
		c := cells[i]
		w := cellWidth(c)
		if w > widths[i] {
			c = ansi.Truncate(c, widths[i], "…")
			w = cellWidth(c)
		}
		b = append(b, c...)
		if i < last {
			for pad := widths[i] - w + 2; pad > 0; pad-- {
				b = append(b, ' ')
			}
		}
	}
	return b
}

// fitLine cuts line to width cells with an ellipsis (0: no limit).
func fitLine(line string, width int) string {
	if width <= 0 || cellWidth(line) <= width {
		return line
	}
	return ansi.Truncate(line, width, "…")
}

// cellWidth is how many terminal cells s takes. Text made only of
// characters that are one cell wide and never join a neighbour (printable
// ASCII, Latin-1, the marks tables print: … · • → ✓ ✗ █) is counted rune by
// rune, which is most cells; anything else (wide, combining, emoji) goes
// through ansi.StringWidth's grapheme segmentation.
func cellWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !singleCell(r) {
			return ansi.StringWidth(s)
		}
		n++
		i += size
	}
	return n
}

// singleCell reports whether r is always one cell wide and never part of a
// grapheme cluster with its neighbours.
func singleCell(r rune) bool {
	switch {
	case r >= 0xa0 && r <= 0xff && r != 0xad: // Latin-1 without the soft hyphen
		return true
	case r == '…', r == '•', r == '→', r == '✓', r == '✗', r == '█', r == '─':
		return true
	}
	return false
}

// terminalWidth is the number of columns of the terminal w writes to, or 0
// when w is not a terminal (a file, a pipe, a test buffer) or its size is
// unknown.
func terminalWidth(w io.Writer) int {
	f, ok := w.(term.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0
	}
	cols, _, err := term.GetSize(f.Fd())
	if err != nil || cols <= 0 {
		return 0
	}
	return cols
}
