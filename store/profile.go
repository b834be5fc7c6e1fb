package store

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/parts"
)

// DefaultHistoryLimit is how many history entries a profile keeps (the
// newest) unless Options.HistoryLimit says otherwise.
const DefaultHistoryLimit = 200

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

// ParseSecretStore reads a secret store choice: "" (automatic), "keyring"
// or "file"; anything else is the one "unknown secret store" error.
func ParseSecretStore(s string) (SecretStore, error) {
	switch v := SecretStore(strings.TrimSpace(s)); v {
	case "", SecretKeyring, SecretFile:
		return v, nil
	}
	return "", fmt.Errorf("unknown secret store %q; use keyring or file, or leave it unset to pick automatically", s)
}

// Profile is one saved client: where to ask for a token and as whom. It never
// holds a secret; those are in Secrets, kept in the keyring or secrets.json.
//
// The configuration fields are kept in profiles.json. The fields marked
// "state" come from state.db and are filled by List, Get and Snapshot; Update
// ignores changes to them.
type Profile struct {
	Name        string
	Endpoint    string // base URL of the identity service
	ClientKey   string
	DeviceID    string
	DeviceInfo  device.Info
	NetworkType device.NetworkType
	Note        string
	// UID is a signed-in user's uid (its signature is a secret).
	UID string
	// Fields are extra body fields sent after the standard ones, in order.
	Fields []parts.Field
	// Headers are extra request headers, in order.
	Headers   []parts.Header
	UserAgent string          // "" = the client's default
	Encoding  parts.Encoding  // "" = JSON
	JSONStyle parts.JSONStyle // "" = compact
	// Order and RefreshOrder are the body's field order on issue and on
	// refresh (standard and extra field names); empty is the default.
	Order        []string
	RefreshOrder []string

	// Created and Updated are set by the store.
	Created time.Time
	Updated time.Time
	// SecretStore is where the secrets are; "" until a secret is saved. Set
	// by the store.
	SecretStore SecretStore

	// deviceInfoRaw is the device info base64 as given, kept only when it
	// differs from device.Encode(DeviceInfo) (see SetDeviceInfoBase64).
	deviceInfoRaw string
	// secretRef is the reference its secrets are kept under ("" = Name).
	// Set by the store.
	secretRef string
	// insecureHTTP marks an http endpoint to a host that is not loopback,
	// kept from a version 1 file (see InsecureHTTP).
	insecureHTTP bool

	// State from state.db (zero when there is none or state.db is unusable).
	LastUsed time.Time     // last token request made with this profile
	Token    *TokenMeta    // the cached token's metadata, nil when none
	LastCall *HistoryEntry // the newest history entry, nil when none
}

// TokenMeta describes the cached token of a profile, without the token itself.
type TokenMeta struct {
	ExpiresIn  int64     // exactly as the server sent it
	ExpiresAt  time.Time // when the access token expires, clamped to years 1678–2262
	ObtainedAt time.Time // when it was received
	Relative   bool      // the server sent a duration rather than a unix time
}

// HistoryEntry is one token call made with a profile. It never holds a secret.
type HistoryEntry struct {
	ID        int64 // the call's number in the history (authdeck history show ID); 0 when not read from it
	Profile   string
	Time      time.Time
	Kind      string // KindIssue or KindRefresh
	Status    int    // HTTP status, 0 when no response arrived
	Duration  time.Duration
	Error     string // short error text with secrets masked, "" on success
	RequestID string // the response's X-Request-Id, "" when none
	Endpoint  string // the endpoint the call went to
	// Exchange is the call's masked request and response; written when
	// set, read only by HistoryCall.
	Exchange *Exchange
}

// Secrets are the confidential values of a profile.
type Secrets struct {
	ClientSecret string
	AccessToken  string
	RefreshToken string
	// UIDSignature and SignatureTimestamp sign a signed-in user's UID.
	UIDSignature       string
	SignatureTimestamp string
}

// DeviceInfoBase64 is the device info as sent: the base64 given to
// SetDeviceInfoBase64 when it differs from the canonical encoding, else
// device.Encode(DeviceInfo); "" when the profile has no device info.
func (p Profile) DeviceInfoBase64() string {
	if p.deviceInfoRaw != "" {
		if info, err := device.Decode(p.deviceInfoRaw); err == nil && infoEqual(info, p.DeviceInfo) {
			return p.deviceInfoRaw
		}
	}
	if infoEqual(p.DeviceInfo, device.Info{}) {
		return "" // no device info yet, not the encoding of four empty strings
	}
	return device.Encode(p.DeviceInfo)
}

// DeviceInfoVerbatim reports whether the device info is sent as given
// rather than in its canonical encoding (the form's "verbatim" mark).
func (p Profile) DeviceInfoVerbatim() bool {
	return p.deviceInfoRaw != "" && p.DeviceInfoBase64() != device.Encode(p.DeviceInfo)
}

// SetDeviceInfoBase64 decodes s into DeviceInfo and keeps s verbatim when
// it differs from the canonical encoding. "" clears the device info. After a
// change to a structured DeviceInfo field the verbatim text no longer
// matches and the canonical encoding is sent instead.
func (p *Profile) SetDeviceInfoBase64(s string) error {
	if s == "" {
		p.DeviceInfo, p.deviceInfoRaw = device.Info{}, ""
		return nil
	}
	info, err := device.Decode(s)
	if err != nil {
		return &FieldError{Profile: p.Name, Field: "deviceInfo", Problem: err.Error() + "; paste the base64 again or detect it again"}
	}
	p.DeviceInfo, p.deviceInfoRaw = info, ""
	if s != device.Encode(info) {
		p.deviceInfoRaw = s
	}
	return nil
}

func infoEqual(a, b device.Info) bool {
	return a.Model == b.Model && a.Version == b.Version && a.OSName == b.OSName && a.OSVersion == b.OSVersion &&
		slices.EqualFunc(a.Extra, b.Extra, func(x, y device.ExtraField) bool { return x.Key == y.Key && string(x.Value) == string(y.Value) })
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

// InsecureHTTP reports an endpoint that uses plain http to a host that is
// not loopback, which the store refuses for new endpoints but keeps when a
// version 1 file had it. Sending to it still needs the explicit opt-in
// (tokenclient's AllowInsecureHTTP).
func (p Profile) InsecureHTTP() bool { return p.insecureHTTP }

// config returns p with the state fields cleared: what profiles.json holds.
func (p Profile) config() Profile {
	p.LastUsed, p.Token, p.LastCall = time.Time{}, nil, nil
	return p
}

// clone returns a deep copy of p, safe to modify.
func clone(p Profile) Profile {
	if p.Token != nil {
		t := *p.Token
		p.Token = &t
	}
	if p.LastCall != nil {
		h := *p.LastCall
		p.LastCall = &h
	}
	p.DeviceInfo.Extra = slices.Clone(p.DeviceInfo.Extra)
	for i, x := range p.DeviceInfo.Extra {
		p.DeviceInfo.Extra[i].Value = slices.Clone(x.Value)
	}
	p.Fields = slices.Clone(p.Fields)
	for i, f := range p.Fields {
		p.Fields[i].Value = slices.Clone(f.Value)
	}
	p.Headers = slices.Clone(p.Headers)
	p.Order, p.RefreshOrder = slices.Clone(p.Order), slices.Clone(p.RefreshOrder)
	return p
}

// public returns a deep copy of p for a caller outside the store: without
// the secret reference, which only the store's own copy carries (a profile
// handed back to Save or Update keeps the stored reference).
func public(p Profile) Profile {
	p = clone(p)
	p.secretRef = ""
	return p
}

// publicAll is public of every profile.
func publicAll(ps []Profile) []Profile {
	out := make([]Profile, len(ps))
	for i := range ps {
		out[i] = public(ps[i])
	}
	return out
}

func byName(a, b Profile) int { return strings.Compare(a.Name, b.Name) }

func find(profiles []Profile, name string) (int, bool) {
	return slices.BinarySearchFunc(profiles, name, func(p Profile, n string) int { return strings.Compare(p.Name, n) })
}

// FieldError is a profile field the store refused.
type FieldError struct {
	Profile string
	Field   string
	Problem string
}

// Error describes the problem; it never contains a secret.
func (e *FieldError) Error() string {
	return fmt.Sprintf("profile %q: %s %s", e.Profile, e.Field, e.Problem)
}
