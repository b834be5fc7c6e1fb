package tokenclient

import (
	"crypto/tls"
	"net/http"
	"strings"
	"time"
)

// New returns a Client for opts, filling in defaults. It never fails: a bad
// base URL is reported by Send as a *ValidationError on "endpoint".
func New(opts Options) *Client {
	opts.BaseURL = strings.TrimRight(strings.TrimSpace(opts.BaseURL), "/")
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultBaseURL
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "authdeck/" + Version
	}
	if opts.Transport == nil {
		opts.Transport = hardenedTransport()
	}
	return &Client{
		opts: opts,
		http: &http.Client{
			Transport: opts.Transport,
			// Never follow a redirect: the POST carries the client secret.
			// The 3xx comes back as a response and Send turns it into a
			// *RedirectError.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// BaseURL is the service URL requests go to, without a trailing slash.
func (c *Client) BaseURL() string { return c.opts.BaseURL }

// Timeout is the overall deadline of one call.
func (c *Client) Timeout() time.Duration { return c.opts.Timeout }

// hardenedTransport is http.DefaultTransport with the proxy taken from the
// environment, TLS 1.2 as the minimum and transparent compression off (so
// the headers on the wire are exactly the ones Prepared shows).
func hardenedTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	t.DisableCompression = true
	t.MaxResponseHeaderBytes = 64 << 10 // a token response has a handful of headers
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{}
	}
	t.TLSClientConfig.MinVersion = tls.VersionTLS12
	return t
}
