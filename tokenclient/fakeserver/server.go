package fakeserver

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// The API paths, as in the contract. They are spelled out here rather than
// taken from tokenclient so this server checks the client against the
// contract, not against itself.
const (
	IssuePath   = "/identity/v3/token"
	RefreshPath = "/identity/v3/token/refresh"
)

// Server is the fake identity service, an http.Handler. Create it with New;
// all its methods are safe for concurrent use.
type Server struct {
	cfg    Config // immutable after New, except through the knobs below
	tokens *tokenStore
	limit  *rateLimiter
	// accounts are the demo accounts and Config.Accounts; codes the
	// registration codes handed out for device activation.
	accounts *accountBook
	codes    *codeStore

	mu       sync.Mutex
	now      func() time.Time
	latency  time.Duration
	failures []Failure
	refused  map[string]bool         // client keys answered 401 whatever their secret (FailClient)
	limited  map[string]*clientLimit // client keys answered 429 (LimitClient)
	log      requestLog
	requests int
	issued   int

	logMu sync.Mutex // serialises lines written to cfg.Log
}

// New returns a Server for cfg (see Config for the defaults).
func New(cfg Config) *Server {
	cfg = cfg.withDefaults()
	return &Server{
		cfg:      cfg,
		tokens:   newTokenStore(),
		accounts: newAccountBook(cfg.Accounts),
		codes:    newCodeStore(),
		limit:    newRateLimiter(cfg.RateLimit),
		now:      cfg.Now,
		latency:  cfg.Latency,
	}
}

var _ http.Handler = (*Server)(nil)

// ServeHTTP handles one request to either endpoint: added latency, then any
// scripted failure, then the checks in the order the package doc lists.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.countRequest()
	rec := LoggedRequest{Time: s.clock(), Method: clip(r.Method, 16), Path: clip(r.URL.EscapedPath(), 200)}
	logged := false
	logRequest := func() {
		if !logged {
			logged = true
			rec.Duration = time.Since(start)
			s.record(rec)
		}
	}
	defer logRequest() // runs on the FailDrop abort panic too

	// Read the body before sleeping: net/http only notices a client that
	// hangs up once the body has been read, and the sleep must notice it.
	body, bodyErr := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodySize))
	if err := s.sleep(r); err != nil {
		rec.Error = "client gave up during added latency: " + err.Error()
		return
	}
	// The Date header follows the server clock (SetNow), so a client can
	// measure a skewed clock.
	w.Header().Set("Date", s.clock().UTC().Format(http.TimeFormat))
	if f, ok := s.takeFailure(); ok {
		if conn := s.fail(w, f, &rec); conn != nil {
			// Log before the client can see the connection close, so a
			// test reading Requests after its failed call finds the drop.
			logRequest()
			_ = conn.Close()
		}
		return
	}

	if s.serveActivation(w, r, body, bodyErr, &rec) {
		return
	}
	resp, apiErr := s.handle(r, body, bodyErr, &rec)
	if apiErr != nil {
		rec.Status, rec.Error = apiErr.Status, apiErr.Message
		writeError(w, apiErr)
		return
	}
	rec.Status = http.StatusOK
	writeJSON(w, http.StatusOK, resp)
}

// handle runs the checks and, if they all pass, issues a token.
func (s *Server) handle(r *http.Request, body []byte, bodyErr error, rec *LoggedRequest) (*tokenResponse, *apiError) {
	refresh := false
	switch r.URL.Path {
	case IssuePath:
	case RefreshPath:
		refresh = true
	default:
		return nil, errNotFound()
	}
	if r.Method != http.MethodPost {
		return nil, errMethod(r.Method)
	}
	if bodyErr != nil {
		return nil, errBody(bodyErr)
	}
	form := isForm(r.Header.Get("Content-Type"))
	if form {
		rec.Encoding = "form"
	} else {
		rec.Encoding = "json"
	}
	req, ignored, apiErr := parseRequest(body, refresh, form)
	if apiErr != nil {
		return nil, apiErr
	}
	rec.Ignored = ignored
	rec.ClientKey = maskKey(req.ClientKey)
	if apiErr := req.validate(); apiErr != nil {
		return nil, apiErr
	}
	if s.isRefused(req.ClientKey) {
		return nil, errRefusedClient()
	}
	if apiErr := s.authenticate(req); apiErr != nil {
		return nil, apiErr
	}
	if wait, ok := s.takeLimited(req.ClientKey); ok {
		e := newError(http.StatusTooManyRequests, CodeRateLimited, "",
			"this clientKey is rate limited; retry after the Retry-After seconds")
		e.RetryAfter = wait
		return nil, e
	}
	now := s.clock()
	if wait, ok := s.limit.allow(req.ClientKey, now); !ok {
		return nil, errRateLimited(wait, s.cfg.RateLimit)
	}
	return s.issue(req, now, refresh)
}

// clock returns the server's current time.
func (s *Server) clock() time.Time {
	s.mu.Lock()
	now := s.now
	s.mu.Unlock()
	return now()
}

// clip cuts s to at most n bytes, marking the cut, so that odd requests
// cannot flood the log.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
