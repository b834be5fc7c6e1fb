package tokenclient

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// secretField is a body field whose value Redacted hides.
type secretField struct{ key, value string }

// PrepareIssue builds the POST to IssuePath for req. It does not validate
// and never fails.
func (c *Client) PrepareIssue(req TokenRequest) *Prepared {
	p := c.prepare(IssuePath, req)
	p.masked = []secretField{{"clientSecret", req.ClientSecret}}
	p.secrets = nonEmpty(req.ClientSecret)
	return p
}

// PrepareRefresh builds the POST to RefreshPath for req. It does not
// validate and never fails.
func (c *Client) PrepareRefresh(req RefreshRequest) *Prepared {
	p := c.prepare(RefreshPath, req)
	p.masked = []secretField{{"clientSecret", req.ClientSecret}, {"refreshToken", req.RefreshToken}}
	p.secrets = nonEmpty(req.ClientSecret, req.RefreshToken, req.UIDSignature)
	return p
}

func (c *Client) prepare(path string, body any) *Prepared {
	h := make(http.Header, 3)
	h.Set("Accept", "application/json")
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", c.opts.UserAgent)
	return &Prepared{
		Method: http.MethodPost,
		URL:    c.opts.BaseURL + path,
		Header: h,
		Body:   marshalBody(body),
	}
}

// marshalBody is compact JSON in field order, without HTML escaping (so
// "<" in a value is sent as "<", as a browser client would).
func marshalBody(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// The request types hold only strings; this cannot happen.
		panic("tokenclient: encoding request: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// Redacted returns a copy for display with the client secret and the
// refresh token replaced by Mask. Everything else, including the
// Content-Length that HTTP renders, is what Send sends. Send refuses a
// redacted copy.
func (p *Prepared) Redacted() *Prepared {
	r := p.clone()
	if p.redacted {
		return r
	}
	r.redacted = true
	r.wireLen = len(p.Body)
	for _, f := range p.masked {
		if f.value == "" {
			continue
		}
		key := marshalBody(f.key)
		from := append(append(bytes.Clone(key), ':'), marshalBody(f.value)...)
		to := append(append(bytes.Clone(key), ':'), marshalBody(Mask)...)
		r.Body = bytes.ReplaceAll(r.Body, from, to)
	}
	return r
}

// IsRedacted reports whether p is a display copy made by Redacted.
func (p *Prepared) IsRedacted() bool { return p.redacted }

func (p *Prepared) clone() *Prepared {
	c := *p
	c.Header = p.Header.Clone()
	c.Body = bytes.Clone(p.Body)
	c.secrets = append([]string(nil), p.secrets...)
	c.masked = append([]secretField(nil), p.masked...)
	return &c
}

func nonEmpty(vals ...string) []string {
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
