// Package activation draws the device activation screen's parts — the code
// in large type, a QR code of the activation URL in half blocks, the poll
// status line — for both the console's view and the CLI's `authdeck
// activate`. It holds no state and does no I/O.
package activation

import (
	"fmt"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"
)

// quiet is the light border around the QR code, in modules. The standard
// asks for 4; 2 is what terminal QR codes use so that they fit, and phone
// scanners read it (the terminal's own background adds to it).
const quiet = 2

// QR renders url as a QR code in half blocks: each line holds two rows of
// modules, "█" where both are dark, "▀" or "▄" where one is, " " where
// neither is. Dark is the foreground: the caller prints it dark on light
// (ANSI black on white), never in the terminal's own colours, which may be
// light on dark. It returns nil when url cannot be encoded.
func QR(url string) []string {
	q, err := qrcode.New(url, qrcode.Low)
	if err != nil {
		return nil
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	n := len(bm) + 2*quiet
	dark := func(y, x int) bool {
		y, x = y-quiet, x-quiet
		return y >= 0 && x >= 0 && y < len(bm) && x < len(bm) && bm[y][x]
	}
	lines := make([]string, 0, (n+1)/2)
	for y := 0; y < n; y += 2 {
		var b strings.Builder
		for x := range n {
			top, bottom := dark(y, x), dark(y+1, x)
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteByte(' ')
			}
		}
		lines = append(lines, b.String())
	}
	return lines
}

// QRSize is the width and height in cells QR(url) takes, or 0, 0.
func QRSize(url string) (w, h int) {
	lines := QR(url)
	if len(lines) == 0 {
		return 0, 0
	}
	return len([]rune(lines[0])), len(lines)
}

// glyphs is a 3×5 pixel font for the characters registration codes use.
var glyphs = map[rune][5]string{
	'A': {".#.", "#.#", "###", "#.#", "#.#"}, 'B': {"##.", "#.#", "##.", "#.#", "##."},
	'C': {".##", "#..", "#..", "#..", ".##"}, 'D': {"##.", "#.#", "#.#", "#.#", "##."},
	'E': {"###", "#..", "##.", "#..", "###"}, 'F': {"###", "#..", "##.", "#..", "#.."},
	'G': {".##", "#..", "#.#", "#.#", ".##"}, 'H': {"#.#", "#.#", "###", "#.#", "#.#"},
	'I': {"###", ".#.", ".#.", ".#.", "###"}, 'J': {"..#", "..#", "..#", "#.#", ".#."},
	'K': {"#.#", "#.#", "##.", "#.#", "#.#"}, 'L': {"#..", "#..", "#..", "#..", "###"},
	'M': {"#.#", "###", "###", "#.#", "#.#"}, 'N': {"##.", "#.#", "#.#", "#.#", "#.#"},
	'O': {".#.", "#.#", "#.#", "#.#", ".#."}, 'P': {"##.", "#.#", "##.", "#..", "#.."},
	'Q': {".#.", "#.#", "#.#", "##.", ".##"}, 'R': {"##.", "#.#", "##.", "#.#", "#.#"},
	'S': {".##", "#..", ".#.", "..#", "##."}, 'T': {"###", ".#.", ".#.", ".#.", ".#."},
	'U': {"#.#", "#.#", "#.#", "#.#", "###"}, 'V': {"#.#", "#.#", "#.#", "#.#", ".#."},
	'W': {"#.#", "#.#", "###", "###", "#.#"}, 'X': {"#.#", "#.#", ".#.", "#.#", "#.#"},
	'Y': {"#.#", "#.#", ".#.", ".#.", ".#."}, 'Z': {"###", "..#", ".#.", "#..", "###"},
	'0': {"###", "#.#", "#.#", "#.#", "###"}, '1': {".#.", "##.", ".#.", ".#.", "###"},
	'2': {"##.", "..#", ".#.", "#..", "###"}, '3': {"##.", "..#", ".#.", "..#", "##."},
	'4': {"#.#", "#.#", "###", "..#", "..#"}, '5': {"###", "#..", "##.", "..#", "##."},
	'6': {".##", "#..", "###", "#.#", "###"}, '7': {"###", "..#", ".#.", ".#.", ".#."},
	'8': {"###", "#.#", "###", "#.#", "###"}, '9': {"###", "#.#", "###", "..#", "##."},
	'-': {"...", "...", "###", "...", "..."},
}

// BigText renders s in large type, three lines high (half blocks), each
// pixel two cells wide when wide. It returns nil when s has a character
// the font lacks (lower-case letters are drawn as upper-case), so the
// caller shows s plainly instead.
func BigText(s string, wide bool) []string {
	var gs [][5]string
	for _, r := range strings.ToUpper(s) {
		g, ok := glyphs[r]
		if !ok {
			return nil
		}
		gs = append(gs, g)
	}
	if len(gs) == 0 {
		return nil
	}
	px := func(g [5]string, y, x int) bool { return y < 5 && g[y][x] == '#' }
	lines := make([]string, 3)
	for row := range 3 {
		var b strings.Builder
		for i, g := range gs {
			if i > 0 {
				b.WriteByte(' ')
				if wide {
					b.WriteByte(' ')
				}
			}
			for x := range 3 {
				top, bottom := px(g, 2*row, x), px(g, 2*row+1, x)
				c := " "
				switch {
				case top && bottom:
					c = "█"
				case top:
					c = "▀"
				case bottom:
					c = "▄"
				}
				b.WriteString(c)
				if wide {
					b.WriteString(c)
				}
			}
		}
		lines[row] = b.String()
	}
	return lines
}

// Countdown is the time left as "9:32", or "expired".
func Countdown(left time.Duration) string {
	if left <= 0 {
		return "expired"
	}
	s := int((left + time.Second - 1) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Status is the poll status line: "waiting · polled 7 times · last 200 OK
// 12 ms". last is "" before the first poll.
func Status(polls int, last string) string {
	switch polls {
	case 0:
		return "waiting · not polled yet"
	case 1:
		return "waiting · polled once · last " + last
	}
	return fmt.Sprintf("waiting · polled %d times · last %s", polls, last)
}

// LastPoll describes one poll for Status: "200 OK 12 ms", or the failure
// in a few words ("502 Bad Gateway 40 ms, retrying", "no answer, retrying").
func LastPoll(status int, statusText string, elapsed time.Duration, failed bool) string {
	ms := fmt.Sprintf("%d ms", elapsed.Milliseconds())
	switch {
	case status == 0:
		return "no answer, retrying"
	case failed:
		return fmt.Sprintf("%d %s %s, retrying", status, statusText, ms)
	}
	return fmt.Sprintf("%d %s %s", status, statusText, ms)
}
