package tokenclient

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// PrepareIssue builds the POST to IssuePath for req. It does not validate
// and never fails.
func (c *Client) PrepareIssue(req TokenRequest) *Prepared {
	return c.prepare(IssuePath, req, req.pairs())
}

// PrepareRefresh builds the POST to RefreshPath for req. It does not
// validate and never fails.
func (c *Client) PrepareRefresh(req RefreshRequest) *Prepared {
	return c.prepare(RefreshPath, req.TokenRequest, req.pairs())
}

func (c *Client) prepare(path string, req TokenRequest, pairs []pair) *Prepared {
	enc := req.Encoding
	if enc != EncodingForm {
		enc = EncodingJSON
	}
	ua := c.opts.UserAgent
	if req.UserAgent != "" {
		ua = req.UserAgent
	}
	h := make(http.Header, 3+len(req.Headers))
	h.Set("Accept", "application/json")
	h.Set("Content-Type", enc.ContentType())
	h.Set("User-Agent", ua)
	replaced := map[string]bool{}
	for _, x := range req.Headers {
		// An extra Accept replaces the default one rather than adding a
		// second line.
		k := http.CanonicalHeaderKey(x.Name)
		if k == "Accept" && !replaced[k] {
			h.Del(k)
			replaced[k] = true
		}
		name := wireName(x.Name, k)
		h[name] = append(h[name], x.Value)
	}
	var secrets []string
	for _, p := range pairs {
		if p.secret != "" && p.value != "" {
			secrets = append(secrets, p.value)
		}
	}
	return &Prepared{
		Method:   http.MethodPost,
		URL:      c.opts.BaseURL + path,
		Header:   h,
		Body:     encodeBody(enc, req.JSONStyle, pairs, nil),
		secrets:  secrets,
		pairs:    pairs,
		encoding: enc,
		style:    req.JSONStyle,
	}
}

// canonicalOnly are the header names that go under their canonical key
// whatever case they are given in: Go's transport and this package look
// them up by that key (a lower-case "accept-encoding" would get the
// transport's own gzip added, a "user-agent" Go's default beside it).
var canonicalOnly = map[string]bool{
	"Accept": true, "Accept-Encoding": true, "Authorization": true, "Connection": true, "Content-Length": true,
	"Content-Type": true, "Cookie": true, "Host": true, "Proxy-Authorization": true, "Te": true, "Trailer": true,
	"Transfer-Encoding": true, "Upgrade": true, "User-Agent": true,
}

// wireName is the header map key an extra header goes under: its name
// exactly as given, so HTTP/1.1 sends it in the client's own case ("DNT",
// "x-domain-id", not Go's "Dnt" and "X-Domain-Id"), or the canonical key
// for the names in canonicalOnly. HTTP/2 lower-cases every name anyway.
func wireName(name, canonical string) string {
	if canonicalOnly[canonical] {
		return canonical
	}
	return name
}

// marshalBody is one JSON value, compact, without HTML escaping.
func marshalBody(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only strings reach here; this cannot happen.
		panic("tokenclient: encoding request: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// secretHeaders are header names whose values Redacted hides.
var secretHeaders = []string{"Authorization", "Cookie", "Proxy-Authorization"}

// bearerPrefix starts an Authorization header that carries an access token.
const bearerPrefix = "Bearer "

// Redacted returns a copy for display with the client secret, the refresh
// token and the uid signature replaced by Mask, in either encoding, and the
// values of headers that may carry a secret (IsSecretHeader:
// Authorization, Cookie, Proxy-Authorization, Set-Cookie, ...) masked.
// Everything else, including the Content-Length that HTTP renders, is what
// Send sends. Send refuses a redacted copy; its Curl reads the secrets from
// environment variables (EnvClientSecret, EnvRefreshToken, EnvUIDSignature).
func (p *Prepared) Redacted() *Prepared {
	r := p.clone()
	if p.redacted {
		return r
	}
	r.redacted = true
	r.wireLen = len(p.Body)
	if p.pairs != nil {
		r.Body = encodeBody(p.encoding, p.style, p.pairs, func(x pair) string { return MaskSecret(x.value) })
	}
	for k, vs := range r.Header {
		if IsSecretHeader(k) {
			for i := range vs {
				vs[i] = Mask
			}
		}
	}
	return r
}

// SecretValues lists the request's sensitive values (client secret, refresh
// token, uid signature), a copy, also on a redacted copy, so a display can
// mask them wherever else they appear (MaskValues).
func (p *Prepared) SecretValues() []string { return append([]string(nil), p.secrets...) }

// IsRedacted reports whether p is a display copy made by Redacted.
func (p *Prepared) IsRedacted() bool { return p.redacted }

func (p *Prepared) clone() *Prepared {
	c := *p
	c.Header = p.Header.Clone()
	c.Body = bytes.Clone(p.Body)
	c.secrets = append([]string(nil), p.secrets...)
	c.pairs = append([]pair(nil), p.pairs...)
	return &c
}
