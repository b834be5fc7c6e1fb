package tokenclient

import (
	"net/http"
	"time"
)

// Version is authdeck's version, sent in the User-Agent header.
var Version = "dev"

// DefaultTimeout bounds a whole call (connect, TLS, request, response).
const DefaultTimeout = 30 * time.Second

// MaxBodySize is the largest response body the client reads.
const MaxBodySize = 1 << 20

// Options configure a Client. The zero value talks to DefaultBaseURL with
// DefaultTimeout.
type Options struct {
	BaseURL   string            // default DefaultBaseURL
	Timeout   time.Duration     // overall deadline per call; default DefaultTimeout
	UserAgent string            // default "authdeck/" + Version
	Transport http.RoundTripper // for tests; default a hardened clone of http.DefaultTransport
	// AllowInsecureHTTP lets Send use plain http to a host that is not
	// loopback. Without it such a request is refused (see ValidateEndpoint):
	// the body carries the client secret. Show it to the user when set.
	AllowInsecureHTTP bool
	// Observe, when set, is called once per Send that reached the
	// transport, after the answer (or the failure): with the request's
	// Redacted copy, the result (nil without a response) and the error.
	// It runs on the caller's goroutine; the CLI's -v prints from it.
	Observe func(Exchange)
}

// Exchange is one call as Options.Observe sees it. Request is the masked
// display copy; Result.Header is as received (render it with
// Result.HeadText, which masks).
type Exchange struct {
	Request *Prepared
	Result  *Result
	Err     error
}

// Client sends token requests to one identity service. It is safe for
// concurrent use.
type Client struct {
	opts Options
	http *http.Client
}

// Prepared is an HTTP request ready to send: exactly the method, URL, headers
// and body that go on the wire. The preview renders it, the curl export
// prints it and Send sends it, so all three agree byte for byte.
type Prepared struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// secrets are the sensitive values of the request (client secret,
	// refresh token, uid signature); Send masks them in every error text.
	secrets []string
	// pairs are the body fields in wire order (nil for a Prepared built
	// by hand); Redacted and Curl re-encode them with the secrets hidden.
	pairs []pair
	// encoding and style are how pairs were encoded into Body.
	encoding Encoding
	style    JSONStyle
	// bearer marks an activation call, whose Authorization header is
	// "Bearer <accessToken>" (a redacted Curl reads the token from
	// EnvAccessToken).
	bearer bool
	// redacted marks a display copy made by Redacted; Send refuses it.
	redacted bool
	// wireLen is the length of the body that is sent, kept by Redacted so
	// HTTP renders the real Content-Length.
	wireLen int
}

// Result is what came back from one call. Send returns it whenever a
// response was received, even alongside an error, so the status, body and
// timing can be shown for failures too.
type Result struct {
	Status int
	// Proto is the response's protocol, e.g. "HTTP/1.1".
	Proto  string
	Header http.Header
	Raw    []byte // the response body as received
	Token  TokenResponse
	Timing Timing
	Expiry Expiry
	// Received is the local time the response headers arrived (zero for a
	// Result not built by Send); ClockSkew compares the Date header with it.
	Received time.Time
}

// Timing is the phase breakdown of one call (net/http/httptrace). Phases
// that did not happen (a reused connection, plain http) are zero.
type Timing struct {
	DNS       time.Duration
	Connect   time.Duration
	TLS       time.Duration
	FirstByte time.Duration // from sending the request to the first response byte
	Total     time.Duration
}

// Expiry is when an access token expires.
type Expiry struct {
	At time.Time
	// Relative is true when the server sent a duration (a number under 1e9)
	// instead of an absolute unix time and At was computed from the receive time.
	Relative bool
	// Clamped is true when the server's expiresIn was later than
	// LatestExpiry and At is LatestExpiry instead.
	Clamped bool
}
