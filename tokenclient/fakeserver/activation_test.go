package fakeserver_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// call sends method path with the Bearer token (when set) and body.
func call(t testing.TB, h http.Handler, method, path, bearer, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// record is a poll answer.
type record struct {
	RegCode            string `json:"regCode"`
	DeviceID           string `json:"deviceId"`
	IDP                string `json:"idp"`
	UID                string `json:"uid"`
	UIDSignature       string `json:"uidSignature"`
	SignatureTimestamp string `json:"signatureTimestamp"`
	UserID             string `json:"userId"`
	UUID               string `json:"uuid"`
}

func pollRecord(t testing.TB, h http.Handler, token, code string) record {
	t.Helper()
	rec := call(t, h, http.MethodGet, fakeserver.KeystorePath+code, token, "")
	if rec.Code != http.StatusOK {
		t.Fatalf("poll: status %d: %s", rec.Code, rec.Body)
	}
	var r record
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// startActivation issues an anonymous token, gets a code and announces it
// (for idp "" an NFL account).
func startActivation(t testing.TB, h http.Handler, idp string) (token, code string) {
	t.Helper()
	token = tokenOf(t, post(t, h, fakeserver.IssuePath, issueBody())).AccessToken
	rec := call(t, h, http.MethodGet, fakeserver.RegCodePath, token, "")
	var rc struct{ RegCode string }
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &rc) != nil || rc.RegCode == "" {
		t.Fatalf("regcode: %d %s", rec.Code, rec.Body)
	}
	body := `{"ctvDevice":"AndroidTV","deviceId":"` + testDeviceID + `","expiresIn":600,"platform":"ctv","regCode":"` + rc.RegCode + `","nflAccount":true,"nflToken":true}`
	if idp != "" {
		body = `{"ctvDevice":"AndroidTV","deviceId":"` + testDeviceID + `","expiresIn":600,"platform":"ctv","regCode":"` + rc.RegCode + `","idp":"` + idp + `","nflAccount":false}`
	}
	if rec := call(t, h, http.MethodPut, fakeserver.KeystorePath+rc.RegCode+"?ttl=600000", token, body); rec.Code != http.StatusOK {
		t.Fatalf("announce: %d %s", rec.Code, rec.Body)
	}
	return token, rc.RegCode
}

func TestActivationFlowNFLAccount(t *testing.T) {
	clock := &fakeClock{now: t0}
	srv := fakeserver.New(testConfig(clock))
	token, code := startActivation(t, srv, "")
	if !regexp.MustCompile(`^[A-HJ-NP-Z2-9]{6}$`).MatchString(code) {
		t.Errorf("code %q is not 6 characters without 0, O, 1 or I", code)
	}
	if r := pollRecord(t, srv, token, code); r.UID != "" || r.UIDSignature != "" || r.RegCode != code || r.DeviceID != testDeviceID {
		t.Fatalf("record before activation = %+v", r)
	}
	if err := srv.Approve(code, fakeserver.AccountPremium); err != nil {
		t.Fatal(err)
	}
	r := pollRecord(t, srv, token, code)
	premium, _ := srv.Account(fakeserver.AccountPremium)
	if r.UID != premium.UID || r.SignatureTimestamp != "1795770000" ||
		r.UIDSignature != fakeserver.SignUID([]byte("test-uid-key"), premium.UID, r.SignatureTimestamp) {
		t.Fatalf("activated record = %+v", r)
	}

	// The signed-in refresh gets the account's plans.
	first := tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody()))
	b := refreshBody(first.RefreshToken)
	b["uid"], b["uidSignature"], b["signatureTimestamp"] = r.UID, r.UIDSignature, r.SignatureTimestamp
	signed := tokenOf(t, post(t, srv, fakeserver.RefreshPath, b))
	claims, err := srv.ParseAccessToken(signed.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	if claims.UID != premium.UID {
		t.Errorf("signed-in uid claim = %q", claims.UID)
	}
	if len(claims.Plans) != 2 || claims.Plans[1].Plan != "NFL_PLUS_PREMIUM" || claims.Plans[1].Status != "ACTIVE" {
		t.Errorf("signed-in plans = %+v", claims.Plans)
	}
	// A refresh with the uid alone keeps the account; an unknown uid is
	// signed in with the free plan.
	b = refreshBody(signed.RefreshToken)
	b["uid"] = r.UID
	again, _ := srv.ParseAccessToken(tokenOf(t, post(t, srv, fakeserver.RefreshPath, b)).AccessToken)
	if len(again.Plans) != 2 {
		t.Errorf("uid-only refresh plans = %+v", again.Plans)
	}
	b = issueBody()
	b["uid"], b["signatureTimestamp"] = "unknown-uid", "1795770000"
	b["uidSignature"] = fakeserver.SignUID([]byte("test-uid-key"), "unknown-uid", "1795770000")
	issued := tokenOf(t, post(t, srv, fakeserver.IssuePath, b))
	free, _ := srv.ParseAccessToken(issued.AccessToken)
	if len(free.Plans) != 1 || free.Plans[0].Plan != "free" || free.Plans[0].Status != "ACTIVE" || free.UID != "unknown-uid" {
		t.Errorf("unknown uid: uid claim %q, plans %+v; want signed in with the free plan", free.UID, free.Plans)
	}
	b = refreshBody(issued.RefreshToken)
	b["uid"] = "another-unknown-uid"
	refreshed, _ := srv.ParseAccessToken(tokenOf(t, post(t, srv, fakeserver.RefreshPath, b)).AccessToken)
	if len(refreshed.Plans) != 1 || refreshed.Plans[0].Plan != "free" || refreshed.UID != "another-unknown-uid" || len(refreshed.Networks) != 0 {
		t.Errorf("unknown uid refresh: uid claim %q, plans %+v; want signed in with the free plan", refreshed.UID, refreshed.Plans)
	}
	b = issueBody()
	b["uid"], b["signatureTimestamp"] = "unknown-uid", "1795770000"
	b["uidSignature"] = fakeserver.SignUID([]byte("not-the-key"), "unknown-uid", "1795770000")
	if resp := post(t, srv, fakeserver.IssuePath, b); resp.Code != http.StatusForbidden {
		t.Errorf("a wrong signature for an unknown uid: status %d, want 403", resp.Code)
	}
}

func TestActivationDemoAccountsClaims(t *testing.T) {
	clock := &fakeClock{now: t0}
	srv := fakeserver.New(testConfig(clock))
	want := map[string]string{
		"free": "free ACTIVE", "plus": "free ACTIVE,NFL_PLUS ACTIVE", "premium": "free ACTIVE,NFL_PLUS_PREMIUM ACTIVE",
		"cancelled": "free ACTIVE,NFL_PLUS_PREMIUM CANCELLED 2026-12-04", "expired": "free ACTIVE,NFL_PLUS EXPIRED",
		"tv-provider": "free ACTIVE",
	}
	for name, plans := range want {
		a, ok := srv.Account(name)
		if !ok {
			t.Fatalf("no demo account %q", name)
		}
		b := issueBody()
		b["uid"], b["signatureTimestamp"] = a.UID, "1795770000"
		b["uidSignature"] = fakeserver.SignUID([]byte("test-uid-key"), a.UID, "1795770000")
		c, err := srv.ParseAccessToken(tokenOf(t, post(t, srv, fakeserver.IssuePath, b)).AccessToken)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range c.Plans {
			s := p.Plan + " " + p.Status
			if p.Status == "CANCELLED" {
				s += " " + p.ExpirationDate
			}
			got = append(got, s)
		}
		if strings.Join(got, ",") != plans {
			t.Errorf("%s: plans %v, want %s", name, got, plans)
		}
		if (name == "tv-provider") != (c.Networks["NFLN"]) {
			t.Errorf("%s: networks %v", name, c.Networks)
		}
	}
}

func TestActivationTVProviderAndPartner(t *testing.T) {
	clock := &fakeClock{now: t0}
	srv := fakeserver.New(testConfig(clock))
	token, code := startActivation(t, srv, "TV_PROVIDER")
	if r := pollRecord(t, srv, token, code); r.IDP != "TV_PROVIDER" || r.UserID != "" {
		t.Fatalf("record before activation = %+v", r)
	}
	if err := srv.Approve(code, fakeserver.AccountTVProvider); err != nil {
		t.Fatal(err)
	}
	r := pollRecord(t, srv, token, code)
	if r.UserID == "" || r.UUID == "" || r.UID != "" || r.IDP != "TV_PROVIDER" {
		t.Fatalf("activated record = %+v", r)
	}
	first := tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody()))
	b := refreshBody(first.RefreshToken)
	b["mvpdIdp"], b["mvpdUUID"], b["mvpdUserId"] = r.IDP, r.UUID, r.UserID
	c, _ := srv.ParseAccessToken(tokenOf(t, post(t, srv, fakeserver.RefreshPath, b)).AccessToken)
	if !c.Networks["NFLN"] {
		t.Errorf("tv-provider refresh networks = %v", c.Networks)
	}

	// A partner refresh gets additionalInfo with the partner's new uuid.
	token, code = startActivation(t, srv, "AMAZON")
	if err := srv.Approve(code, fakeserver.AccountPlus); err != nil {
		t.Fatal(err)
	}
	r = pollRecord(t, srv, token, code)
	first = tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody()))
	b = refreshBody(first.RefreshToken)
	b["amazonPrimeUUID"], b["amazonPrimeUserId"] = r.UUID, r.UserID
	rec := post(t, srv, fakeserver.RefreshPath, b)
	var resp struct {
		AccessToken    string
		AdditionalInfo []struct{ Data map[string]string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.AdditionalInfo) != 1 ||
		resp.AdditionalInfo[0].Data["idp"] != "AMAZON" || resp.AdditionalInfo[0].Data["newUUID"] != r.UUID {
		t.Errorf("partner refresh = %s", rec.Body)
	}
	c, _ = srv.ParseAccessToken(resp.AccessToken)
	if len(c.Plans) != 2 || c.Plans[1].Plan != "NFL_PLUS" {
		t.Errorf("partner refresh plans = %+v", c.Plans)
	}
}

func TestActivationBearerRequired(t *testing.T) {
	clock := &fakeClock{now: t0}
	srv := fakeserver.New(testConfig(clock))
	other := fakeserver.New(fakeserver.Config{Clients: map[string]string{testKey: testSecret}, Now: clock.Now})
	foreign := tokenOf(t, post(t, other, fakeserver.IssuePath, issueBody())).AccessToken
	for name, bearer := range map[string]string{"none": "", "garbage": "not-a-jwt", "another server's": foreign} {
		rec := call(t, srv, http.MethodGet, fakeserver.RegCodePath, bearer, "")
		wantError(t, rec, http.StatusUnauthorized, "invalid_token", "Authorization")
		if strings.Contains(rec.Body.String(), foreign) {
			t.Errorf("%s: the body quotes the token", name)
		}
	}
	// An expired token is refused too.
	token := tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody())).AccessToken
	clock.Advance(2 * time.Hour)
	wantError(t, call(t, srv, http.MethodGet, fakeserver.RegCodePath, token, ""), http.StatusUnauthorized, "invalid_token", "Authorization")
}

func TestActivationCodesExpireAndUnknown(t *testing.T) {
	clock := &fakeClock{now: t0}
	srv := fakeserver.New(testConfig(clock))
	token, code := startActivation(t, srv, "")
	wantError(t, call(t, srv, http.MethodGet, fakeserver.KeystorePath+"NOSUCH", token, ""), http.StatusNotFound, "not_found", "regCode", "unknown or has expired")

	// A handed-out code is not pollable until announced.
	rec := call(t, srv, http.MethodGet, fakeserver.RegCodePath, token, "")
	var rc struct{ RegCode string }
	_ = json.Unmarshal(rec.Body.Bytes(), &rc)
	wantError(t, call(t, srv, http.MethodGet, fakeserver.KeystorePath+rc.RegCode, token, ""), http.StatusNotFound, "not_found", "regCode")
	if err := srv.Approve(rc.RegCode, "premium"); !errors.Is(err, fakeserver.ErrNotAnnounced) {
		t.Errorf("approving an unannounced code: %v", err)
	}

	// The announced ttl (a short one here) ends the code.
	token2 := tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody())).AccessToken
	body := `{"deviceId":"` + testDeviceID + `","regCode":"` + rc.RegCode + `"}`
	if rec := call(t, srv, http.MethodPut, fakeserver.KeystorePath+rc.RegCode+"?ttl=30000", token2, body); rec.Code != 200 {
		t.Fatalf("announce: %d %s", rec.Code, rec.Body)
	}
	clock.Advance(29 * time.Second)
	pollRecord(t, srv, token2, rc.RegCode)
	clock.Advance(time.Second)
	wantError(t, call(t, srv, http.MethodGet, fakeserver.KeystorePath+rc.RegCode, token2, ""), http.StatusNotFound, "not_found", "regCode")
	if err := srv.Approve(rc.RegCode, "premium"); !errors.Is(err, fakeserver.ErrUnknownCode) {
		t.Errorf("approving an expired code: %v", err)
	}
	// The first code had the default 600 s and is gone by now too.
	clock.Advance(600 * time.Second)
	wantError(t, call(t, srv, http.MethodGet, fakeserver.KeystorePath+code, token2, ""), http.StatusNotFound, "not_found", "regCode")
}

func TestActivationAnnounceChecks(t *testing.T) {
	clock := &fakeClock{now: t0}
	srv := fakeserver.New(testConfig(clock))
	token := tokenOf(t, post(t, srv, fakeserver.IssuePath, issueBody())).AccessToken
	var rc struct{ RegCode string }
	_ = json.Unmarshal(call(t, srv, http.MethodGet, fakeserver.RegCodePath, token, "").Body.Bytes(), &rc)
	path := fakeserver.KeystorePath + rc.RegCode
	good := `{"deviceId":"` + testDeviceID + `","regCode":"` + rc.RegCode + `"}`
	wantError(t, call(t, srv, http.MethodPut, path+"?ttl=soon", token, good), 400, "invalid_request", "ttl")
	wantError(t, call(t, srv, http.MethodPut, path, token, `{"regCode":"`+rc.RegCode+`"}`), 400, "invalid_request", "deviceId")
	wantError(t, call(t, srv, http.MethodPut, path, token, `{"deviceId":"x","regCode":"OTHER"}`), 400, "invalid_request", "regCode")
	wantError(t, call(t, srv, http.MethodPut, path, token, `{"deviceId":"x","regCode":"`+rc.RegCode+`","idp":"GIGYA"}`), 400, "invalid_request", "idp")
	wantError(t, call(t, srv, http.MethodPut, fakeserver.KeystorePath+"NOSUCH", token, `{"deviceId":"x","regCode":"NOSUCH"}`), 404, "not_found", "regCode")
	rec := call(t, srv, http.MethodDelete, path, token, "")
	wantError(t, rec, 405, "method_not_allowed", "")
	if rec.Header().Get("Allow") != "GET, PUT" {
		t.Errorf("Allow = %q", rec.Header().Get("Allow"))
	}
}

func TestActivationScriptedFailure(t *testing.T) {
	clock := &fakeClock{now: t0}
	srv := fakeserver.New(testConfig(clock))
	token, code := startActivation(t, srv, "")
	srv.FailNext(1, fakeserver.Fail500)
	if rec := call(t, srv, http.MethodGet, fakeserver.KeystorePath+code, token, ""); rec.Code != 500 {
		t.Errorf("scripted poll failure: %d", rec.Code)
	}
	pollRecord(t, srv, token, code)
}

func TestActivationLogHasNoSecrets(t *testing.T) {
	var log bytes.Buffer
	clock := &fakeClock{now: t0}
	cfg := testConfig(clock)
	cfg.Log = &log
	srv := fakeserver.New(cfg)
	token, code := startActivation(t, srv, "")
	_ = srv.Approve(code, "premium")
	r := pollRecord(t, srv, token, code)
	for _, s := range []string{token, r.UIDSignature} {
		if strings.Contains(log.String(), s) {
			t.Errorf("log holds a secret:\n%s", log.String())
		}
	}
	if !strings.Contains(log.String(), "GET "+fakeserver.KeystorePath+code+" 200") {
		t.Errorf("log lacks the poll:\n%s", log.String())
	}
	for _, e := range srv.Requests() {
		if strings.Contains(e.Error, token) {
			t.Errorf("request log holds the token")
		}
	}
}
