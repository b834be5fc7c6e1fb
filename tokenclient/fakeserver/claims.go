package fakeserver

import (
	"errors"
	"strings"
	"time"

	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// Plan is one entry of the plans claim, shaped as in real access tokens.
type Plan struct {
	Plan           string `json:"plan"`
	Source         string `json:"source"`
	Status         string `json:"status"`
	StartDate      string `json:"startDate"`
	ExpirationDate string `json:"expirationDate"`
	Trial          bool   `json:"trial"`
}

// Claims are the claims of an access token, in the shape and order of real
// ones (the contract's example token): no iat, jti or sub. DisplayName,
// formFactor, platform, productName and browser are derived from the
// request's deviceInfo (see deriveDevice); the location claims are fixed
// (New York, DMA 501). Values the real service would fill from its
// account data (plans, roles, hmaTeams) are fixed examples.
type Claims struct {
	ClientID  string `json:"clientId"`
	ClientKey string `json:"clientKey"`
	Issuer    string `json:"iss"`
	DeviceID  string `json:"deviceId"`
	// UID is the signed-in account's uid; absent for anonymous tokens.
	// (Whether real tokens carry it is not known; the access verdict
	// reads it to tell a signed-in token.)
	UID         string   `json:"uid,omitempty"`
	Plans       []Plan   `json:"plans"`
	DisplayName string   `json:"DisplayName"`
	FormFactor  string   `json:"formFactor"`
	Platform    string   `json:"platform"`
	ProductName string   `json:"productName"`
	Browser     string   `json:"browser,omitempty"`
	Cellular    bool     `json:"cellular"`
	CountryCode string   `json:"countryCode"`
	DmaCode     string   `json:"dmaCode"`
	HmaTeams    []string `json:"hmaTeams"`
	Region      string   `json:"region"`
	City        string   `json:"city"`
	Environment string   `json:"environment"`
	Roles       []string `json:"roles"`
	// Networks are the account's networks (a TV provider's sign-in), as
	// a map of network name to access; absent for other tokens.
	Networks  map[string]bool  `json:"networks,omitempty"`
	ExpiresAt *jwt.NumericDate `json:"exp"`
}

var _ jwt.Claims = Claims{}

// GetExpirationTime returns exp (jwt.Claims).
func (c Claims) GetExpirationTime() (*jwt.NumericDate, error) { return c.ExpiresAt, nil }

// GetIssuedAt returns nil: real tokens carry no iat (jwt.Claims).
func (c Claims) GetIssuedAt() (*jwt.NumericDate, error) { return nil, nil }

// GetNotBefore returns nil: real tokens carry no nbf (jwt.Claims).
func (c Claims) GetNotBefore() (*jwt.NumericDate, error) { return nil, nil }

// GetIssuer returns iss (jwt.Claims).
func (c Claims) GetIssuer() (string, error) { return c.Issuer, nil }

// GetSubject returns "": real tokens carry no sub (jwt.Claims).
func (c Claims) GetSubject() (string, error) { return "", nil }

// GetAudience returns nil: real tokens carry no aud (jwt.Claims).
func (c Claims) GetAudience() (jwt.ClaimStrings, error) { return nil, nil }

// defaultRoles are the roles every token carries.
var defaultRoles = []string{"free"}

// clientIDSpace is the UUID namespace a client key's clientId is derived in.
var clientIDSpace = uuid.MustParse("6d1c2a3e-0f5b-4d3c-9a7e-2b8f1c4d5e60")

// ClientID is the clientId claim for a client key: a UUID derived from the
// key, stable across runs (the real service's mapping is not known).
func ClientID(clientKey string) string {
	return uuid.NewSHA1(clientIDSpace, []byte(clientKey)).String()
}

// deviceClaims are the claims derived from deviceInfo.
type deviceClaims struct {
	displayName, formFactor, platform, productName, browser string
}

// deriveDevice maps deviceInfo to DisplayName, formFactor, platform,
// productName and browser. A web client (any osName but Android, iOS,
// tvOS) gives productName WEB, platform and formFactor the upper-cased
// model and browser the version, so the contract's example gives
// WEB_DESKTOP_DESKTOP as in the real token. For Android and iOS apps the
// mapping is invented (no public real token shows it): productName and
// platform the upper-cased osName, formFactor TV when the device looks
// like a TV (ctvDevice "AndroidTV" with a landscape display of width 1920
// or more, or a model naming a TV or box) else MOBILE, and no browser.
// DisplayName is productName_platform_formFactor.
func deriveDevice(deviceInfo string) deviceClaims {
	info, _ := device.Decode(deviceInfo) // partial infos still give what they have
	upper := func(s, def string) string {
		s = strings.ToUpper(strings.Join(strings.Fields(s), "_"))
		if s == "" {
			return def
		}
		return s
	}
	var d deviceClaims
	switch strings.ToLower(info.OSName) {
	case "android", "ios", "tvos":
		d.productName = upper(info.OSName, "APP")
		d.platform = d.productName
		d.formFactor = "MOBILE"
		if looksTV(info) {
			d.formFactor = "TV"
		}
	default:
		d.productName = "WEB"
		d.platform = upper(info.Model, "DESKTOP")
		d.formFactor = d.platform
		d.browser = info.Version
	}
	d.displayName = d.productName + "_" + d.platform + "_" + d.formFactor
	return d
}

// looksTV guesses whether an app's device info describes a TV.
func looksTV(info device.Info) bool {
	m := strings.ToLower(info.Model)
	if strings.Contains(m, "tv") || strings.Contains(m, "box") || strings.Contains(m, "streaming") {
		return true
	}
	var w, h int64
	for _, f := range info.Extra {
		switch f.Key {
		case "displayWidth":
			w = jsonInt(f.Value)
		case "displayHeight":
			h = jsonInt(f.Value)
		}
	}
	return w >= 1920 && w > h
}

func jsonInt(raw []byte) int64 {
	var n int64
	for _, c := range raw {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int64(c-'0')
		if n > 1<<40 {
			return 0
		}
	}
	return n
}

// newClaims builds the claims of a token for req, expiring at exp. A
// signed-in account's plans, networks and location replace the free plan
// and the demo location.
func newClaims(req *wireRequest, now time.Time, exp int64, acct *Account) Claims {
	d := deriveDevice(req.DeviceInfo)
	start := now.UTC().AddDate(0, 0, -30).Format(time.DateOnly)
	c := Claims{
		ClientID:  ClientID(req.ClientKey),
		ClientKey: req.ClientKey,
		Issuer:    Issuer,
		DeviceID:  req.DeviceID,
		Plans: []Plan{{Plan: "free", Source: "NFL", Status: "ACTIVE", StartDate: start,
			ExpirationDate: "2125-01-01", Trial: false}},
		DisplayName: d.displayName,
		FormFactor:  d.formFactor,
		Platform:    d.platform,
		ProductName: d.productName,
		Browser:     d.browser,
		Cellular:    req.NetworkType == string(device.NetworkCellular),
		CountryCode: "US",
		DmaCode:     "501",
		HmaTeams:    []string{"10403000-5851-f9d5-da45-78365a05b6b0"},
		Region:      "NY",
		City:        "new york",
		Environment: "fakeserver",
		Roles:       defaultRoles,
		ExpiresAt:   jwt.NewNumericDate(time.Unix(exp, 0)),
	}
	if acct != nil {
		c.UID = acct.UID
		c.Plans = append([]Plan(nil), acct.Plans...)
		c.DmaCode, c.CountryCode = acct.DmaCode, acct.CountryCode
		if len(acct.Networks) > 0 {
			c.Networks = make(map[string]bool, len(acct.Networks))
			for k, v := range acct.Networks {
				c.Networks[k] = v
			}
		}
	}
	return c
}

// ParseAccessToken verifies token with the server's signing key (HS256 only)
// and clock, and returns its claims. Tests use it to check what was issued.
func (s *Server) ParseAccessToken(token string) (*Claims, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c,
		func(*jwt.Token) (any, error) { return s.cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(s.clock),
		jwt.WithIssuer(Issuer),
		jwt.WithExpirationRequired(),
	)
	if err != nil {
		return nil, errors.New("access token did not verify: " + err.Error())
	}
	return &c, nil
}
