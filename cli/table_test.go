package cli

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/tokens"
)

// hostilePieces are fragments of text a file or a server could hold: wide
// and combining characters, an emoji with a modifier, and everything a
// terminal would act on (ESC sequences, OSC 52, a C1 CSI, bidi overrides,
// a lone 0x9B byte, controls).
var hostilePieces = []string{
	"a", "profile", "x-y_z.1", " ", "世界", "é", "e\u0301", "👍🏽", "…",
	"\x1b[31m", "\x1b]52;c;aGVsbG8=\x07", "\x1b]8;;http://x\x1b\\", "\u009b2J", "\x9b", "\u202e", "\u2066", "\x07",
	"\r", "\n", "\t", "\x00", "\x7f", "\u0085",
}

// randomText joins up to maxPieces random hostile pieces.
func randomText(r *rand.Rand, maxPieces int) string {
	var b strings.Builder
	for range r.IntN(maxPieces + 1) {
		b.WriteString(hostilePieces[r.IntN(len(hostilePieces))])
	}
	return b.String()
}

// assertTerminalSafe fails when out holds a character a terminal would act
// on (besides the newlines that end lines), or is not UTF-8.
func assertTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%s: output is not UTF-8: %q", what, out)
	}
	for _, r := range out {
		if r != '\n' && sanitize.Unsafe(r) {
			t.Fatalf("%s: %U reached the output: %q", what, r, out)
		}
	}
}

// assertFits fails when a line of out is wider than width cells.
func assertFits(t *testing.T, what, out string, width int) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if w := ansi.StringWidth(line); w > width {
			t.Fatalf("%s: a line is %d cells, wider than %d: %q", what, w, width, line)
		}
	}
}

// TestTableAnyTextAnyWidth is the table printer's property: for cells of
// any text and any width from 1 up, it does not panic, every line fits,
// nothing unsafe is printed, and without a width every cell is printed
// whole.
func TestTableAnyTextAnyWidth(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const cases = 3000
	cut := 0
	for i := range cases {
		cols := 1 + r.IntN(8)
		header := make([]string, cols)
		for c := range header {
			header[c] = randomText(r, 3)
		}
		tb := newTable(header...)
		if r.IntN(2) == 0 {
			tb.flexColumn(r.IntN(cols))
		}
		rows := r.IntN(6)
		var cells []string
		for range rows {
			row := make([]string, cols)
			for c := range row {
				row[c] = randomText(r, 12)
			}
			cells = append(cells, row...)
			tb.row(row...)
		}
		width := 1 + r.IntN(160)
		if i%10 == 0 {
			width = 0
		}
		tb.fit(width)
		var b strings.Builder
		if err := tb.write(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		what := fmt.Sprintf("case %d (%d columns, width %d)", i, cols, width)
		assertTerminalSafe(t, what, out)
		if got := strings.Count(out, "\n"); got != rows+1 {
			t.Fatalf("%s: %d lines, want %d:\n%s", what, got, rows+1, out)
		}
		if width == 0 {
			for _, c := range cells {
				if !strings.Contains(out, strings.TrimSpace(sanitize.Line(c))) {
					t.Fatalf("%s: cell %q not printed whole:\n%s", what, sanitize.Line(c), out)
				}
			}
			continue
		}
		assertFits(t, what, out, width)
		if strings.Contains(out, "…") {
			cut++
		}
	}
	if cut < cases/4 {
		t.Errorf("only %d of %d cases cut a cell: the generator does not reach narrow widths", cut, cases)
	}
	t.Logf("%d cases, %d with a cut cell", cases, cut)
}

// TestFitWidthsGivesDetailTheRest: the flex column gets exactly what the
// others leave, and the others are cut only when DETAIL would get less
// than minFlexWidth.
func TestFitWidthsGivesDetailTheRest(t *testing.T) {
	natural := []int{10, 20, 7, 9, 7, 300}
	got := fitWidths(natural, 5, 120)
	if got[5] != 120-(10+20+7+9+7)-2*5 || got[0] != 10 || got[1] != 20 {
		t.Errorf("fitWidths at 120 = %v", got)
	}
	// At 60 the others alone leave DETAIL under its floor: every column is
	// cut to one cap, the widest first, and the line fills the width.
	if got := fitWidths(natural, 5, 60); fmt.Sprint(got) != "[9 9 7 9 7 9]" {
		t.Errorf("fitWidths at 60 = %v", got)
	}
	if got := fitWidths(natural, 5, 0); fmt.Sprint(got) != fmt.Sprint(natural) {
		t.Errorf("no width limit changed the widths: %v", got)
	}
}

// everyCheckResult is a result of every kind, with every HTTP status code
// the client can report (100–999: each named one, and the unnamed ones
// that bound each hundred, whose labels are as long as any unnamed), every wait and Retry-After up to a day
// in coarse steps, and names and secret stores of many lengths: all the
// labels the check table can print.
func everyCheckResult() []tokens.CheckResult {
	kinds := []tokens.CheckKind{tokens.CheckOK, tokens.CheckUnauthorized, tokens.CheckForbidden, tokens.CheckRateLimited,
		tokens.CheckHTTP, tokens.CheckTimeout, tokens.CheckDNS, tokens.CheckRefused, tokens.CheckConnect, tokens.CheckTLS,
		tokens.CheckNetwork, tokens.CheckBadResponse, tokens.CheckInvalid, tokens.CheckCanceled, tokens.CheckNotFound, "new-kind"}
	var out []tokens.CheckResult
	name := func(i int) string { return strings.Repeat("n", 1+i%40) }
	for i, k := range kinds {
		out = append(out, tokens.CheckResult{Profile: name(i), Kind: k, SecretStore: store.SecretStore(strings.Repeat("s", i))})
	}
	for code := 100; code < 1000; code++ {
		// Every status the HTTP package names, and the unnamed ones at the
		// ends of each hundred (their labels are all as long).
		if http.StatusText(code) == "" && code%100 != 0 && code%100 != 99 {
			continue
		}
		out = append(out, tokens.CheckResult{Profile: name(code), Kind: tokens.CheckHTTP, Status: code,
			Err: &tokenclient.HTTPError{Status: code, Excerpt: `{"error":"x","message":"` + strings.Repeat("why ", code%60) + `"}`}})
	}
	for d := time.Millisecond; d < 24*time.Hour; d = d*3/2 + time.Millisecond {
		out = append(out,
			tokens.CheckResult{Profile: "w", Kind: tokens.CheckOK, Waited: d, Latency: d, ExpiresAt: time.Now().Add(d)},
			tokens.CheckResult{Profile: "r", Kind: tokens.CheckRateLimited, RetryAfter: d, Status: 429},
			tokens.CheckResult{Profile: "u", Kind: tokens.CheckUnmet, Access: &tokenclient.Access{Readable: true},
				Unmet: []tokens.Unmet{{Plan: "NFL_PLUS_PREMIUM"}, {Left: d, MinLeft: 2 * d}}})
	}
	out = append(out, tokens.CheckResult{Profile: "u1", Kind: tokens.CheckUnmet, Access: &tokenclient.Access{}, Unmet: []tokens.Unmet{{Plan: "x", Unknown: true}}})
	return out
}

// TestCheckTablesEveryLabelEveryWidth renders every label the check code
// can produce in the live and the piped table at every width from 1 to 40
// and a sample up to 160: no panic, no line wider than the terminal.
func TestCheckTablesEveryLabelEveryWidth(t *testing.T) {
	results := everyCheckResult()
	names := make([]string, 0, len(results))
	for _, r := range results {
		names = append(names, r.Profile)
	}
	maxLabel := 0
	for _, r := range results {
		maxLabel = max(maxLabel, len(tokens.Describe(r)))
	}
	if maxLabel < 29 {
		t.Fatalf("the longest label is %d characters; the generator misses the long ones", maxLabel)
	}
	var widths []int // every narrow width, then a sample up to 160
	for w := 1; w <= 160; w++ {
		if w <= 40 || w%9 == 0 {
			widths = append(widths, w)
		}
	}
	for _, width := range widths {
		var live strings.Builder
		l := newCheckLive(&live, names, width)
		for _, r := range results {
			l.add(r)
		}
		l.finish()
		assertTerminalSafe(t, "live", strings.ReplaceAll(live.String(), "\r\x1b[K", "\n"))
		assertFits(t, fmt.Sprintf("live at %d", width), strings.ReplaceAll(live.String(), "\r\x1b[K", "\n"), width)

		var piped strings.Builder
		if err := writeCheckTable(&piped, results, time.Now(), width); err != nil {
			t.Fatal(err)
		}
		assertFits(t, fmt.Sprintf("table at %d", width), piped.String(), width)
	}
	t.Logf("%d results (longest label %d characters) at %d widths", len(results), maxLabel, len(widths))
}

// TestCellWidthFastPathAgreesWithAnsi: the rune-by-rune count gives what
// ansi.StringWidth gives, for every character it counts itself and for
// text mixing them with characters it does not.
func TestCellWidthFastPathAgreesWithAnsi(t *testing.T) {
	checked := 0
	for r := rune(0); r < 0x3000; r++ {
		if !singleCell(r) && (r < 0x20 || r >= 0x7f) {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r) + "b", string(r) + string(r)} {
			if got, want := cellWidth(s), ansi.StringWidth(s); got != want {
				t.Errorf("cellWidth(%q) = %d, ansi.StringWidth = %d", s, got, want)
			}
			checked++
		}
	}
	for _, s := range hostilePieces {
		s = sanitize.Line(s) + "✓ 200 …"
		if got, want := cellWidth(s), ansi.StringWidth(s); got != want {
			t.Errorf("cellWidth(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
		checked++
	}
	if checked < 300 {
		t.Fatalf("only %d strings checked", checked)
	}
}
