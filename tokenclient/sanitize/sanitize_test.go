package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile are strings a server or a hand-edited file could hold.
var hostile = []struct{ name, in, text, line string }{
	{"plain", "prod-eu", "prod-eu", "prod-eu"},
	{"unicode", "café ✓ 東京", "café ✓ 東京", "café ✓ 東京"},
	{"CSI clear screen", "a\x1b[2Jb", "a[2Jb", "a[2Jb"},
	{"OSC 52 clipboard", "x\x1b]52;c;ZXZpbA==\x07y", "x]52;c;ZXZpbA==y", "x]52;c;ZXZpbA==y"},
	{"title change", "\x1b]0;pwned\x1b\\", "]0;pwned\\", "]0;pwned\\"},
	{"C1 CSI U+009B", "a\u009b31mred", "a31mred", "a31mred"},
	{"C1 OSC U+009D", "a\u009d0;t\u009c", "a0;t", "a0;t"},
	{"raw 0x9b byte", "a\x9b31m", "a\ufffd31m", "a\ufffd31m"},
	{"bidi override", "evil\u202Etxt.exe", "eviltxt.exe", "eviltxt.exe"},
	{"bidi embeddings", "\u202A\u202B\u202C\u202Dx", "x", "x"},
	{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "abc", "abc"},
	{"bell backspace del", "a\x07b\x08c\x7fd", "abcd", "abcd"},
	{"NUL", "a\x00b", "ab", "ab"},
	{"carriage return", "ok\rFAKE", "okFAKE", "ok FAKE"},
	{"newline and tab", "a\nb\tc", "a\nb\tc", "a b c"},
}

func TestHostileStrings(t *testing.T) {
	t.Parallel()
	for _, h := range hostile {
		if got := Text(h.in); got != h.text {
			t.Errorf("%s: Text(%q) = %q, want %q", h.name, h.in, got, h.text)
		}
		if got := Line(h.in); got != h.line {
			t.Errorf("%s: Line(%q) = %q, want %q", h.name, h.in, got, h.line)
		}
		if got := Bytes([]byte(h.in)); got != h.text {
			t.Errorf("%s: Bytes = %q, want %q", h.name, got, h.text)
		}
	}
}

// FuzzText checks that nothing unsafe survives and that cleaning is
// idempotent.
func FuzzText(f *testing.F) {
	for _, h := range hostile {
		f.Add(h.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Text(s), Line(s)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q", s)
			}
			for _, r := range out {
				if Unsafe(r) && r != '\n' && r != '\t' {
					t.Fatalf("%U survived in %q", r, out)
				}
			}
			if Text(out) != out {
				t.Fatalf("not idempotent on %q", s)
			}
		}
		if strings.ContainsAny(Line(s), "\n\r\t") {
			t.Fatalf("Line kept a line break: %q", Line(s))
		}
	})
}

// TestCleanTextIsNotCopied is not parallel: AllocsPerRun refuses to be.
func TestCleanTextIsNotCopied(t *testing.T) {
	s := strings.Repeat("profile-name ", 100)
	if n := testing.AllocsPerRun(100, func() { _ = Text(s) }); n != 0 {
		t.Fatalf("%v allocations for clean text", n)
	}
}
