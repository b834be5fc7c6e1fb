package cli

import (
	"strings"
	"testing"
)

func TestActivateCodeBlockFits(t *testing.T) {
	url := "http://127.0.0.1:8765/account/activate?regCode=K7QX3M"
	for _, tc := range []struct {
		w, h   int
		reason string
		qr     bool
		note   string
	}{
		{80, 24, "", true, ""},
		{120, 40, "", true, ""},
		{60, 24, "", true, ""},
		{50, 24, "", false, "(QR code omitted: the terminal is 50x24; it needs 58x21)"},
		{80, 18, "", false, "(QR code omitted: the terminal is 80x18"},
		{80, 24, "NO_COLOR is set", false, "(QR code omitted: NO_COLOR is set)"},
	} {
		out := codeBlock("K7QX3M", url, tc.w, tc.h, tc.reason)
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if hasQR := strings.Contains(out, "\x1b[30;47m"); hasQR != tc.qr {
			t.Errorf("%dx%d %q: QR shown %v, want %v\n%s", tc.w, tc.h, tc.reason, hasQR, tc.qr, out)
		}
		if tc.note != "" && !strings.Contains(out, tc.note) {
			t.Errorf("%dx%d: no note %q:\n%s", tc.w, tc.h, tc.note, out)
		}
		if !strings.Contains(out, "Open "+url) || !strings.Contains(out, "code K7QX3M") {
			t.Errorf("%dx%d: code or URL missing:\n%s", tc.w, tc.h, out)
		}
		// Everything but the URL line fits the width, and the block leaves
		// room for the status line.
		for _, l := range lines {
			plain := strings.NewReplacer("\x1b[30;47m", "", "\x1b[0m", "").Replace(l)
			if n := len([]rune(plain)); n > tc.w && !strings.HasPrefix(plain, "Open ") && !strings.HasPrefix(plain, "(QR") {
				t.Errorf("%dx%d: a line is %d wide: %q", tc.w, tc.h, n, plain)
			}
		}
		if tc.qr && len(lines)+1 > tc.h {
			t.Errorf("%dx%d: the block is %d lines", tc.w, tc.h, len(lines))
		}
	}
}
