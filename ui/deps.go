package ui

import (
	"context"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokens"
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

// Store is what the console needs from saved profiles, in the store's own
// types: *tokens.Store (a *store.Store with the token workflow) satisfies
// it, so nothing adapts between them; the rules of saving (device info, the
// note, create-only, the clobber check) live in store, the rules of caching
// and recording a token in tokens. Deps.Store may be nil: nothing is loaded or
// recorded. Every method is called from a tea.Cmd, never from Update.
type Store interface {
	// Snapshot reads, under one lock, the list, the last-used name and the
	// profile to open ("" = the last-used one) with its secrets.
	Snapshot(name string) (store.Snapshot, error)
	// Update changes (or creates) one profile under one lock; see
	// store.Store.Update.
	Update(name string, opts store.UpdateOptions, fn func(*store.Profile, *store.Secrets) error) (store.Profile, error)
	// RecordSent saves a finished call (kind "issue" or "refresh") under
	// the named profile: the token on success, a history entry always, with
	// the request sent (nil: not kept) and the response, secrets masked.
	RecordSent(name, kind string, sent *tokenclient.Prepared, res *tokenclient.Result, callErr error, elapsed time.Duration) error
	// History lists recorded calls, newest first.
	History(store.HistoryQuery) ([]store.HistoryEntry, error)
	// List returns every saved profile (no secrets), sorted by name.
	List() ([]store.Profile, error)
	// Delete removes a profile and its secrets.
	Delete(name string) error
	// Rename renames a profile, moving its secrets and state.
	Rename(oldName, newName string) error
	// Copy copies a profile's configuration and client secret.
	Copy(src, dst string) error
	// RepairReport moves a corrupt profiles file (or state database) aside;
	// it reports what it moved, where to and why.
	RepairReport() (store.RepairReport, error)
	// Revision identifies the profiles file's version; cheap (a stat).
	Revision() (store.Revision, error)
	// Check gets a token for each named profile (one request each,
	// recorded in the history) and reports each result to each as it
	// finishes; see tokens.Store.Check.
	Check(ctx context.Context, names []string, opts tokens.CheckOptions, issuerFor func(endpoint string) tokens.Issuer, each func(tokens.CheckResult)) error
	// RecordActivation records a device activation's calls under the
	// named profile and, with done, saves what it activated and caches
	// its token; see tokens.Store.RecordActivation.
	RecordActivation(name string, calls []tokens.ActivationCall, done *tokens.Activated) error
	// KeyringFallback says why secrets go to a plain file although the
	// keyring was not ruled out by configuration, "" when they do not.
	KeyringFallback() string
}

var _ Store = (*tokens.Store)(nil)

// DemoInfo marks a demo session: the console shows a banner naming the
// in-process fake server.
type DemoInfo struct {
	ServerURL string
	// AccountSecret is the demo server's uid account secret (a published
	// demo value): F6 offers it so signing can be tried against it.
	AccountSecret string
	// Approve, when set, approves a registration code as one of Accounts
	// on the demo server, as its activation page would: the activation
	// view's approve key calls it.
	Approve  func(ctx context.Context, regCode, account string) error
	Accounts []string
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
	// Initial and InitialSecrets fill the form when no profile is opened
	// (e.g. the demo).
	// Empty device fields are filled from detection after the first frame;
	// an empty device id gets NewDeviceID(). With Demo and Store set and
	// Initial.Name non-empty, the console saves Initial as that profile
	// after the first frame and opens it: created with the fresh device id
	// and detected device info, or, when it exists, updated to Initial's
	// endpoint, client key and secret (its device fields are kept).
	Initial        store.Profile
	InitialSecrets store.Secrets
	// AutoRefreshBefore is how long before expiry auto-refresh renews the
	// shown token; 0 means DefaultAutoRefreshBefore.
	AutoRefreshBefore time.Duration
	// Timeout is the per-call deadline; 0 means tokenclient.DefaultTimeout.
	Timeout time.Duration
	// Location is the time zone for date-times; default time.Local.
	Location *time.Location
	// Getenv looks up the variables the console uses ($PAGER, $VISUAL,
	// $EDITOR) in the environment the caller read; nil means none is set.
	// The console never reads the process environment itself.
	Getenv func(string) string
	// PollInterval is the time between an activation's polls; 0 means
	// tokenclient.DefaultPollInterval.
	PollInterval time.Duration
	// NoColor renders without colours (the caller saw NO_COLOR set).
	NoColor bool
}
