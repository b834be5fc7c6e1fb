// Package tokenclient talks to the device-auth identity API: it builds and
// validates token requests, sends them, and decodes what comes back.
package tokenclient

import "github.com/authdeck/authdeck/tokenclient/device"

// NetworkType is the network connection reported in a request; it is the
// device package's type, re-exported so callers need only one import.
type NetworkType = device.NetworkType

// TokenRequest is the body of POST /identity/v3/token. The form, the preview,
// the CLI and the client all build and send this one value.
type TokenRequest struct {
	ClientKey    string      `json:"clientKey"`
	ClientSecret string      `json:"clientSecret"`
	DeviceID     string      `json:"deviceId"`
	DeviceInfo   string      `json:"deviceInfo"`
	NetworkType  NetworkType `json:"networkType"`
}

// RefreshRequest is the body of POST /identity/v3/token/refresh: the issue
// fields plus the refresh token and, for a signed-in user, uid, uidSignature
// and signatureTimestamp.
type RefreshRequest struct {
	TokenRequest
	RefreshToken       string `json:"refreshToken"`
	SignatureTimestamp string `json:"signatureTimestamp,omitempty"`
	UID                string `json:"uid,omitempty"`
	UIDSignature       string `json:"uidSignature,omitempty"`
}

// TokenResponse is the 200 body of both endpoints. ExpiresIn is an absolute
// unix time in seconds (see Expiry for servers that send a duration).
type TokenResponse struct {
	AccessToken  string `json:"accessToken"`
	ExpiresIn    int64  `json:"expiresIn"`
	RefreshToken string `json:"refreshToken"`
}

// The API paths, relative to the base URL.
const (
	IssuePath   = "/identity/v3/token"
	RefreshPath = "/identity/v3/token/refresh"
)

// DefaultBaseURL is the production identity service.
const DefaultBaseURL = "https://api.nfl.com"
