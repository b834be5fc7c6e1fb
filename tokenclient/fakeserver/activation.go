package fakeserver

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The device activation paths, as in the contract, and the activation page
// (outside the contract: the fake server's stand-in for id.nfl.com's).
const (
	RegCodePath  = "/utilities/v1/regcode"
	KeystorePath = "/keystore/v1/mvpd/"
	ActivatePath = "/account/activate"
)

// Activation defaults.
const (
	// CodeTTL is how long a handed-out code lives before it is announced,
	// and the announced ttl when the PUT gives none (clients send 600000 ms).
	CodeTTL = 600 * time.Second
	// MaxCodeTTL is the longest ttl an announce may ask for.
	MaxCodeTTL = 24 * time.Hour
	// codeAlphabet has no 0/O or 1/I, so a code read off a TV is typed right.
	codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	// codeLen is the length of a code. The real format is not known.
	codeLen = 6
)

// regCode is what the server remembers about one registration code.
type regCode struct {
	expires   time.Time
	announced bool
	// what the announce said
	deviceID, ctvDevice, platform, idp string
	nflAccount                         bool
	// set by an approval
	account  *Account
	signedAt time.Time
}

// codeStore holds the registration codes.
type codeStore struct {
	mu sync.Mutex
	m  map[string]*regCode
}

func newCodeStore() *codeStore { return &codeStore{m: map[string]*regCode{}} }

// newCode hands out a fresh code valid for CodeTTL until announced.
func (cs *codeStore) newCode(now time.Time) string {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for k, v := range cs.m {
		if !now.Before(v.expires) {
			delete(cs.m, k)
		}
	}
	for {
		b := make([]byte, codeLen)
		_, _ = rand.Read(b)
		for i := range b {
			b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
		}
		if code := string(b); cs.m[code] == nil {
			cs.m[code] = &regCode{expires: now.Add(CodeTTL)}
			return code
		}
	}
}

// with runs fn on a live code under the lock; false when the code is
// unknown or expired (an expired one is forgotten).
func (cs *codeStore) with(code string, now time.Time, fn func(*regCode)) bool {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	rc := cs.m[code]
	if rc == nil {
		return false
	}
	if !now.Before(rc.expires) {
		delete(cs.m, code)
		return false
	}
	fn(rc)
	return true
}

// keystoreRecord is the poll's answer: the announce, then the activated
// values. Before activation it lacks uid/uidSignature/signatureTimestamp
// and userId (the real record's shape before activation is not known).
type keystoreRecord struct {
	RegCode            string `json:"regCode"`
	DeviceID           string `json:"deviceId"`
	CtvDevice          string `json:"ctvDevice,omitempty"`
	Platform           string `json:"platform,omitempty"`
	NFLAccount         bool   `json:"nflAccount"`
	ExpiresIn          int64  `json:"expiresIn"`
	IDP                string `json:"idp,omitempty"`
	UID                string `json:"uid,omitempty"`
	UIDSignature       string `json:"uidSignature,omitempty"`
	SignatureTimestamp string `json:"signatureTimestamp,omitempty"`
	UserID             string `json:"userId,omitempty"`
	UUID               string `json:"uuid,omitempty"`
}

// serveActivation answers the activation endpoints and page; false when
// the path is not one of them.
func (s *Server) serveActivation(w http.ResponseWriter, r *http.Request, body []byte, bodyErr error, rec *LoggedRequest) bool {
	path := r.URL.Path
	switch {
	case path == ActivatePath:
		s.servePage(w, r, body, rec)
		return true
	case path != RegCodePath && !strings.HasPrefix(path, KeystorePath):
		return false
	}
	var out any
	apiErr := s.bearer(r)
	if apiErr == nil {
		switch {
		case path == RegCodePath && r.Method == http.MethodGet:
			out = map[string]string{"regCode": s.codes.newCode(s.clock())}
		case path == RegCodePath:
			apiErr = errMethodFor(r.Method, http.MethodGet)
		case r.Method == http.MethodPut:
			apiErr = s.announce(r, body, bodyErr)
			out = map[string]bool{"success": true}
		case r.Method == http.MethodGet:
			out, apiErr = s.readRecord(strings.TrimPrefix(path, KeystorePath))
		default:
			apiErr = errMethodFor(r.Method, "GET, PUT")
		}
	}
	if apiErr != nil {
		rec.Status, rec.Error = apiErr.Status, apiErr.Message
		writeError(w, apiErr)
		return true
	}
	rec.Status = http.StatusOK
	writeJSON(w, http.StatusOK, out)
	return true
}

// bearer checks the Authorization header: a Bearer access token this
// server issued and that has not expired (401 otherwise).
func (s *Server) bearer(r *http.Request) *apiError {
	h := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	switch {
	case h == "":
		return newError(http.StatusUnauthorized, CodeInvalidToken, "Authorization",
			"an Authorization: Bearer <accessToken> header is required; get a token from "+IssuePath)
	case !ok || token == "":
		return newError(http.StatusUnauthorized, CodeInvalidToken, "Authorization", "the Authorization header must be \"Bearer <accessToken>\"")
	}
	if _, err := s.ParseAccessToken(token); err != nil {
		return newError(http.StatusUnauthorized, CodeInvalidToken, "Authorization",
			"the Bearer token is not an unexpired access token from this server; get a new one from "+IssuePath)
	}
	return nil
}

// announce handles PUT /keystore/v1/mvpd/{regCode}?ttl=MS.
func (s *Server) announce(r *http.Request, body []byte, bodyErr error) *apiError {
	code := strings.TrimPrefix(r.URL.Path, KeystorePath)
	if bodyErr != nil {
		return errBody(bodyErr)
	}
	ttl := CodeTTL
	if v := r.URL.Query().Get("ttl"); v != "" {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil || ms <= 0 || time.Duration(ms)*time.Millisecond > MaxCodeTTL {
			return badRequest("ttl", "ttl must be milliseconds from 1 to "+strconv.FormatInt(MaxCodeTTL.Milliseconds(), 10)+", e.g. 600000")
		}
		ttl = time.Duration(ms) * time.Millisecond
	}
	var a struct {
		CtvDevice  string `json:"ctvDevice"`
		DeviceID   string `json:"deviceId"`
		Platform   string `json:"platform"`
		RegCode    string `json:"regCode"`
		NFLAccount *bool  `json:"nflAccount"`
		IDP        string `json:"idp"`
	}
	if err := json.Unmarshal(body, &a); err != nil {
		return badRequest("", "the announce body must be a JSON object with deviceId and regCode")
	}
	switch {
	case a.DeviceID == "":
		return badRequest("deviceId", "deviceId is required")
	case a.RegCode != code:
		return badRequest("regCode", "regCode in the body must be the code in the path")
	case a.IDP != "" && !contains([]string{"TV_PROVIDER", "AMAZON", "PEACOCK", "YOUTUBE"}, a.IDP):
		return badRequest("idp", "idp must be TV_PROVIDER, AMAZON, PEACOCK or YOUTUBE")
	}
	now := s.clock()
	if !s.codes.with(code, now, func(rc *regCode) {
		rc.announced = true
		rc.expires = now.Add(ttl)
		rc.deviceID, rc.ctvDevice, rc.platform, rc.idp = a.DeviceID, a.CtvDevice, a.Platform, a.IDP
		rc.nflAccount = a.NFLAccount == nil || *a.NFLAccount
	}) {
		return errUnknownCode()
	}
	return nil
}

// readRecord handles GET /keystore/v1/mvpd/{regCode}.
func (s *Server) readRecord(code string) (*keystoreRecord, *apiError) {
	now := s.clock()
	var out *keystoreRecord
	var apiErr *apiError
	if !s.codes.with(code, now, func(rc *regCode) {
		if !rc.announced {
			apiErr = errUnknownCode()
			return
		}
		out = s.keystoreRecord(code, rc, now)
	}) {
		return nil, errUnknownCode()
	}
	return out, apiErr
}

// keystoreRecord is the record of an announced code.
func (s *Server) keystoreRecord(code string, rc *regCode, now time.Time) *keystoreRecord {
	kr := &keystoreRecord{RegCode: code, DeviceID: rc.deviceID, CtvDevice: rc.ctvDevice, Platform: rc.platform,
		NFLAccount: rc.nflAccount, IDP: rc.idp, ExpiresIn: int64(rc.expires.Sub(now) / time.Second)}
	a := rc.account
	switch {
	case a == nil:
	case rc.idp == "":
		ts := strconv.FormatInt(rc.signedAt.Unix(), 10)
		kr.UID, kr.SignatureTimestamp = a.UID, ts
		kr.UIDSignature = SignUID(s.cfg.UIDKey, a.UID, ts)
	default:
		if rc.idp == "TV_PROVIDER" && a.IDP != "" {
			kr.IDP = a.IDP
		}
		kr.UserID, kr.UUID = a.UserID, a.UUID
	}
	return kr
}

// Errors of Approve (and the activation page).
var (
	ErrUnknownCode    = errors.New("the code is unknown or has expired")
	ErrNotAnnounced   = errors.New("the device has not announced this code yet")
	ErrUnknownAccount = errors.New("no such account")
)

// Approve activates an announced code as the named account, as the
// activation page's Approve button does: the next poll gets the account's
// uid, uidSignature and signatureTimestamp (an NFL sign-in) or its idp,
// userId and uuid (a TV provider or partner sign-in).
func (s *Server) Approve(code, account string) error {
	a := s.accounts.byName[account]
	if a == nil {
		return ErrUnknownAccount
	}
	now := s.clock()
	var err error
	if !s.codes.with(code, now, func(rc *regCode) {
		if !rc.announced {
			err = ErrNotAnnounced
			return
		}
		rc.account, rc.signedAt = a, now
	}) {
		return ErrUnknownCode
	}
	return err
}

// Accounts are the accounts the activation page offers, built-in first.
func (s *Server) Accounts() []Account {
	return append([]Account(nil), s.accounts.list...)
}

// Account returns the named account.
func (s *Server) Account(name string) (Account, bool) {
	a := s.accounts.byName[name]
	if a == nil {
		return Account{}, false
	}
	return *a, true
}

func errUnknownCode() *apiError {
	return newError(http.StatusNotFound, CodeNotFound, "regCode",
		"the registration code is unknown or has expired; get a new one from "+RegCodePath+" and announce it")
}

func errMethodFor(method, allow string) *apiError {
	e := newError(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "",
		"method "+strconv.Quote(method)+" is not allowed; use "+allow)
	e.allow = allow
	return e
}
