package cli

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// failureDetail is the DETAIL of a failed call: the server's own message
// when it answered with one (the "message" member of its JSON error body),
// else the start of what it answered, else the error in plain words. It
// reads only the error's excerpt, which the client has already masked
// (tokens, JWTs, the request's secrets) and cut, never the raw body.
func failureDetail(err error) string {
	var he *tokenclient.HTTPError
	if errors.As(err, &he) && he.Excerpt != "" {
		return excerptMessage(he.Excerpt)
	}
	var re *tokenclient.ResponseError
	if errors.As(err, &re) && re.Excerpt != "" {
		return re.Reason + ": " + excerptMessage(re.Excerpt)
	}
	return sanitize.Line(err.Error())
}

// recordedDetail is failureDetail for an error recorded as text (a history
// row, which may be cut short): the excerpt quoted after "; body: " read
// the same way, after the words before it unless they only restate the
// status (an HTTP error, whose STATUS column says it), else the text.
func recordedDetail(text string) string {
	const marker = "; body: "
	i := strings.LastIndex(text, marker)
	if i < 0 {
		return sanitize.Line(text)
	}
	ex, ok := unquoteCut(text[i+len(marker):])
	if !ok || ex == "" {
		return sanitize.Line(text)
	}
	msg := excerptMessage(ex)
	if before := text[:i]; !strings.Contains(before, httpErrorPrefix) {
		msg = sanitize.Line(before) + ": " + msg
	}
	return msg
}

// httpErrorPrefix starts the text of a *tokenclient.HTTPError (perhaps
// wrapped: "refresh: the server refused ...").
const httpErrorPrefix = "the server refused the request: "

// unquoteCut unquotes the Go-quoted string q starts with, also when q was
// cut before its closing quote (then ending in "…", perhaps inside an
// escape sequence): what is there, marked with "…".
func unquoteCut(q string) (string, bool) {
	if p, err := strconv.QuotedPrefix(q); err == nil {
		s, err := strconv.Unquote(p)
		return s, err == nil
	}
	if !strings.HasPrefix(q, `"`) {
		return "", false
	}
	body := strings.TrimSuffix(q, "…")
	if s, err := strconv.Unquote(body + `"`); err == nil {
		return s + "…", true
	}
	if j := strings.LastIndexByte(body, '\\'); j > 0 {
		if s, err := strconv.Unquote(body[:j] + `"`); err == nil {
			return s + "…", true
		}
	}
	return "", false
}

// excerptMessage is the "message" string of the JSON error body an excerpt
// starts, or the whole excerpt when it has none. An excerpt cut inside the
// message gives the part that is there, marked with an ellipsis.
func excerptMessage(excerpt string) string {
	if msg, ok := jsonStringMember(excerpt, "message"); ok && strings.TrimSpace(msg) != "" {
		return sanitize.Line(msg)
	}
	return sanitize.Line(excerpt)
}

// jsonStringMember finds `"name": "value"` in s, a JSON object possibly
// cut short, and returns value unquoted. A value cut before its closing
// quote is returned as far as it goes, with "…" appended.
func jsonStringMember(s, name string) (string, bool) {
	key := strconv.Quote(name)
	for from := 0; ; {
		i := strings.Index(s[from:], key)
		if i < 0 {
			return "", false
		}
		rest := strings.TrimLeft(s[from+i+len(key):], " \t\r\n")
		from += i + len(key)
		if !strings.HasPrefix(rest, ":") {
			continue // the word appeared as a value, not a key
		}
		rest = strings.TrimLeft(rest[1:], " \t\r\n")
		if !strings.HasPrefix(rest, `"`) {
			return "", false
		}
		if end := jsonStringEnd(rest); end > 0 {
			var v string
			err := json.Unmarshal([]byte(rest[:end]), &v)
			return v, err == nil
		}
		// Cut short: close the string where the excerpt stops, without the
		// cut mark the excerpt ends with and, when the cut split an escape
		// sequence, without that half.
		body := strings.TrimSuffix(rest[1:], "…")
		var v string
		if err := json.Unmarshal([]byte(`"`+body+`"`), &v); err != nil {
			j := strings.LastIndexByte(body, '\\')
			if j < 0 || json.Unmarshal([]byte(`"`+body[:j]+`"`), &v) != nil {
				return "", false
			}
		}
		return v + "…", true
	}
}

// jsonStringEnd is the length of the JSON string literal s starts with
// (quotes included), or 0 when s ends before the string does.
func jsonStringEnd(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return 0
}
