package activation

import (
	"strings"
	"testing"
	"time"

	qrcode "github.com/skip2/go-qrcode"
)

// TestQRHalfBlocksKeepEveryModule reads the half blocks back into modules
// and compares them with the library's bitmap, quiet zone included.
func TestQRHalfBlocksKeepEveryModule(t *testing.T) {
	urls := []string{
		"https://id.nfl.com/account/activate?regCode=K7QX3M",
		"http://127.0.0.1:8765/account/activate?regCode=AB23CD",
		"x",
	}
	for _, u := range urls {
		lines := QR(u)
		q, err := qrcode.New(u, qrcode.Low)
		if err != nil {
			t.Fatal(err)
		}
		q.DisableBorder = true
		bm := q.Bitmap()
		n := len(bm) + 2*quiet
		if len(lines) != (n+1)/2 {
			t.Fatalf("%s: %d lines for %d modules", u, len(lines), n)
		}
		checked := 0
		for row, l := range lines {
			cells := []rune(l)
			if len(cells) != n {
				t.Fatalf("%s: line %d is %d wide, want %d", u, row, len(cells), n)
			}
			for x, c := range cells {
				for half, y := range []int{2 * row, 2*row + 1} {
					want := false
					if by, bx := y-quiet, x-quiet; by >= 0 && bx >= 0 && by < len(bm) && bx < len(bm) {
						want = bm[by][bx]
					}
					got := c == '█' || (half == 0 && c == '▀') || (half == 1 && c == '▄')
					if got != want {
						t.Fatalf("%s: module (%d,%d) is %v, want %v", u, x, y, got, want)
					}
					checked++
				}
			}
		}
		if checked != n*len(lines)*2 {
			t.Errorf("%s: checked %d modules", u, checked)
		}
	}
	if w, h := QRSize(urls[0]); w > 40 || h > 20 {
		t.Errorf("the production URL's QR code is %dx%d: it does not fit 80x24 beside the code", w, h)
	}
}

func TestBigText(t *testing.T) {
	wide := BigText("k7qx3m", true)
	if len(wide) != 3 || len([]rune(wide[0])) != 6*6+5*2 {
		t.Errorf("wide = %q", wide)
	}
	if narrow := BigText("K7QX3M", false); len([]rune(narrow[0])) != 6*3+5 {
		t.Errorf("narrow = %q", narrow)
	}
	if BigText("AB?", true) != nil || BigText("", true) != nil {
		t.Errorf("a character outside the font is not refused")
	}
	for r := range glyphs {
		if BigText(string(r), false) == nil {
			t.Errorf("%q does not render", r)
		}
	}
}

func TestStatusWords(t *testing.T) {
	if got := Status(7, LastPoll(200, "OK", 12*time.Millisecond, false)); got != "waiting · polled 7 times · last 200 OK 12 ms" {
		t.Errorf("Status = %q", got)
	}
	if got := Status(1, LastPoll(0, "", 0, true)); got != "waiting · polled once · last no answer, retrying" {
		t.Errorf("Status = %q", got)
	}
	if got := LastPoll(502, "Bad Gateway", 40*time.Millisecond, true); got != "502 Bad Gateway 40 ms, retrying" {
		t.Errorf("LastPoll = %q", got)
	}
	for d, want := range map[time.Duration]string{10 * time.Minute: "10:00", 61*time.Second + time.Millisecond: "1:02", 0: "expired", -time.Second: "expired"} {
		if got := Countdown(d); got != want {
			t.Errorf("Countdown(%s) = %q, want %q", d, got, want)
		}
	}
	if !strings.Contains(Status(0, ""), "not polled yet") {
		t.Errorf("Status before polling = %q", Status(0, ""))
	}
}
