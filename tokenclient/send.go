package tokenclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"time"
)

// ErrRedactedSend is returned by Send when given a copy made by Redacted,
// whose secrets are masks.
var ErrRedactedSend = errors.New("tokenclient: Send was given the Redacted display copy; send the original Prepared")

// Issue validates req, then sends it to IssuePath. A *ValidationError means
// nothing was sent.
func (c *Client) Issue(ctx context.Context, req TokenRequest) (*Result, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return c.Send(ctx, c.PrepareIssue(req))
}

// Refresh validates req, then sends it to RefreshPath. A *ValidationError
// means nothing was sent.
func (c *Client) Refresh(ctx context.Context, req RefreshRequest) (*Result, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return c.Send(ctx, c.PrepareRefresh(req))
}

// Send sends p exactly as prepared and reads the answer, within the
// client's timeout and the context. The *Result is returned whenever a
// response arrived, even alongside an error. Errors are *ValidationError
// (bad endpoint URL; nothing sent), *NetworkError, *RedirectError,
// *HTTPError or *ResponseError; none of their texts contains a secret.
// The endpoint rule (ValidateEndpoint, with Options.AllowInsecureHTTP) is
// checked here, so no request reaches the network without it.
func (c *Client) Send(ctx context.Context, p *Prepared) (*Result, error) {
	return c.observe(p, func() (*Result, error) {
		res, oversize, err := c.exchange(ctx, p)
		if res == nil || err != nil {
			return res, err
		}
		return res, check(res, res.Header, oversize, res.Received, p.secrets)
	})
}

// observe runs one call and reports it to Options.Observe (the verbose
// exchange) unless nothing was sent.
func (c *Client) observe(p *Prepared, call func() (*Result, error)) (*Result, error) {
	res, err := call()
	var ve *ValidationError
	if c.opts.Observe != nil && !errors.Is(err, ErrRedactedSend) && !errors.As(err, &ve) {
		c.opts.Observe(Exchange{Request: p.Redacted(), Result: res, Err: err})
	}
	return res, err
}

// exchange sends p and reads the whole answer without judging it: the
// part of Send every call shares (the endpoint rule, the deadline, the
// timing, the decoding, the body cap). It reports whether the body was cut
// at MaxBodySize. The *Result is non-nil whenever a response arrived.
func (c *Client) exchange(ctx context.Context, p *Prepared) (*Result, bool, error) {
	if p.redacted {
		return nil, false, ErrRedactedSend
	}
	u, err := checkEndpoint(p.URL, c.opts.AllowInsecureHTTP)
	if err != nil {
		return nil, false, err
	}
	addr := hostPort(u)

	callCtx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	tm := newTimer()
	var body io.Reader = bytes.NewReader(p.Body)
	if len(p.Body) == 0 && p.Method == http.MethodGet {
		body = nil // a GET without a body sends no Content-Length
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(callCtx, tm.trace()),
		p.Method, p.URL, body)
	if err != nil {
		return nil, false, &ValidationError{Problems: []FieldError{{"endpoint", "cannot build a request: " + err.Error()}}}
	}
	if p.Header != nil {
		req.Header = p.Header.Clone()
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return nil, false, c.failure(ctx, callCtx, err, addr, "send", p.secrets)
	}
	defer resp.Body.Close()
	received := time.Now()
	res := &Result{Status: resp.StatusCode, Proto: resp.Proto, Header: resp.Header, Received: received}
	r, err := decodedBody(resp)
	if err != nil {
		res.Timing = tm.done()
		return res, false, &ResponseError{Status: res.Status, Reason: err.Error()}
	}
	raw, err := io.ReadAll(io.LimitReader(r, MaxBodySize+1))
	oversize := len(raw) > MaxBodySize
	if oversize {
		raw = raw[:MaxBodySize]
	}
	res.Raw = raw
	res.Timing = tm.done()
	if err != nil {
		return res, oversize, c.failure(ctx, callCtx, err, addr, "read", p.secrets)
	}
	return res, oversize, nil
}

// check turns a complete response into the token, or an error.
func check(res *Result, h http.Header, oversize bool, received time.Time, secrets []string) error {
	ct := h.Get("Content-Type")
	switch {
	case res.Status >= 300 && res.Status < 400:
		return &RedirectError{Status: res.Status, Location: excerpt([]byte(h.Get("Location")), "", secrets)}
	case res.Status >= 400:
		return &HTTPError{
			Status:     res.Status,
			Excerpt:    excerpt(res.Raw, ct, secrets),
			Body:       res.Raw,
			RetryAfter: parseRetryAfter(h.Get("Retry-After"), received),
		}
	case res.Status < 200:
		return &ResponseError{Status: res.Status, Reason: "that is not a final answer", Excerpt: excerpt(res.Raw, ct, secrets)}
	case oversize:
		return &ResponseError{Status: res.Status,
			Reason:  fmt.Sprintf("the body is larger than %d MiB, the most authdeck reads; is the endpoint right?", MaxBodySize>>20),
			Excerpt: excerpt(res.Raw, ct, secrets)}
	}
	tr, reason := parseTokenResponse(res.Raw, ct)
	if reason != "" {
		return &ResponseError{Status: res.Status, Reason: reason, Excerpt: excerpt(res.Raw, ct, secrets)}
	}
	res.Token = tr
	res.Expiry = ExpiryOf(tr.ExpiresIn, received)
	return nil
}

// failure explains why a call failed before a complete response: the
// caller cancelled, a deadline passed, or the network failed.
func (c *Client) failure(parent, callCtx context.Context, err error, addr, op string, secrets []string) *NetworkError {
	while := "waiting for " + addr
	if op == "read" {
		while = "reading the response from " + addr
	}
	var ne *NetworkError
	switch {
	case parent.Err() != nil && errors.Is(parent.Err(), context.Canceled):
		cause := context.Cause(parent)
		text := "request canceled while " + while
		if cause != nil && !errors.Is(cause, context.Canceled) {
			text += " (" + cause.Error() + ")"
		}
		ne = &NetworkError{Op: "canceled", Addr: addr, Err: errors.Join(context.Canceled, cause), text: text}
	case parent.Err() != nil:
		ne = &NetworkError{Op: "timeout", Addr: addr, Err: context.DeadlineExceeded,
			text: "timed out: the caller's deadline passed while " + while}
	case callCtx.Err() != nil:
		ne = &NetworkError{Op: "timeout", Addr: addr, Err: context.DeadlineExceeded,
			text: fmt.Sprintf("timed out after %s %s; raise the timeout if the service is just slow", c.opts.Timeout, while)}
	default:
		ne = classify(err, addr, op)
	}
	ne.text = scrub(ne.text, secrets)
	return ne
}
