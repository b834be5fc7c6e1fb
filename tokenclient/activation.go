package tokenclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// The device activation paths (contract revision 3), relative to the base URL.
const (
	RegCodePath  = "/utilities/v1/regcode"
	KeystorePath = "/keystore/v1/mvpd/"
)

// Activation defaults, as TV clients use them.
const (
	// DefaultActivationTTL is how long an announced code stays valid
	// (clients send ttl=600000 ms and expiresIn 600).
	DefaultActivationTTL = 600 * time.Second
	// DefaultPollInterval is how often the record is read (EPlusTV's 5 s).
	DefaultPollInterval = 5 * time.Second
	// DefaultActivationURL is the page where a person activates a code.
	DefaultActivationURL = "https://id.nfl.com/account/activate"
)

// IDP is who the person signs in with on the activation page.
type IDP string

// The identity providers a device can wait for. IDPNFL is an NFL account
// (the record then carries uid, uidSignature and signatureTimestamp); the
// others are a TV provider or a partner (idp, userId and uuid).
const (
	IDPNFL        IDP = "NFL"
	IDPTVProvider IDP = "TV_PROVIDER"
	IDPAmazon     IDP = "AMAZON"
	IDPPeacock    IDP = "PEACOCK"
	IDPYouTube    IDP = "YOUTUBE"
)

// ParseIDP reads a user's choice: nfl, tv-provider, amazon, peacock or
// youtube (case-insensitive, "_" or "-"); "" is nfl.
func ParseIDP(s string) (IDP, error) {
	switch normalizeIDP(s) {
	case "", "NFL":
		return IDPNFL, nil
	case "TV_PROVIDER", "TVPROVIDER", "MVPD":
		return IDPTVProvider, nil
	case "AMAZON":
		return IDPAmazon, nil
	case "PEACOCK":
		return IDPPeacock, nil
	case "YOUTUBE":
		return IDPYouTube, nil
	}
	return "", fmt.Errorf("%s is not an identity provider: use nfl, tv-provider, amazon, peacock or youtube", quoteShort(s))
}

func normalizeIDP(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		case c == '-':
			b[i] = '_'
		}
	}
	return string(b)
}

// Flag is the lower-case name the CLI's --idp takes.
func (i IDP) Flag() string {
	switch i {
	case IDPTVProvider:
		return "tv-provider"
	case IDPAmazon:
		return "amazon"
	case IDPPeacock:
		return "peacock"
	case IDPYouTube:
		return "youtube"
	}
	return "nfl"
}

// Announce is the body of PUT /keystore/v1/mvpd/{regCode}: what the device
// waits for. On the wire it is ctvDevice, deviceId, expiresIn, platform,
// regCode, then nflAccount and nflToken (an NFL account) or idp and
// nflAccount false (a TV provider or partner), the order EPlusTV sends.
type Announce struct {
	RegCode   string
	DeviceID  string
	CtvDevice string        // the TV platform; default "AndroidTV"
	IDP       IDP           // default IDPNFL
	TTL       time.Duration // default DefaultActivationTTL
}

// ttl is the announced time to live.
func (a Announce) ttl() time.Duration {
	if a.TTL <= 0 {
		return DefaultActivationTTL
	}
	return a.TTL
}

// pairs is the announce body in wire order. Booleans and the number are
// raw JSON values.
func (a Announce) pairs() []pair {
	ctv := a.CtvDevice
	if ctv == "" {
		ctv = "AndroidTV"
	}
	p := []pair{
		{name: "ctvDevice", value: ctv},
		{name: "deviceId", value: a.DeviceID},
		{name: "expiresIn", raw: []byte(strconv.FormatInt(int64(a.ttl()/time.Second), 10))},
		{name: "platform", value: "ctv"},
		{name: "regCode", value: a.RegCode},
	}
	if a.IDP == "" || a.IDP == IDPNFL {
		return append(p, pair{name: "nflAccount", raw: []byte("true")}, pair{name: "nflToken", raw: []byte("true")})
	}
	return append(p, pair{name: "idp", value: string(a.IDP)}, pair{name: "nflAccount", raw: []byte("false")})
}

// PrepareRegCode builds GET /utilities/v1/regcode with the access token as
// a Bearer token. Redacted masks the token.
func (c *Client) PrepareRegCode(accessToken string) *Prepared {
	return c.prepareBearer(http.MethodGet, RegCodePath, accessToken, nil)
}

// PrepareAnnounce builds PUT /keystore/v1/mvpd/{regCode}?ttl=MS with a's
// JSON body.
func (c *Client) PrepareAnnounce(accessToken string, a Announce) *Prepared {
	path := KeystorePath + url.PathEscape(a.RegCode) + "?ttl=" + strconv.FormatInt(a.ttl().Milliseconds(), 10)
	return c.prepareBearer(http.MethodPut, path, accessToken, a.pairs())
}

// PreparePoll builds GET /keystore/v1/mvpd/{regCode}.
func (c *Client) PreparePoll(accessToken, regCode string) *Prepared {
	return c.prepareBearer(http.MethodGet, KeystorePath+url.PathEscape(regCode), accessToken, nil)
}

// prepareBearer builds an activation call: Accept JSON, the Bearer token,
// authdeck's User-Agent, and a JSON body when pairs is non-nil.
func (c *Client) prepareBearer(method, path, accessToken string, pairs []pair) *Prepared {
	h := make(http.Header, 4)
	h.Set("Accept", "application/json")
	h.Set("Authorization", bearerPrefix+accessToken)
	h.Set("User-Agent", c.opts.UserAgent)
	var body []byte
	if pairs != nil {
		h.Set("Content-Type", EncodingJSON.ContentType())
		body = encodeBody(EncodingJSON, JSONCompact, pairs, nil)
	}
	var secrets []string
	if accessToken != "" {
		secrets = []string{accessToken}
	}
	return &Prepared{
		Method:   method,
		URL:      c.opts.BaseURL + path,
		Header:   h,
		Body:     body,
		secrets:  secrets,
		pairs:    pairs,
		encoding: EncodingJSON,
		bearer:   true,
	}
}

// ActivationStep names one call of the activation flow in messages.
type ActivationStep string

// The steps of the flow, in order.
const (
	StepToken    ActivationStep = "anonymous token"
	StepRegCode  ActivationStep = "registration code"
	StepAnnounce ActivationStep = "announce"
	StepPoll     ActivationStep = "poll"
	StepRefresh  ActivationStep = "signed-in refresh"
)

// StepError is a failed activation call: the step, the call, and the
// underlying *HTTPError, *NetworkError, *ResponseError, *RedirectError or
// *ValidationError. Its text names the step, the status and what to try,
// and never holds a secret.
type StepError struct {
	Step ActivationStep
	Call string // e.g. "PUT /keystore/v1/mvpd/K7QX3M"
	Err  error
}

// Error is "announce (PUT /keystore/v1/mvpd/K7QX3M): <what happened>; <what to try>".
func (e *StepError) Error() string {
	s := string(e.Step)
	if e.Call != "" {
		s += " (" + e.Call + ")"
	}
	s += ": " + e.Err.Error()
	if hint := e.Hint(); hint != "" {
		s += "; " + hint
	}
	return s
}

// Unwrap returns the underlying error.
func (e *StepError) Unwrap() error { return e.Err }

// Status is the HTTP status the step got, or 0 when none arrived.
func (e *StepError) Status() int {
	var he *HTTPError
	if errors.As(e.Err, &he) {
		return he.Status
	}
	var re *ResponseError
	if errors.As(e.Err, &re) {
		return re.Status
	}
	var rd *RedirectError
	if errors.As(e.Err, &rd) {
		return rd.Status
	}
	return 0
}

// Hint says what to try after this step failed this way.
func (e *StepError) Hint() string {
	st := e.Status()
	var ne *NetworkError
	switch {
	case errors.Is(e.Err, context.Canceled):
		return ""
	case errors.As(e.Err, &ne):
		return "check that the endpoint is reachable, then start again"
	case st == http.StatusUnauthorized || st == http.StatusForbidden:
		if e.Step == StepRefresh {
			return "the activated values were refused: start the activation again"
		}
		return "the access token was not accepted as a Bearer token: start again for a new anonymous token"
	case st == http.StatusNotFound && (e.Step == StepPoll || e.Step == StepAnnounce):
		return "the code is unknown or has expired: start again for a new code"
	case st == http.StatusNotFound:
		return "check the endpoint URL"
	case st == http.StatusTooManyRequests:
		return "rate limited: wait before starting again"
	case st >= 500:
		return "the service failed: try again later"
	case e.Step == StepRegCode && st >= 200 && st < 300:
		return "the service did not hand out a code: try again, or check the endpoint"
	}
	return ""
}

// stepError wraps err for step, or returns nil.
func stepError(step ActivationStep, p *Prepared, err error) error {
	if err == nil {
		return nil
	}
	return &StepError{Step: step, Call: p.callLine(), Err: err}
}

// callLine is "METHOD /path" without the query, for messages.
func (p *Prepared) callLine() string {
	if u, err := url.Parse(p.URL); err == nil && u.Path != "" {
		return p.Method + " " + u.EscapedPath()
	}
	return p.Method
}

// checkStatus turns a response that is not 2xx into an error, with the
// same texts as Send's (without the token-specific hints, which the
// StepError replaces).
func checkStatus(res *Result, secrets []string) error {
	ct := res.Header.Get("Content-Type")
	switch {
	case res.Status >= 300 && res.Status < 400:
		return &RedirectError{Status: res.Status, Location: excerpt([]byte(res.Header.Get("Location")), "", secrets)}
	case res.Status >= 400:
		return &HTTPError{
			Status:     res.Status,
			Excerpt:    excerpt(res.Raw, ct, secrets),
			Body:       res.Raw,
			RetryAfter: parseRetryAfter(res.Header.Get("Retry-After"), res.Received),
			noHint:     true,
		}
	case res.Status < 200:
		return &ResponseError{Status: res.Status, Reason: "that is not a final answer", Excerpt: excerpt(res.Raw, ct, secrets)}
	}
	return nil
}

// sendStep sends an activation call and checks its status.
func (c *Client) sendStep(ctx context.Context, step ActivationStep, p *Prepared) (*Result, error) {
	res, err := c.observe(p, func() (*Result, error) {
		res, oversize, err := c.exchange(ctx, p)
		if err == nil && res != nil {
			err = checkStatus(res, p.secrets)
			if err == nil && oversize {
				err = &ResponseError{Status: res.Status, Reason: "the body is larger than the most authdeck reads",
					Excerpt: excerpt(res.Raw, res.Header.Get("Content-Type"), p.secrets)}
			}
		}
		return res, err
	})
	return res, stepError(step, p, err)
}

// RegCode sends p (from PrepareRegCode) and returns the code. A 2xx answer
// without a usable regCode is a *ResponseError inside the *StepError.
func (c *Client) RegCode(ctx context.Context, p *Prepared) (*Result, string, error) {
	res, err := c.sendStep(ctx, StepRegCode, p)
	if err != nil {
		return res, "", err
	}
	code, reason := parseRegCode(res.Raw, res.Header.Get("Content-Type"))
	if reason != "" {
		return res, "", stepError(StepRegCode, p, &ResponseError{Status: res.Status, Reason: reason,
			Excerpt: excerpt(res.Raw, res.Header.Get("Content-Type"), p.secrets)})
	}
	return res, code, nil
}

// AnnounceCode sends p (from PrepareAnnounce). Any 2xx answer is success.
func (c *Client) AnnounceCode(ctx context.Context, p *Prepared) (*Result, error) {
	return c.sendStep(ctx, StepAnnounce, p)
}

// ReadRecord sends p (from PreparePoll) and reads the record. An empty 2xx
// body is an empty record ("not yet").
func (c *Client) ReadRecord(ctx context.Context, p *Prepared) (*Result, Record, error) {
	res, err := c.sendStep(ctx, StepPoll, p)
	if err != nil {
		return res, Record{}, err
	}
	rec, reason := parseRecord(res.Raw, res.Header.Get("Content-Type"))
	if reason != "" {
		return res, Record{}, stepError(StepPoll, p, &ResponseError{Status: res.Status, Reason: reason,
			Excerpt: excerpt(res.Raw, res.Header.Get("Content-Type"), p.secrets)})
	}
	return res, rec, nil
}

// ActivationPage is the page a person opens to activate a code:
// DefaultActivationURL for the production endpoint, and
// <endpoint>/account/activate for any other (the fake server's page).
func ActivationPage(endpoint string) string {
	if endpoint == "" || endpoint == DefaultBaseURL {
		return DefaultActivationURL
	}
	return endpoint + "/account/activate"
}

// ActivationURL is page with the code as its regCode query parameter.
func ActivationURL(page, regCode string) string {
	sep := "?"
	if u, err := url.Parse(page); err == nil && u.RawQuery != "" {
		sep = "&"
	}
	return page + sep + "regCode=" + url.QueryEscape(regCode)
}
