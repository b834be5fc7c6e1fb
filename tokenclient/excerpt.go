package tokenclient

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// excerptLen is the most characters an error excerpt shows.
const excerptLen = 200

// excerptScan is how much of a body is looked at to build an excerpt.
const excerptScan = 16 << 10

var (
	htmlDropRe = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)\s*>|<!--.*?-->`)
	htmlTagRe  = regexp.MustCompile(`(?s)<[^>]*>`)
	// sensitiveJSONRe finds string values of keys that look like tokens,
	// secrets, signatures or passwords.
	sensitiveJSONRe = regexp.MustCompile(`("[^"]*(?i:token|secret|signature|password|jwt)[^"]*"\s*:\s*")((?:[^"\\]|\\.)*)(")`)
	// ansiRe finds terminal escape sequences (CSI, OSC and two-byte ones).
	ansiRe = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?`)
	// jwtRe finds anything shaped like a JWT.
	jwtRe = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?`)
)

// excerpt is a short, single-line, sanitised start of a body that is safe
// to show and log: HTML tags collapsed, control characters stripped,
// whitespace collapsed, token-like values and the given secrets replaced by
// Mask, cut to about 200 characters.
func excerpt(body []byte, contentType string, secrets []string) string {
	if len(body) > excerptScan {
		body = body[:excerptScan]
	}
	s := strings.ToValidUTF8(string(body), "�")
	if looksHTML(body, contentType) {
		s = htmlDropRe.ReplaceAllString(s, " ")
		s = htmlTagRe.ReplaceAllString(s, " ")
		s = html.UnescapeString(s)
	}
	s = ansiRe.ReplaceAllString(s, " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	s = scrub(s, secrets)
	return cut(s, excerptLen)
}

// scrub masks token-like JSON values, JWTs and the given secrets in s
// (as they are and JSON-escaped), by MaskValues' rules: only whole values
// unless they are long, and a text holding a very short one is not shown.
func scrub(s string, secrets []string) string {
	s = sensitiveJSONRe.ReplaceAllString(s, "${1}"+Mask+"${3}")
	s = jwtRe.ReplaceAllString(s, Mask)
	values := make([]string, 0, 2*len(secrets))
	for _, v := range secrets {
		values = append(values, v)
		if q := string(marshalBody(v)); len(q) > 2 && q[1:len(q)-1] != v {
			values = append(values, q[1:len(q)-1])
		}
	}
	return MaskValues(s, values...)
}

// cut shortens s to at most n characters, ending in "…" when it did.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// looksHTML reports whether a body is an HTML page rather than data.
func looksHTML(body []byte, contentType string) bool {
	ct := strings.ToLower(contentType)
	if strings.Contains(ct, "html") {
		return true
	}
	t := strings.TrimLeft(string(body[:min(len(body), 512)]), " \t\r\n\ufeff")
	lower := strings.ToLower(t)
	return strings.HasPrefix(lower, "<!doctype html") || strings.HasPrefix(lower, "<html") ||
		strings.HasPrefix(lower, "<head") || strings.HasPrefix(lower, "<body") ||
		strings.HasPrefix(lower, "<!--") || strings.HasPrefix(lower, "<?xml")
}
