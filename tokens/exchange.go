package tokens

import (
	"errors"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// preparer is what an Issuer that can show its requests offers
// (*tokenclient.Client does): the exact request Issue and Refresh send.
type preparer interface {
	PrepareIssue(tokenclient.TokenRequest) *tokenclient.Prepared
	PrepareRefresh(tokenclient.RefreshRequest) *tokenclient.Prepared
}

// secretResponseHeaders are the headers (of either side) whose values
// are never kept.
var secretResponseHeaders = map[string]bool{"Set-Cookie": true, "Authorization": true, "Cookie": true, "Proxy-Authorization": true}

// tokenField is a JSON string field that holds a token or a secret; its
// value is masked in a kept body whatever it is.
var tokenField = regexp.MustCompile(`(?i)("[a-z_]*(token|secret|signature|password)[a-z_]*"\s*:\s*")((?:[^"\\]|\\.)*)(")`)

// jwtLike is anything shaped like a JWT; masked wherever it occurs.
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)

// exchange describes a call for the history with every secret masked: the
// request as sent (sent is the Redacted copy; nil when the issuer cannot
// show it or nothing was sent) and the response when one came. The
// secrets of sec and the tokens of res are masked wherever they occur, the
// values of secret headers and of token fields in either body always.
func exchange(sent *tokenclient.Prepared, res *tokenclient.Result, err error, sec store.Secrets) *store.Exchange {
	var ve *tokenclient.ValidationError
	if sent == nil || errors.As(err, &ve) {
		return nil // nothing was sent
	}
	secrets := []string{sec.ClientSecret, sec.AccessToken, sec.RefreshToken, sec.UIDSignature}
	if res != nil {
		secrets = append(secrets, res.Token.AccessToken, res.Token.RefreshToken)
	}
	mask := func(s string) string { return maskText(s, secrets) }
	x := &store.Exchange{Request: store.ExchangeRequest{
		Method: sent.Method, URL: mask(sent.URL), Headers: headers(sent.Header, mask), Body: mask(string(sent.Body)),
	}}
	if res != nil {
		x.Response = &store.ExchangeResponse{Status: res.Status, Headers: headers(res.Header, mask), Body: mask(string(res.Raw))}
	}
	return x
}

// maskText masks the values in s, then token fields and JWTs. A value too
// short to mask safely withholds the whole text (tokenclient.MaskValues).
func maskText(s string, values []string) string {
	s = tokenclient.MaskValues(strings.ToValidUTF8(s, "\uFFFD"), values...)
	s = tokenField.ReplaceAllStringFunc(s, func(m string) string {
		p := tokenField.FindStringSubmatch(m)
		if p[3] == "" {
			return m
		}
		return p[1] + tokenclient.Mask + p[4]
	})
	return jwtLike.ReplaceAllString(s, tokenclient.Mask)
}

// headers lists h sorted by name (values in order), secret ones masked.
func headers(h http.Header, mask func(string) string) []store.Header {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []store.Header
	for _, k := range names {
		for _, v := range h[k] {
			if secretResponseHeaders[http.CanonicalHeaderKey(k)] {
				v = tokenclient.MaskSecret(v)
			} else {
				v = mask(v)
			}
			out = append(out, store.Header{Name: k, Value: v})
		}
	}
	return out
}
