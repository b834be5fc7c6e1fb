package tokenclient

import "net/http"

// Transport is the round tripper the client's requests go through (by
// default the proxy from the environment, TLS 1.2 at least, no transparent
// compression). `authdeck doctor` probes an endpoint through it, so the
// probe takes the route a token request takes.
func (c *Client) Transport() http.RoundTripper { return c.opts.Transport }
