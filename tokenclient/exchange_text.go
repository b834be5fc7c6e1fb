package tokenclient

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// secretResponseHeaders are response headers whose values HeadText masks,
// beside the request's secretHeaders.
var secretResponseHeaders = []string{"Set-Cookie", "Set-Cookie2", "Proxy-Authenticate-Info", "Authentication-Info"}

// IsSecretHeader reports whether a header's value may carry a secret
// (Authorization, Cookie, Set-Cookie, ...), so every display masks it.
func IsSecretHeader(name string) bool {
	for _, s := range secretHeaders {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	for _, s := range secretResponseHeaders {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	return false
}

// HeaderLine is one header of a response, its value masked when it may
// carry a secret.
type HeaderLine struct {
	Name, Value string
}

// MaskedHeader lists the response's headers sorted by name, values of
// secret headers (IsSecretHeader) replaced by Mask, and the issued access
// and refresh tokens masked wherever a value repeats them.
func (r *Result) MaskedHeader() []HeaderLine {
	if r == nil {
		return nil
	}
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []HeaderLine
	for _, k := range keys {
		for _, v := range r.Header[k] {
			if IsSecretHeader(k) {
				v = Mask
			}
			for _, tok := range []string{r.Token.AccessToken, r.Token.RefreshToken} {
				if tok != "" {
					v = strings.ReplaceAll(v, tok, MaskSecret(tok))
				}
			}
			out = append(out, HeaderLine{k, v})
		}
	}
	return out
}

// HeadText is the response's status line and headers as HTTP text, lines
// ending in "\n", secrets masked (MaskedHeader).
func (r *Result) HeadText() string {
	if r == nil {
		return ""
	}
	proto := r.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d %s\n", proto, r.Status, http.StatusText(r.Status))
	for _, h := range r.MaskedHeader() {
		b.WriteString(h.Name + ": " + h.Value + "\n")
	}
	return b.String()
}
