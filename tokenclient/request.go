// Package tokenclient talks to the device-auth identity API: it builds and
// validates token requests, sends them, and decodes what comes back.
//
// One request value (TokenRequest, or RefreshRequest around it) is prepared
// once into a *Prepared, and the preview (Prepared.HTTP), the curl copy
// (Prepared.Curl) and the sender (Client.Send) all use that one value, so
// what is shown is what is sent, byte for byte.
//
// The body shapes follow public clients of the service (see
// ../shared/identity-api.yaml, revision 2): JSON by default, or form-encoded;
// signed-in clients add uid, uidSignature and signatureTimestamp; partner
// clients add extra body fields (Fields). Plain http is only sent to a
// loopback host unless Options.AllowInsecureHTTP is set (ValidateEndpoint).
package tokenclient

import (
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/parts"
)

// NetworkType is the network connection reported in a request; it is the
// device package's type, re-exported so callers need only one import.
type NetworkType = device.NetworkType

// TokenRequest is the body of POST /identity/v3/token, and how it is sent.
// The form, the preview, the CLI and the client all build and send this one
// value.
//
// On the wire the issue body is, unless Order says otherwise, clientKey,
// clientSecret, deviceId, deviceInfo, networkType, then Fields in order,
// then signatureTimestamp, uid and uidSignature when set: the order yt-dlp
// sends
// (yt_dlp/extractor/nfl.py, NFLBaseIE: {**_CLIENT_DATA, **_ACCOUNT_INFO},
// where _CLIENT_DATA ends with the extra field peacockUUID). See
// RefreshRequest for the refresh order.
type TokenRequest struct {
	ClientKey    string      `json:"clientKey"`
	ClientSecret string      `json:"clientSecret"`
	DeviceID     string      `json:"deviceId"`
	DeviceInfo   string      `json:"deviceInfo"`
	NetworkType  NetworkType `json:"networkType"`

	// UID identifies a signed-in user (optional). Signed-in clients send it
	// already on the first issue call (yt-dlp) and may refresh with it alone
	// (EPlusTV).
	UID string `json:"uid,omitempty"`
	// UIDSignature is the Gigya UID signature (see SignUID); it needs UID
	// and SignatureTimestamp. It is a secret: masked by Redacted.
	UIDSignature string `json:"uidSignature,omitempty"`
	// SignatureTimestamp is the unix time in seconds, as a decimal string,
	// at which UIDSignature was made.
	SignatureTimestamp string `json:"signatureTimestamp,omitempty"`

	// Fields are extra body fields (peacockUUID, mvpdIdp, ...), sent in
	// order. A name that is a standard field of the request is refused by
	// Validate.
	Fields []Field `json:"fields,omitempty"`
	// Headers are extra request headers, added after the standard ones (an
	// extra Accept replaces the default). Host, Content-Length and
	// Content-Type are refused by Validate (the transport and Encoding set
	// them), and so is User-Agent (set UserAgent instead).
	Headers []Header `json:"headers,omitempty"`
	// UserAgent replaces the client's User-Agent for this request when set.
	UserAgent string `json:"userAgent,omitempty"`
	// Encoding is the body encoding; "" means EncodingJSON.
	Encoding Encoding `json:"encoding,omitempty"`
	// JSONStyle is how a JSON body is spaced; "" is compact.
	JSONStyle JSONStyle `json:"jsonStyle,omitempty"`

	// Order and RefreshOrder name the body's fields (standard and extra)
	// in the order a client sends them on issue and on refresh. Fields
	// not named follow in the default order; named fields the request
	// does not carry are skipped. Empty means the default order.
	Order        []string `json:"order,omitempty"`
	RefreshOrder []string `json:"refreshOrder,omitempty"`
}

// RefreshRequest is the body of POST /identity/v3/token/refresh: the issue
// request (whose UID, UIDSignature and SignatureTimestamp are the signed-in
// user's) plus the refresh token.
//
// On the wire the refresh body is, unless RefreshOrder says otherwise,
// clientKey, clientSecret, deviceId, deviceInfo, networkType, refreshToken,
// then uid, signatureTimestamp and uidSignature when set, then Fields in
// order: the order EPlusTV sends (services/nfl-handler.ts, extendToken).
type RefreshRequest struct {
	TokenRequest
	RefreshToken string `json:"refreshToken"`
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
	IssuePath   = parts.IssuePath
	RefreshPath = parts.RefreshPath
)

// DefaultBaseURL is the production identity service.
const DefaultBaseURL = "https://api.nfl.com"
