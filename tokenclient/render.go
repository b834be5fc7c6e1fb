package tokenclient

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// HTTP renders the request as HTTP/1.1 text, lines ending in "\n": the
// request line, the headers in the order Send puts them on the wire (Host,
// User-Agent and Content-Length, which the transport writes first, then
// the others sorted by name, as net/http writes them), a blank line and
// the body.
func (p *Prepared) HTTP() string {
	target, host := p.URL, ""
	if u, err := url.Parse(p.URL); err == nil && u.Host != "" {
		target, host = u.RequestURI(), u.Host
	}
	var b strings.Builder
	b.WriteString(p.Method + " " + target + " HTTP/1.1\n")
	if host != "" {
		b.WriteString("Host: " + host + "\n")
	}
	if ua := p.Header.Get("User-Agent"); ua != "" {
		b.WriteString("User-Agent: " + ua + "\n")
	}
	if p.hasBody() {
		b.WriteString("Content-Length: " + strconv.Itoa(p.contentLength()) + "\n")
	}
	keys := make([]string, 0, len(p.Header))
	for k := range p.Header {
		switch http.CanonicalHeaderKey(k) {
		case "Host", "User-Agent", "Content-Length":
			continue // written above, once, as the transport does
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range p.Header[k] {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	b.WriteString("\n")
	b.Write(p.Body)
	return b.String()
}

// hasBody reports whether the request sends a body: every POST and PUT
// does (even an empty one), a GET only when it has bytes to send.
func (p *Prepared) hasBody() bool {
	return p.Method != http.MethodGet || len(p.Body) > 0
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
// sending the same method, URL, headers and body bytes, the headers in the
// order HTTP shows them (curl itself adds Host and Content-Length).
//
// For a Redacted copy the client secret, refresh token and uid signature
// are written as shell references to $AUTHDECK_CLIENT_SECRET,
// $AUTHDECK_REFRESH_TOKEN and $AUTHDECK_UID_SIGNATURE, and a masked bearer
// token as $AUTHDECK_ACCESS_TOKEN, so the command runs once those are
// exported. A GET without a body gets no --data-raw. The value is inserted as is: it must not need
// escaping (no '"' or '\' in a JSON body, no '&', '+', '%' or '=' in a form
// body), which holds for the values the service hands out except a form
// body's uid signature (base64 may hold '+' and '=').
func (p *Prepared) Curl() string {
	parts := []string{"curl -sS"}
	if p.Method != http.MethodPost && p.hasBody() {
		parts = append(parts, "-X "+shellQuote(p.Method))
	}
	parts = append(parts, shellQuote(p.URL))
	// The wire order, as HTTP renders it: User-Agent (which the transport
	// writes first), then the others sorted by name.
	keys := make([]string, 0, len(p.Header))
	for k := range p.Header {
		if http.CanonicalHeaderKey(k) != "User-Agent" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for k := range p.Header {
		if http.CanonicalHeaderKey(k) == "User-Agent" {
			keys = append([]string{k}, keys...)
		}
	}
	for _, k := range keys {
		for _, v := range p.Header[k] {
			if p.redacted && p.bearer && k == "Authorization" {
				// The masked bearer token is read from the environment.
				parts = append(parts, "-H "+shellQuote(k+": "+bearerPrefix)+`"$`+EnvAccessToken+`"`)
				continue
			}
			parts = append(parts, "-H "+shellQuote(k+": "+v))
		}
	}
	if p.hasBody() {
		parts = append(parts, "--data-raw "+p.curlBody())
	}
	return strings.Join(parts, " \\\n  ")
}

// shellQuote quotes s for a POSIX shell: single quotes, with each ' written
// as '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// curlSentinel marks where a secret goes in a redacted curl body; it is
// left unchanged by both body encodings and shellQuote.
const curlSentinel = "AUTHDECKCURLSENTINEL"

// curlBody is the shell-quoted body; in a redacted copy each secret is an
// environment variable reference.
func (p *Prepared) curlBody() string {
	if !p.redacted || p.pairs == nil {
		return shellQuote(string(p.Body))
	}
	body := encodeBody(p.encoding, p.style, p.pairs, func(x pair) string {
		if x.value == "" {
			return ""
		}
		return curlSentinel + x.secret + curlSentinel
	})
	q := shellQuote(string(body))
	for _, v := range []string{EnvClientSecret, EnvRefreshToken, EnvUIDSignature} {
		q = strings.ReplaceAll(q, curlSentinel+v+curlSentinel, `'"$`+v+`"'`)
	}
	return q
}

// CurlNeedsReveal names the environment variables of a redacted Curl whose
// values the body encoding would escape (a '"' or '\' in a JSON body, '&',
// '+', '%' or '=' in a form body, ...): a redacted curl command inserts them
// as they are, so it would not send what authdeck sends. Call it on the
// request before Redacted; nil when the redacted curl is exact.
func (p *Prepared) CurlNeedsReveal() []string {
	var out []string
	for _, x := range p.pairs {
		if x.secret == "" || x.value == "" || slices.Contains(out, x.secret) {
			continue
		}
		one := []pair{{name: "k", value: x.value}}
		if !bytes.Contains(encodeBody(p.encoding, p.style, one, nil), []byte(x.value)) {
			out = append(out, x.secret)
		}
	}
	return out
}
