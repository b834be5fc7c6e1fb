package fakeserver

import (
	"errors"

	"github.com/golang-jwt/jwt/v5"
)

// Claims are the claims of an access token: the registered ones (iss, sub =
// the device id, jti, iat, exp) and the service data the real tokens carry.
type Claims struct {
	jwt.RegisteredClaims
	ClientKey   string   `json:"clientKey"`
	DeviceID    string   `json:"deviceId"`
	NetworkType string   `json:"networkType"`
	Plans       []string `json:"plans"`
	Roles       []string `json:"roles"`
}

// defaultRoles are the roles every token carries; its plans are empty.
var defaultRoles = []string{"free"}

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
