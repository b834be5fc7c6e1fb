package store

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Exchange is one recorded call as it went on the wire and came back, with
// every secret already masked by the caller (the store cannot tell a
// secret from other text): the request's client secret, refresh token and
// uid signature, the Authorization and Cookie headers, the response's
// tokens and Set-Cookie. The store keeps at most MaxExchangeBytes of it,
// so a history row stays small.
type Exchange struct {
	Request  ExchangeRequest   `json:"request"`
	Response *ExchangeResponse `json:"response,omitempty"` // nil when no response came
}

// ExchangeRequest is the request of an Exchange.
type ExchangeRequest struct {
	Method  string   `json:"method"`
	URL     string   `json:"url"`
	Headers []Header `json:"headers"`
	Body    string   `json:"body"`
	BodyCut bool     `json:"bodyCut,omitempty"` // Body is the first MaxExchangeBody bytes
}

// ExchangeResponse is the response of an Exchange.
type ExchangeResponse struct {
	Status  int      `json:"status"`
	Headers []Header `json:"headers"`
	Body    string   `json:"body"` // an excerpt: the first MaxExchangeBody bytes
	BodyCut bool     `json:"bodyCut,omitempty"`
}

// Header is one header line, in the order sent or received.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// The bounds of a stored Exchange: MaxExchangeBytes of JSON in all (so
// 200 calls of a profile stay well under 1 MB, see BENCHMARKS.md), each
// body at most MaxExchangeBody bytes. An exchange over the total is cut
// step by step (exchangeSteps): bodies first, then headers.
const (
	MaxExchangeBytes = 3072
	MaxExchangeBody  = 2048
	maxExchangeURL   = 512
)

// exchangeSteps are the successive bounds tried until an exchange fits in
// MaxExchangeBytes: bytes of each body, header lines of each side, bytes of
// each header name and value.
var exchangeSteps = []struct{ body, headers, value int }{
	{MaxExchangeBody, 40, 512}, {1024, 32, 256}, {512, 24, 128}, {256, 16, 64}, {0, 12, 48}, {0, 8, 32},
}

// encodeExchange is x as stored: JSON of at most MaxExchangeBytes (cut by
// exchangeSteps, on UTF-8 boundaries).
func encodeExchange(x Exchange) ([]byte, error) {
	var data []byte
	for _, st := range exchangeSteps {
		b := x.bounded(st.body, st.headers, st.value)
		var err error
		if data, err = json.Marshal(b); err != nil {
			return nil, err
		}
		if len(data) <= MaxExchangeBytes {
			break
		}
	}
	return data, nil
}

// bounded returns x with each body cut to body bytes, each side's headers
// to the first headers lines and each name and value to value bytes.
func (x Exchange) bounded(body, headers, value int) Exchange {
	x.Request.Method = cutUTF8(x.Request.Method, 16)
	x.Request.URL = cutUTF8(x.Request.URL, maxExchangeURL)
	x.Request.Headers = boundHeaders(x.Request.Headers, headers, value)
	x.Request.Body, x.Request.BodyCut = cutBody(x.Request.Body, x.Request.BodyCut, body)
	if x.Response != nil {
		r := *x.Response
		r.Headers = boundHeaders(r.Headers, headers, value)
		r.Body, r.BodyCut = cutBody(r.Body, r.BodyCut, body)
		x.Response = &r
	}
	return x
}

func boundHeaders(hs []Header, n, value int) []Header {
	if len(hs) > n {
		hs = hs[:n]
	}
	out := make([]Header, len(hs))
	for i, h := range hs {
		out[i] = Header{Name: cutUTF8(h.Name, value), Value: cutUTF8(h.Value, value)}
	}
	return out
}

func cutBody(s string, cut bool, n int) (string, bool) {
	if len(s) > n {
		return cutUTF8(s, n), true
	}
	return strings.ToValidUTF8(s, "\uFFFD"), cut
}

// cutUTF8 is s (invalid bytes replaced) cut to at most n bytes on a rune
// boundary.
func cutUTF8(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
