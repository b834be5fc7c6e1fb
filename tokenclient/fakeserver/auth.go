package fakeserver

import (
	"crypto/subtle"
	"net/http"
)

// authenticate checks the client key and secret. The secret comparison is
// constant-time, and an unknown key still costs one comparison, so timing
// does not tell a caller how much of a secret was right.
func (s *Server) authenticate(req *wireRequest) *apiError {
	want, known := s.cfg.Clients[req.ClientKey]
	if !known {
		want = "\x00unknown-client\x00"
	}
	ok := subtle.ConstantTimeCompare([]byte(req.ClientSecret), []byte(want)) == 1
	switch {
	case !known:
		return newError(http.StatusUnauthorized, CodeInvalidClient, "clientKey",
			"clientKey is not a registered client; check the key, or the --client given to the fake server")
	case !ok:
		return newError(http.StatusUnauthorized, CodeInvalidClient, "clientSecret",
			"clientSecret is wrong for this clientKey")
	}
	return nil
}
