package fakeserver_test

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

func TestIssueToken(t *testing.T) {
	clock := &fakeClock{t0}
	cfg := testConfig(clock)
	cfg.TTL = 90 * time.Minute
	srv := fakeserver.New(cfg)

	rec := post(t, srv, fakeserver.IssuePath, issueBody())
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	tok := tokenOf(t, rec)
	if _, err := uuid.Parse(tok.RefreshToken); err != nil || len(tok.RefreshToken) != 36 {
		t.Errorf("refreshToken %q is not a UUID", tok.RefreshToken)
	}
	wantExp := t0.Add(90 * time.Minute).Unix()
	if tok.ExpiresIn != wantExp {
		t.Errorf("expiresIn %d, want %d (absolute unix seconds)", tok.ExpiresIn, wantExp)
	}

	// Verify independently of the server, with the configured key.
	var c fakeserver.Claims
	parsed, err := jwt.ParseWithClaims(tok.AccessToken, &c,
		func(*jwt.Token) (any, error) { return []byte("test-signing-key"), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(clock.Now))
	if err != nil {
		t.Fatalf("access token does not verify: %v", err)
	}
	if parsed.Header["alg"] != "HS256" {
		t.Errorf("alg %v, want HS256", parsed.Header["alg"])
	}
	if c.ExpiresAt.Unix() != tok.ExpiresIn {
		t.Errorf("exp claim %d, expiresIn %d: they must be equal", c.ExpiresAt.Unix(), tok.ExpiresIn)
	}
	if c.DeviceID != testDeviceID || c.ClientKey != testKey || c.ClientID != fakeserver.ClientID(testKey) ||
		c.Cellular || c.Issuer != "NFL" {
		t.Errorf("claims %+v do not describe the request", c)
	}
	// The contract's example deviceInfo is the web client on a desktop.
	if c.DisplayName != "WEB_DESKTOP_DESKTOP" || c.FormFactor != "DESKTOP" || c.Platform != "DESKTOP" ||
		c.ProductName != "WEB" || c.Browser != "Chrome" || c.CountryCode != "US" || c.DmaCode == "" {
		t.Errorf("device and location claims %+v", c)
	}
	wantPlan := fakeserver.Plan{Plan: "free", Source: "NFL", Status: "ACTIVE", StartDate: "2026-10-28", ExpirationDate: "2125-01-01"}
	if len(c.Plans) != 1 || c.Plans[0] != wantPlan || !slices.Equal(c.Roles, []string{"free"}) {
		t.Errorf("plans %+v roles %v, want [%+v] and [free]", c.Plans, c.Roles, wantPlan)
	}
	// Real tokens carry no iat, jti or sub, and their claims are in the
	// example token's order.
	claimsJSON := decodeClaims(t, tok.AccessToken)
	for _, k := range []string{`"iat"`, `"jti"`, `"sub"`, `"nbf"`, `"networkType"`} {
		if strings.Contains(claimsJSON, k) {
			t.Errorf("claims carry %s: %s", k, claimsJSON)
		}
	}
	if !strings.HasPrefix(claimsJSON, `{"clientId":`) || !strings.HasSuffix(claimsJSON, `"roles":["free"],"exp":`+strconv.FormatInt(wantExp, 10)+`}`) {
		t.Errorf("claims not in the real order: %s", claimsJSON)
	}

	// The server's own verifier agrees; a different key does not.
	if _, err := srv.ParseAccessToken(tok.AccessToken); err != nil {
		t.Errorf("ParseAccessToken: %v", err)
	}
	other := fakeserver.New(fakeserver.Config{Now: clock.Now})
	if _, err := other.ParseAccessToken(tok.AccessToken); err == nil {
		t.Error("a server with another signing key accepted the token")
	}

	// Each issue has a new refresh token (there is no jti, as in real
	// tokens, so two issues in the same second may share an access token).
	tok2 := tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody()))
	if _, err := srv.ParseAccessToken(tok2.AccessToken); err != nil {
		t.Fatal(err)
	}
	if tok2.RefreshToken == tok.RefreshToken {
		t.Error("two issues gave the same refresh token")
	}
	if srv.IssueCount() != 2 || srv.RequestCount() != 2 {
		t.Errorf("IssueCount %d RequestCount %d, want 2 and 2", srv.IssueCount(), srv.RequestCount())
	}
}

func TestDefaultTTLAndDemoSigningKey(t *testing.T) {
	clock := &fakeClock{t0}
	srv := fakeserver.New(fakeserver.Config{Now: clock.Now})
	b := issueBody()
	b["clientKey"], b["clientSecret"] = fakeserver.DemoClientKey, fakeserver.DemoClientSecret
	tok := tokenOf(t, post(t, srv, fakeserver.IssuePath, b))
	if tok.ExpiresIn != t0.Unix()+3600 {
		t.Errorf("expiresIn %d, want iat+3600 = %d", tok.ExpiresIn, t0.Unix()+3600)
	}
	_, err := jwt.Parse(tok.AccessToken, func(*jwt.Token) (any, error) { return []byte(fakeserver.DemoSigningKey), nil },
		jwt.WithTimeFunc(clock.Now))
	if err != nil {
		t.Errorf("token does not verify with DemoSigningKey: %v", err)
	}
	// After the TTL the server's verifier, on the server clock, rejects it.
	clock.Advance(time.Hour + time.Second)
	if _, err := srv.ParseAccessToken(tok.AccessToken); err == nil {
		t.Error("ParseAccessToken accepted an expired token")
	}
}

func TestRefreshRotates(t *testing.T) {
	clock := &fakeClock{t0}
	srv := fakeserver.New(testConfig(clock))
	first := tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody()))

	clock.Advance(10 * time.Minute)
	b := refreshBody(first.RefreshToken)
	b["networkType"] = "cellular"
	second := tokenOf(t, post(t, srv, fakeserver.RefreshPath, b))
	if second.RefreshToken == first.RefreshToken {
		t.Fatal("refresh returned the same refresh token; it must rotate")
	}
	if second.ExpiresIn != clock.now.Add(time.Hour).Unix() {
		t.Errorf("expiresIn %d, want %d", second.ExpiresIn, clock.now.Add(time.Hour).Unix())
	}
	c, err := srv.ParseAccessToken(second.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Cellular {
		t.Errorf("cellular claim false, want the refresh request's cellular network")
	}

	// Not strict: the old one still works (the real service's rule is unknown).
	tokenOf(t, post(t, srv, fakeserver.RefreshPath, refreshBody(first.RefreshToken)))
	if srv.IssueCount() != 3 {
		t.Errorf("IssueCount %d, want 3", srv.IssueCount())
	}
}

func TestStrictRefreshRotates(t *testing.T) {
	clock := &fakeClock{t0}
	cfg := testConfig(clock)
	cfg.Strict = true
	srv := fakeserver.New(cfg)
	first := tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody()))
	second := tokenOf(t, post(t, srv, fakeserver.RefreshPath, refreshBody(first.RefreshToken)))

	// The old one is spent.
	wantError(t, post(t, srv, fakeserver.RefreshPath, refreshBody(first.RefreshToken)),
		http.StatusUnauthorized, fakeserver.CodeInvalidGrant, "refreshToken", "already been used")
	// The new one works, once.
	third := tokenOf(t, post(t, srv, fakeserver.RefreshPath, refreshBody(second.RefreshToken)))
	wantError(t, post(t, srv, fakeserver.RefreshPath, refreshBody(second.RefreshToken)),
		http.StatusUnauthorized, fakeserver.CodeInvalidGrant, "refreshToken", "already been used")
	if third.RefreshToken == "" {
		t.Fatal("no refresh token")
	}
	if srv.IssueCount() != 3 {
		t.Errorf("IssueCount %d, want 3", srv.IssueCount())
	}
}

func TestRefreshTokenChecks(t *testing.T) {
	clock := &fakeClock{t0}
	cfg := testConfig(clock)
	cfg.Strict = true
	cfg.Clients["second-client-key-0000"] = "second-secret"
	srv := fakeserver.New(cfg)
	tok := tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody()))

	wantError(t, post(t, srv, fakeserver.RefreshPath, refreshBody(uuid.NewString())),
		http.StatusUnauthorized, fakeserver.CodeInvalidGrant, "refreshToken", "not known")

	b := refreshBody(tok.RefreshToken)
	b["deviceId"] = "00000000-0000-4000-8000-000000000000"
	wantError(t, post(t, srv, fakeserver.RefreshPath, b),
		http.StatusUnauthorized, fakeserver.CodeInvalidGrant, "refreshToken", "different deviceId")
	lax := fakeserver.New(testConfig(clock))
	laxTok := tokenOf(t, post(t, lax, fakeserver.IssuePath, issueBody()))
	b = refreshBody(laxTok.RefreshToken)
	b["deviceId"] = "00000000-0000-4000-8000-000000000000"
	tokenOf(t, post(t, lax, fakeserver.RefreshPath, b)) // not strict: not bound to the device

	b = refreshBody(tok.RefreshToken)
	b["clientKey"], b["clientSecret"] = "second-client-key-0000", "second-secret"
	wantError(t, post(t, srv, fakeserver.RefreshPath, b),
		http.StatusUnauthorized, fakeserver.CodeInvalidGrant, "refreshToken", "different clientKey")

	// Client auth comes before the refresh token.
	b = refreshBody(tok.RefreshToken)
	b["clientSecret"] = "wrong"
	wantError(t, post(t, srv, fakeserver.RefreshPath, b),
		http.StatusUnauthorized, fakeserver.CodeInvalidClient, "clientSecret")

	// None of the failures spent it; expiry does.
	clock.Advance(fakeserver.DefaultRefreshTTL)
	wantError(t, post(t, srv, fakeserver.RefreshPath, refreshBody(tok.RefreshToken)),
		http.StatusUnauthorized, fakeserver.CodeInvalidGrant, "refreshToken", "expired")
	clock.Advance(-time.Second)
	tokenOf(t, post(t, srv, fakeserver.RefreshPath, refreshBody(tok.RefreshToken)))
}

func TestUIDSignature(t *testing.T) {
	clock := &fakeClock{t0}
	cfg := testConfig(clock)
	cfg.Strict = true
	srv := fakeserver.New(cfg)
	key := []byte("test-uid-key")
	now := strconv.FormatInt(t0.Unix(), 10)

	issue := func() string { return tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody())).RefreshToken }
	signed := func(refresh, uid, ts, sig string) map[string]any {
		b := refreshBody(refresh)
		b["uid"], b["signatureTimestamp"], b["uidSignature"] = uid, ts, sig
		return b
	}

	// Known answer: HMAC-SHA1("test-uid-key", "1795770000_user-42"), base64.
	if got := fakeserver.SignUID(key, "user-42", "1795770000"); got != "YFcWtfiO71HekMmjLf2I5f508Jg=" {
		t.Errorf("SignUID = %q", got)
	}

	t.Run("good", func(t *testing.T) {
		tokenOf(t, post(t, srv, fakeserver.RefreshPath, signed(issue(), "user-42", now, fakeserver.SignUID(key, "user-42", now))))
	})
	t.Run("good at the edge of the window", func(t *testing.T) {
		for _, d := range []time.Duration{-300 * time.Second, 300 * time.Second} {
			ts := strconv.FormatInt(t0.Add(d).Unix(), 10)
			tokenOf(t, post(t, srv, fakeserver.RefreshPath, signed(issue(), "user-42", ts, fakeserver.SignUID(key, "user-42", ts))))
		}
	})
	t.Run("no signature is anonymous", func(t *testing.T) {
		b := refreshBody(issue())
		b["uid"] = "user-42"
		tokenOf(t, post(t, srv, fakeserver.RefreshPath, b))
	})
	for _, c := range []struct {
		name, uid, ts, sig string
		field, msg         string
	}{
		{"wrong key", "user-42", now, fakeserver.SignUID([]byte("other"), "user-42", now), "uidSignature", "does not match"},
		{"other uid", "user-43", now, fakeserver.SignUID(key, "user-42", now), "uidSignature", "does not match"},
		{"not base64", "user-42", now, "%%%", "uidSignature", "base64"},
		{"stale", "user-42", strconv.FormatInt(t0.Add(-301*time.Second).Unix(), 10),
			fakeserver.SignUID(key, "user-42", strconv.FormatInt(t0.Add(-301*time.Second).Unix(), 10)), "signatureTimestamp", "301 s"},
		{"future", "user-42", strconv.FormatInt(t0.Add(time.Hour).Unix(), 10),
			fakeserver.SignUID(key, "user-42", strconv.FormatInt(t0.Add(time.Hour).Unix(), 10)), "signatureTimestamp", "3600 s"},
	} {
		t.Run(c.name, func(t *testing.T) {
			refresh := issue()
			wantError(t, post(t, srv, fakeserver.RefreshPath, signed(refresh, c.uid, c.ts, c.sig)),
				http.StatusForbidden, fakeserver.CodeInvalidSignature, c.field, c.msg)
			// A refused signature does not spend the refresh token.
			tokenOf(t, post(t, srv, fakeserver.RefreshPath, refreshBody(refresh)))
		})
	}
	t.Run("signature without uid or timestamp", func(t *testing.T) {
		b := signed(issue(), "", now, "c2ln")
		wantError(t, post(t, srv, fakeserver.RefreshPath, b), http.StatusBadRequest, fakeserver.CodeInvalidRequest, "uid", "uid is required")
		b = signed(issue(), "user-42", "", "c2ln")
		wantError(t, post(t, srv, fakeserver.RefreshPath, b), http.StatusBadRequest, fakeserver.CodeInvalidRequest,
			"signatureTimestamp", "signatureTimestamp is required")
		b = signed(issue(), "user-42", "yesterday", "c2ln")
		wantError(t, post(t, srv, fakeserver.RefreshPath, b), http.StatusBadRequest, fakeserver.CodeInvalidRequest,
			"signatureTimestamp", "unix time")
	})
	t.Run("refresh token is checked before the signature", func(t *testing.T) {
		wantError(t, post(t, srv, fakeserver.RefreshPath, signed(uuid.NewString(), "user-42", now, "c2ln")),
			http.StatusUnauthorized, fakeserver.CodeInvalidGrant, "refreshToken")
	})
}

// decodeClaims returns the claims part of a JWT as its JSON text.
func decodeClaims(t *testing.T, token string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %d parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
