package tokenclient

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mask is what a hidden secret looks like. It has a fixed length so it
// does not reveal the length of the secret.
const Mask = "••••••••"

// MaskSecret hides a secret completely: "" stays "" (so a missing secret
// still shows as missing), anything else becomes Mask.
func MaskSecret(s string) string {
	if s == "" {
		return ""
	}
	return Mask
}

// maskKeyWhole is the longest key MaskKey shows whole: its shortened form
// ("abcd…wxyz") would be no shorter.
const maskKeyWhole = 9

// MaskKey shortens a client key for display, keeping the first and last
// four characters: "4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g" → "4cFU…s04g". A
// client key is not a secret (every request carries it in clear and public
// clients ship it): keys of 9 characters or fewer are shown whole.
func MaskKey(s string) string {
	r := []rune(s)
	if len(r) <= maskKeyWhole {
		return s
	}
	return string(r[:4]) + "…" + string(r[len(r)-4:])
}

// NotShown stands for a text MaskValues withheld: it holds a value too short
// to mask without hiding ordinary words too.
const NotShown = "(not shown: it contains a secret too short to mask)"

// The lengths that decide how MaskValues finds a value (in bytes).
const (
	// minMaskLen: shorter values are never replaced (a one-letter secret
	// would turn "connection refused" into "refu••••••••ed"); a text that
	// holds one as a whole word is withheld instead.
	minMaskLen = 4
	// anywhereMaskLen: values this long are masked wherever they occur,
	// inside a longer word too (%22SECRET%22 in an echoed URL); such a
	// string does not occur in an error text by chance. Shorter values are
	// masked only where they stand as a whole word.
	anywhereMaskLen = 12
)

// MaskValues hides the given values (secrets) in s, an error text or a body
// excerpt, and returns what is safe to show:
//
//   - a value of 12 bytes or more is replaced by Mask wherever it occurs;
//   - a value of 4 to 11 bytes is replaced only where it is a whole word
//     (not directly after or before a letter, digit or underscore), so an
//     ordinary word that contains it is left alone;
//   - a value under 4 bytes is never replaced: if it occurs as a whole word,
//     the whole text is replaced by NotShown.
//
// Empty values are ignored.
func MaskValues(s string, values ...string) string {
	for _, v := range values {
		switch {
		case v == "":
		case len(v) >= anywhereMaskLen:
			s = strings.ReplaceAll(s, v, Mask)
		case len(v) >= minMaskLen:
			s = replaceWhole(s, v, Mask)
		default:
			if replaceWhole(s, v, "") != s {
				return NotShown
			}
		}
	}
	return s
}

// replaceWhole replaces the occurrences of v in s that are whole words: not
// glued to a word character on either side (a side where v itself starts or
// ends with a non-word character is always a boundary).
func replaceWhole(s, v, with string) string {
	var b strings.Builder
	rest := s
	for {
		i := strings.Index(rest, v)
		if i < 0 {
			break
		}
		before, after := rest[:i], rest[i+len(v):]
		whole := true
		if r, _ := utf8.DecodeLastRuneInString(before); before != "" && isWordRune(r) {
			if f, _ := utf8.DecodeRuneInString(v); isWordRune(f) {
				whole = false
			}
		}
		if r, _ := utf8.DecodeRuneInString(after); after != "" && isWordRune(r) {
			if l, _ := utf8.DecodeLastRuneInString(v); isWordRune(l) {
				whole = false
			}
		}
		if whole {
			b.WriteString(before)
			b.WriteString(with)
			rest = after
			continue
		}
		// Not whole here: keep the first byte and look again after it.
		b.WriteString(rest[:i+1])
		rest = rest[i+1:]
	}
	if b.Len() == 0 {
		return s
	}
	b.WriteString(rest)
	return b.String()
}

// isWordRune reports whether r is part of a word: a letter, digit or "_".
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
