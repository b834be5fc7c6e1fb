package ui

import (
	"context"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// Sender is what the console needs from a token client. *tokenclient.Client
// satisfies it. The console prepares a request once and hands the same
// *Prepared to the preview, the curl export and Send, so what is shown is
// what is sent.
type Sender interface {
	PrepareIssue(tokenclient.TokenRequest) *tokenclient.Prepared
	PrepareRefresh(tokenclient.RefreshRequest) *tokenclient.Prepared
	Send(ctx context.Context, p *tokenclient.Prepared) (*tokenclient.Result, error)
}

var _ Sender = (*tokenclient.Client)(nil)

// Profile is a saved client profile as the console sees it: the request it
// sends (secrets included), the endpoint and the last token, if any.
type Profile struct {
	Name     string
	Endpoint string
	Timeout  time.Duration // 0 means tokenclient.DefaultTimeout
	Request  tokenclient.TokenRequest
	// LastToken is the cached token of the profile, nil when none.
	LastToken *tokenclient.TokenResponse
}

// Outcome is one finished call, handed to Store.RecordResult so the token
// cache and history of a saved profile stay current. It never holds the
// client secret.
type Outcome struct {
	Kind     string // "issue" or "refresh"
	At       time.Time
	Status   int // 0 when no response arrived
	Duration time.Duration
	Err      string // plain-words error text, "" on success
	// Token and Expiry are set on success only.
	Token  *tokenclient.TokenResponse
	Expiry tokenclient.Expiry
}

// Store is what the console needs from saved profiles. The lead adapts
// store.Store to it; Deps.Store may be nil (no saved profiles, e.g. tests).
// Every method is called from a tea.Cmd, never from Update.
type Store interface {
	// LastUsed names the profile to open on, "" when there is none.
	LastUsed() (string, error)
	// Load returns the named profile with its secrets.
	Load(name string) (Profile, error)
	// RecordResult saves a finished call's token and history entry under
	// the named profile.
	RecordResult(name string, o Outcome) error
}

// DemoInfo marks a demo session: the console shows a banner naming the
// in-process fake server.
type DemoInfo struct {
	ServerURL string
}

// Deps is everything the console needs from outside. Nil funcs get
// defaults (see New); tests pass fakes for all of them.
type Deps struct {
	// NewClient builds the client for an endpoint; default wraps tokenclient.New.
	NewClient func(baseURL string, timeout time.Duration) Sender
	// Detect reports this machine's device info; default device.Detect.
	Detect func() device.Detection
	// NewDeviceID returns a fresh device id (a UUID); default uuid.NewString.
	NewDeviceID func() string
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Store is optional: nil means nothing is loaded or recorded.
	Store Store
	// Demo, when set, shows the demo banner.
	Demo *DemoInfo
	// Profile names the profile to open (--profile NAME); "" opens the
	// store's last-used profile, or a new one from Initial.
	Profile string
	// Initial fills the form when no profile is opened (e.g. the demo).
	// Empty device fields are filled from detection after the first frame;
	// an empty device id gets NewDeviceID().
	Initial Profile
	// Timeout is the per-call deadline; 0 means tokenclient.DefaultTimeout.
	Timeout time.Duration
	// Location is the time zone for date-times; default time.Local.
	Location *time.Location
}
