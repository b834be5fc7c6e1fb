package store

import (
	"fmt"
	"net/url"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// MaxHistory is how many history entries a profile keeps (the newest).
const MaxHistory = 50

// The kinds of call recorded in a HistoryEntry.
const (
	KindIssue   = "issue"
	KindRefresh = "refresh"
)

// SecretStore names where a profile's secrets are kept.
type SecretStore string

// The two secret stores.
const (
	SecretKeyring SecretStore = "keyring" // the OS keyring (zalando/go-keyring)
	SecretFile    SecretStore = "file"    // secrets.json, 0600, next to profiles.json
)

// Profile is one saved client: where to ask for a token and as whom. It never
// holds a secret; those are in Secrets, kept in the keyring or secrets.json.
type Profile struct {
	Name        string
	Endpoint    string // base URL of the identity service
	ClientKey   string
	DeviceID    string
	DeviceInfo  device.Info
	NetworkType device.NetworkType
	Note        string

	// The fields below are maintained by the store; Save ignores them.
	Created     time.Time
	Updated     time.Time
	LastUsed    time.Time      // last token request made with this profile
	Token       *TokenMeta     // the cached token's metadata, nil when none
	History     []HistoryEntry // the last MaxHistory calls, oldest first
	SecretStore SecretStore    // where the secrets are; "" until a secret is saved
}

// TokenMeta describes the cached token of a profile, without the token itself.
type TokenMeta struct {
	ExpiresIn  int64     // as the server sent it
	ExpiresAt  time.Time // when the access token expires
	ObtainedAt time.Time // when it was received
	Relative   bool      // the server sent a duration rather than a unix time
}

// HistoryEntry is one token call made with a profile. It never holds a secret.
type HistoryEntry struct {
	Time     time.Time
	Kind     string // KindIssue or KindRefresh
	Status   int    // HTTP status, 0 when no response arrived
	Duration time.Duration
	Error    string // short error text, "" on success
}

// Secrets are the confidential values of a profile.
type Secrets struct {
	ClientSecret string
	AccessToken  string
	RefreshToken string
}

// Request builds the token request this profile sends, with the given
// client secret.
func (p Profile) Request(clientSecret string) tokenclient.TokenRequest {
	return tokenclient.TokenRequest{
		ClientKey:    p.ClientKey,
		ClientSecret: clientSecret,
		DeviceID:     p.DeviceID,
		DeviceInfo:   device.Encode(p.DeviceInfo),
		NetworkType:  p.NetworkType,
	}
}

// TokenStatus describes the cached token at now: "valid 42m" (time left,
// rounded down), "expired" or "none".
func (p Profile) TokenStatus(now time.Time) string {
	if p.Token == nil {
		return "none"
	}
	left := p.Token.ExpiresAt.Sub(now)
	if left <= 0 {
		return "expired"
	}
	return "valid " + shortDuration(left)
}

// shortDuration renders d coarsely: "45s", "42m", "5h12m", "3d4h".
func shortDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	default:
		return fmt.Sprintf("%dd%dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
	}
}

// MaskedKey shows the client key as its first and last four characters
// ("4cFU…s04g"), via tokenclient.MaskKey (short keys are masked completely).
func (p Profile) MaskedKey() string {
	return tokenclient.MaskKey(p.ClientKey)
}

// EndpointHost is the host (with port, if any) of the endpoint, or the
// endpoint itself when it does not parse.
func (p Profile) EndpointHost() string {
	u, err := url.Parse(p.Endpoint)
	if err != nil || u.Host == "" {
		return p.Endpoint
	}
	return u.Host
}
