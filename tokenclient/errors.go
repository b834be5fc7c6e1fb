package tokenclient

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// FieldError is one problem with one request field.
type FieldError struct {
	// Field is the JSON name of the field, e.g. "deviceId". Problems that
	// are not about the body (the endpoint URL) use "endpoint".
	Field string
	// Message says what is wrong and what is expected, without repeating
	// the field name and never quoting a secret value.
	Message string
}

// String is "field: message".
func (f FieldError) String() string { return f.Field + ": " + f.Message }

// ValidationError lists every problem found in a request before anything
// was sent. Problems are in the order of the fields in the JSON body.
type ValidationError struct {
	Problems []FieldError
}

// Error reports every problem, each naming its field.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	switch len(parts) {
	case 0:
		return validationPrefix
	case 1:
		return validationPrefix + ": " + parts[0]
	}
	return fmt.Sprintf(validationPrefix+" (%d problems): %s", len(parts), strings.Join(parts, "; "))
}

// validationPrefix starts the text of every ValidationError.
const validationPrefix = "invalid request"

// NotSent reads the text of a call's error as a history keeps it (the
// start of err.Error()): notSent is true when it is a *ValidationError's,
// a request refused before anything was sent, and noSecret when one of its
// problems is a missing client secret (a profile imported without its
// secrets, say). Lists use it to say "no secret" rather than "failed" for
// a call that never went out.
func NotSent(text string) (notSent, noSecret bool) {
	if text != validationPrefix && !strings.HasPrefix(text, validationPrefix+": ") && !strings.HasPrefix(text, validationPrefix+" (") {
		return false, false
	}
	// The history may have cut the text: the problem's start is enough.
	return true, strings.Contains(text, missingSecretProblem)
}

// missingSecretProblem starts the problem of a request without a client
// secret, as FieldError.String writes it (credentialProblem's "is
// required").
const missingSecretProblem = "clientSecret: is required"

// For returns the message for one field, or "" when that field is fine.
func (e *ValidationError) For(field string) string {
	for _, p := range e.Problems {
		if p.Field == field {
			return p.Message
		}
	}
	return ""
}

// HTTPError is a 4xx or 5xx answer from the server.
type HTTPError struct {
	Status int
	// Excerpt is a short, single-line, sanitised start of the body with
	// secrets and tokens masked; safe to show and log.
	Excerpt string
	// Body is the body as received (up to MaxBodySize). It is not
	// sanitised: do not log it.
	Body []byte
	// RetryAfter is the parsed Retry-After header (seconds or an HTTP date),
	// capped at MaxRetryAfter; zero when absent or unparsable.
	RetryAfter time.Duration
	// noHint leaves out the token calls' hint (an activation call's
	// StepError gives its own).
	noHint bool
}

// Error says the status, what it usually means and the start of the body.
func (e *HTTPError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the server refused the request: %s", statusText(e.Status))
	if hint := statusHint(e.Status); hint != "" && !e.noHint {
		b.WriteString(" (" + hint + ")")
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, "; retry after %s", e.RetryAfter)
	}
	if e.Excerpt != "" {
		fmt.Fprintf(&b, "; body: %q", e.Excerpt)
	}
	return b.String()
}

// RedirectError is a 3xx answer. Redirects are never followed: the request
// carries the client secret and must not be replayed to another URL.
type RedirectError struct {
	Status   int
	Location string // sanitised Location header; "" when absent
}

// Error names the status and where the server wanted to send the request.
func (e *RedirectError) Error() string {
	where := "without a Location header"
	if e.Location != "" {
		where = "to " + e.Location
	}
	return fmt.Sprintf("the server answered %s, redirecting %s; redirects are not followed "+
		"so the secret is never sent elsewhere: set the endpoint to the final URL if you trust it",
		statusText(e.Status), where)
}

// ResponseError is a 2xx answer whose body is not a usable token response:
// not JSON, HTML, too large, without an accessToken, or with a non-integer
// expiresIn.
type ResponseError struct {
	Status  int
	Reason  string // plain words, e.g. "the body is HTML, not JSON"
	Excerpt string // sanitised start of the body, secrets masked
}

// Error names the status, the reason and the start of the body.
func (e *ResponseError) Error() string {
	s := fmt.Sprintf("the server answered %s but %s", statusText(e.Status), e.Reason)
	if e.Excerpt != "" {
		s += fmt.Sprintf("; body: %q", e.Excerpt)
	}
	return s
}

// NetworkError is a failure before a complete answer arrived.
//
// Op is one of "dns", "connect", "tls", "timeout", "canceled", "proxy",
// "send", "read" or "endpoint"; Addr is the host:port being talked to; Err
// is the underlying error (errors.Is(err, context.Canceled) and
// context.DeadlineExceeded work through it).
type NetworkError struct {
	Op   string
	Addr string
	Err  error
	// text is the plain-words message built when the error was classified.
	text string
}

// Error is the failure in plain words, e.g. "connection refused by
// 127.0.0.1:8080" or "timed out after 30s".
func (e *NetworkError) Error() string {
	if e.text != "" {
		return e.text
	}
	if e.Err == nil {
		return e.Op + " " + e.Addr + " failed"
	}
	return fmt.Sprintf("%s %s: %v", e.Op, e.Addr, e.Err)
}

// Unwrap returns the underlying error.
func (e *NetworkError) Unwrap() error { return e.Err }

// Timeout reports whether the failure was a timeout.
func (e *NetworkError) Timeout() bool { return e.Op == "timeout" }

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("status %d", code)
}

func statusHint(code int) string {
	switch {
	case code == http.StatusBadRequest:
		return "a field is missing or malformed"
	case code == http.StatusUnauthorized:
		return "check the client key and secret, or the refresh token"
	case code == http.StatusForbidden:
		return "the uid signature did not verify or the client is not allowed"
	case code == http.StatusNotFound || code == http.StatusMethodNotAllowed:
		return "check the endpoint URL"
	case code == http.StatusTooManyRequests:
		return "rate limited: wait before trying again"
	case code >= 500:
		return "the service failed; try again later"
	}
	return ""
}
