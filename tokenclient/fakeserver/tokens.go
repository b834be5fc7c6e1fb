package fakeserver

import (
	"net/http"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// tokenResponse is the 200 body, named as in the contract.
type tokenResponse struct {
	AccessToken  string `json:"accessToken"`
	ExpiresIn    int64  `json:"expiresIn"`
	RefreshToken string `json:"refreshToken"`
	// AdditionalInfo is sent on partner refreshes only.
	AdditionalInfo []additionalInfo `json:"additionalInfo,omitempty"`
}

// issue mints an access token and a refresh token for req. On refresh it
// first redeems req.RefreshToken, which spends it.
func (s *Server) issue(req *wireRequest, now time.Time, refresh bool) (*tokenResponse, *apiError) {
	next := refreshEntry{clientKey: req.ClientKey, deviceID: req.DeviceID, expires: now.Add(DefaultRefreshTTL)}
	nextToken := uuid.NewString()
	sigErr := s.checkUIDSignature(req, now)
	if refresh {
		if apiErr := s.tokens.redeem(req, now, s.cfg.Strict, sigErr, nextToken, next); apiErr != nil {
			return nil, apiErr
		}
	} else {
		if sigErr != nil {
			return nil, sigErr
		}
		s.tokens.add(nextToken, next, now)
	}

	exp := now.Add(s.cfg.TTL).Unix()
	acct, known := s.accountFor(req, refresh, now)
	claims := newClaims(req, now, exp, acct)
	access, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.cfg.SigningKey)
	if err != nil {
		return nil, newError(http.StatusInternalServerError, CodeServerError, "", "could not sign the access token")
	}
	s.mu.Lock()
	s.issued++
	s.mu.Unlock()
	resp := &tokenResponse{AccessToken: access, ExpiresIn: exp, RefreshToken: nextToken}
	if refresh && known && req.PartnerIDP != "" && req.PartnerIDP != "TV_PROVIDER" {
		// A partner refresh hands back the partner's uuid, as EPlusTV reads it.
		resp.AdditionalInfo = []additionalInfo{{Data: map[string]string{"idp": req.PartnerIDP, "newUUID": acct.UUID}}}
	}
	return resp, nil
}

// additionalInfo is one entry of a response's additionalInfo list.
type additionalInfo struct {
	Data map[string]string `json:"data"`
}

// accountFor is the account whose claims a token gets: the uid's account
// for a signed-in issue (uid with a verified signature) or refresh (uid,
// with or without a signature), the partner user id's account for a
// partner refresh, or nil (anonymous, the free plan) for anyone else. A
// signed-in request for a uid no account has is still signed in: it gets
// an account of that uid with the free plan (known is false, so it has
// no partner uuid to hand back).
func (s *Server) accountFor(req *wireRequest, refresh bool, now time.Time) (acct *Account, known bool) {
	switch {
	case req.UID != "" && (refresh || req.UIDSignature != ""):
		if a := s.accounts.byUID[req.UID]; a != nil {
			return a, true
		}
		return freeAccount(req.UID, now), false
	case refresh && req.PartnerUserID != "":
		a := s.accounts.byUser[req.PartnerUserID]
		return a, a != nil
	}
	return nil, false
}

// freeAccount is the account of a signed-in uid the server does not know:
// that uid, the free plan (as an anonymous token has it) and the demo
// location.
func freeAccount(uid string, now time.Time) *Account {
	start := now.UTC().AddDate(0, 0, -30).Format(time.DateOnly)
	return &Account{UID: uid, Plans: []Plan{{Plan: "free", Source: "NFL", Status: "ACTIVE", StartDate: start, ExpirationDate: "2125-01-01"}},
		DmaCode: "501", CountryCode: "US"}
}

// refreshEntry is what the server remembers about one refresh token.
type refreshEntry struct {
	clientKey string
	deviceID  string
	expires   time.Time
	used      bool
}

// tokenStore holds the refresh tokens handed out. Spent tokens are kept
// until they expire, so a second use is reported as such.
type tokenStore struct {
	mu      sync.Mutex
	m       map[string]*refreshEntry
	inserts int
}

func newTokenStore() *tokenStore {
	return &tokenStore{m: make(map[string]*refreshEntry)}
}

// pruneEvery is how many inserts pass between sweeps for expired tokens.
const pruneEvery = 4096

// add stores a new refresh token. Call with mu held.
func (ts *tokenStore) addLocked(token string, e refreshEntry, now time.Time) {
	ts.m[token] = &e
	ts.inserts++
	if ts.inserts%pruneEvery == 0 {
		for k, v := range ts.m {
			if !now.Before(v.expires) {
				delete(ts.m, k)
			}
		}
	}
}

func (ts *tokenStore) add(token string, e refreshEntry, now time.Time) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.addLocked(token, e, now)
}

// redeem checks req.RefreshToken (401 on failure), then sigErr (the uid
// signature verdict, 403), and only then spends the token and stores next.
// A refresh token must be known, issued to this clientKey and not expired;
// with strict it must also be bound to this deviceId and unused (the real
// service's behaviour there is unknown). The check and the spend are one
// step, so in strict mode two concurrent refreshes with the same token
// cannot both succeed.
func (ts *tokenStore) redeem(req *wireRequest, now time.Time, strict bool, sigErr *apiError, nextToken string, next refreshEntry) *apiError {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	e := ts.m[req.RefreshToken]
	switch {
	case e == nil:
		return invalidGrant("refreshToken is not known to this server; get one from " + IssuePath + " first")
	case e.clientKey != req.ClientKey:
		return invalidGrant("refreshToken was issued to a different clientKey")
	case strict && e.deviceID != req.DeviceID:
		return invalidGrant("refreshToken was issued to a different deviceId (strict mode)")
	case !now.Before(e.expires):
		return invalidGrant("refreshToken expired at " + e.expires.UTC().Format(time.RFC3339) + "; issue a new token")
	case strict && e.used:
		return invalidGrant("refreshToken has already been used; refresh tokens rotate, so send the one from the last response")
	case sigErr != nil:
		return sigErr
	}
	e.used = true
	ts.addLocked(nextToken, next, now)
	return nil
}

func invalidGrant(msg string) *apiError {
	return newError(http.StatusUnauthorized, CodeInvalidGrant, "refreshToken", msg)
}
