// Package sanitize makes text that came from a server or a file safe to put
// on a terminal. It imports nothing from Charm, so the CLI can use it too.
//
// Text removes every character a terminal would act on instead of
// showing: C0 controls (U+0000–U+001F, ESC among them) except newline and
// tab, DEL, C1 controls (U+0080–U+009F, among them U+009B, the one-character
// CSI), and the bidi embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069) that reorder what follows them. Bytes that are not UTF-8
// become U+FFFD (a lone 0x9B byte is a CSI to some terminals). Line does the
// same and also turns newlines and tabs into spaces, for one-line cells.
package sanitize

import (
	"strings"
	"unicode/utf8"
)

// Text is s without terminal controls; newlines and tabs stay.
func Text(s string) string { return clean(s, false) }

// Line is s without terminal controls, on one line: newlines, carriage
// returns and tabs become spaces.
func Line(s string) string { return clean(s, true) }

// Bytes is Text of b.
func Bytes(b []byte) string { return clean(string(b), false) }

// Unsafe reports whether r is a character Text removes.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// firstBad is the byte index of the first character clean changes, -1
// when there is none.
func firstBad(s string, oneLine bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if oneLine || (c != '\n' && c != '\t') {
					return i
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || Unsafe(r) {
			return i
		}
		i += n
	}
	return -1
}

func clean(s string, oneLine bool) string {
	i := firstBad(s, oneLine)
	if i < 0 {
		return s // the common case: no copy
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] { // invalid bytes range as utf8.RuneError
		switch {
		case r == '\n' || r == '\t':
			if oneLine {
				b.WriteByte(' ')
			} else {
				b.WriteRune(r)
			}
		case r == '\r':
			if oneLine {
				b.WriteByte(' ')
			}
		case Unsafe(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
