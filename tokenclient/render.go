package tokenclient

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// HTTP renders the request as HTTP/1.1 text, lines ending in "\n": the
// request line, the headers sorted by name (including the Host and
// Content-Length that the transport adds), a blank line and the body.
func (p *Prepared) HTTP() string {
	target, host := p.URL, ""
	if u, err := url.Parse(p.URL); err == nil && u.Host != "" {
		target, host = u.RequestURI(), u.Host
	}
	h := p.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if host != "" {
		h.Set("Host", host)
	}
	h.Set("Content-Length", strconv.Itoa(p.contentLength()))

	var b strings.Builder
	b.WriteString(p.Method + " " + target + " HTTP/1.1\n")
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	b.WriteString("\n")
	b.Write(p.Body)
	return b.String()
}

// contentLength is the length of the body on the wire, which for a
// redacted copy is the length of the original body.
func (p *Prepared) contentLength() int {
	if p.redacted {
		return p.wireLen
	}
	return len(p.Body)
}

// Curl renders the request as a copy-pasteable POSIX shell curl command
// sending the same method, URL, headers and body bytes. Render the original
// (not Redacted) request to get a command that works.
func (p *Prepared) Curl() string {
	parts := []string{"curl -sS"}
	if p.Method != http.MethodPost {
		parts = append(parts, "-X "+shellQuote(p.Method))
	}
	parts = append(parts, shellQuote(p.URL))
	keys := make([]string, 0, len(p.Header))
	for k := range p.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range p.Header[k] {
			parts = append(parts, "-H "+shellQuote(k+": "+v))
		}
	}
	parts = append(parts, "--data-raw "+shellQuote(string(p.Body)))
	return strings.Join(parts, " \\\n  ")
}

// shellQuote quotes s for a POSIX shell: single quotes, with each ' written
// as '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
