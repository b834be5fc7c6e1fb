package cli

import (
	"strings"
	"unicode"
)

// sanitizeLine makes text from a server or a file safe to print on a
// terminal: control characters (C0, DEL, C1 such as U+009B) and bidi
// overrides and isolates are replaced with U+FFFD, so nothing can move the
// cursor, change the title, write the clipboard or reorder the line.
func sanitizeLine(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unsafeRune(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// unsafeRune reports whether r must not reach a terminal as is.
func unsafeRune(r rune) bool {
	switch {
	case r == '\t':
		return false
	case unicode.IsControl(r): // C0, DEL, C1
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069', r == '\u200E', r == '\u200F', r == '\u061C':
		return true
	}
	return false
}
