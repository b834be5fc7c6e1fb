// Package store keeps authdeck's saved client profiles on disk: the profile
// file format, locking, atomic writes, corruption handling, secret storage
// (OS keyring or a 0600 file) and the token cache behind `authdeck token -p`.
//
// # Files
//
// Everything lives in one directory (DefaultDir: $AUTHDECK_CONFIG_DIR, else
// os.UserConfigDir()/authdeck), created 0700:
//
//	profiles.json   {"version": 1, "profiles": [...]}, pretty-printed, sorted by
//	                name, hand-editable, never holds a secret
//	secrets.json    {"version": 1, "secrets": {"NAME": {...}}}, 0600, only for
//	                profiles whose SecretStore is "file"
//	profiles.lock   the lock for profiles.json and secrets.json (gofrs/flock)
//	token.lock      held while a token request is in flight
//
// A group- or world-accessible directory or file is reported on Options.Warn
// and tightened (0700/0600) by Open.
//
// Reading is strict: a file that is not valid UTF-8, not JSON, truncated,
// has a duplicate or unknown key, a missing or newer "version", two profiles
// with one name, an invalid name, or is larger than MaxFileSize is a
// *CorruptError naming the file, the line and column, and the problem. The
// file is left byte for byte as it was and every write is refused until it is
// fixed by hand or moved aside by Repair. A missing or 0-byte file is an
// empty store. (MaxFileSize is 32 MiB rather than the 1 MiB first proposed:
// 10 000 profiles with some history take about 15 MB.)
//
// Writes take an exclusive lock on profiles.lock (bounded by
// Options.LockTimeout, then "another authdeck is writing profiles; gave up
// after 10s"), re-read the file, apply the change, write a temp file in the
// same directory, fsync it, rename it over the old file and fsync the
// directory. A killed writer leaves the old file or the new one; stray temp
// files (".tmp-*") are never read and are removed by the next writer. Reads
// take a shared lock. A profile the write did not change keeps its text as it
// was (hand formatting survives); changed ones are written in the canonical
// layout: one key per line, one history entry per line, sorted by name.
//
// A Store remembers the file it last read or wrote; when the bytes on disk
// are still the same it reuses the parsed profiles instead of parsing again.
// List and Get return deep copies, safe to modify. (The first List after a
// parse hands over the parsed profiles themselves and keeps only the text, so
// a one-shot `profiles list` makes no second copy; a later read parses that
// text again once, without reading the file.)
//
// Performance notes (10 000 profiles, ~15 MB): a file over 1 MiB is parsed
// in two halves on two goroutines (the second half's result is used only
// when the in-order parse reaches exactly where it started, so results and
// errors are those of an in-order parse); a write copies the text of runs of
// unchanged profiles straight from what was read, without building a new
// file image; a write changes the cached profiles in place (keeping the
// originals to put back if nothing is written) rather than copying them all.
//
// # Secrets
//
// A profile's client secret, access token and refresh token live in the OS
// keyring (service "authdeck:NAME", items "client-secret", "access-token",
// "refresh-token") or in secrets.json; Profile.SecretStore records which.
// The choice comes from Options.SecretStore, else $AUTHDECK_SECRET_STORE
// ("keyring" or "file"), else automatic: the keyring when it works, the file
// when it is unavailable (no Secret Service, unsupported platform, item too
// big), with a notice written once to Options.Warn. A forced keyring that fails
// is an error. Every keyring call is bounded by Options.KeyringTimeout; a
// timeout is an error (*KeyringTimeoutError) and never falls back to writing
// the secret in plain text. Keyring availability is probed once per Store.
// Errors never contain a secret.
//
// # API
//
//	type Profile struct {
//		Name, Endpoint, ClientKey, DeviceID string
//		DeviceInfo  device.Info
//		NetworkType device.NetworkType
//		Note        string
//		Created, Updated, LastUsed time.Time // set by the store
//		Token       *TokenMeta               // cached token metadata (no secret); set by the store
//		History     []HistoryEntry           // last MaxHistory calls, oldest first; set by the store
//		SecretStore SecretStore              // SecretKeyring or SecretFile; set by the store
//	}
//	type TokenMeta struct { ExpiresIn int64; ExpiresAt, ObtainedAt time.Time; Relative bool }
//	type HistoryEntry struct { Time time.Time; Kind string /* KindIssue, KindRefresh */; Status int; Duration time.Duration; Error string }
//	type Secrets struct { ClientSecret, AccessToken, RefreshToken string }
//
//	func (Profile) Request(clientSecret string) tokenclient.TokenRequest // DeviceInfo via device.Encode
//	func (Profile) TokenStatus(now time.Time) string                   // "valid 42m", "expired", "none"
//	func (Profile) MaskedKey() string                                  // tokenclient.MaskKey: "4cFU…s04g"
//	func (Profile) EndpointHost() string                               // "api.nfl.com"
//
//	func ValidateName(name string) error         // *NameError: 1–64 of letters, digits, '.', '_', '-'; not "." or ".."
//	func ValidateEndpoint(endpoint string) error // *EndpointError: https, or http for 127.0.0.0/8, ::1, localhost; no user info, query, fragment
//	func DefaultDir() (string, error)            // $AUTHDECK_CONFIG_DIR, else os.UserConfigDir()/authdeck
//
//	type Options struct {
//		Dir            string        // default DefaultDir()
//		SecretStore    SecretStore   // "", SecretKeyring or SecretFile; "" = $AUTHDECK_SECRET_STORE, else automatic
//		Warn           io.Writer     // mode warnings and the once-per-Store keyring fallback notice; nil = os.Stderr
//		LockTimeout    time.Duration // default 10s
//		KeyringTimeout time.Duration // default 3s
//	}
//	func Open(Options) (*Store, error)            // creates/tightens the directory; reads nothing yet
//	func (*Store) Dir() string
//	func (*Store) Path() string                   // .../profiles.json
//	func (*Store) KeyringFallback() string        // why secrets go to the file in automatic mode, or ""
//	func (*Store) Revision() (Revision, error)    // comparable with ==; changes whenever profiles.json is replaced
//	func (*Store) List() ([]Profile, error)       // sorted by name; reads no secret
//	func (*Store) Get(name string) (Profile, error)                 // ErrNotFound
//	func (*Store) Secrets(name string) (Secrets, error)
//	func (*Store) Save(p Profile, secrets *Secrets, opts SaveOptions) error
//	type SaveOptions struct {
//		IfUnchangedSince time.Time // non-zero: ErrConflict unless the stored Updated equals it
//		CreateOnly       bool      // ErrExists if the name is taken
//	}
//	func (*Store) Delete(name string) error          // also removes its keyring items
//	func (*Store) Rename(oldName, newName string) error
//	func (*Store) Copy(src, dst string) error        // configuration and client secret; no token, no history
//	func (*Store) Export(withSecrets bool) ([]byte, error)         // the profiles.json format (+ "secrets" objects)
//	func (*Store) Import(data []byte, overwrite bool) ([]string, error) // names imported; *ImportError for bad data
//	func (*Store) Repair() ([]string, error)         // paths broken files were moved to (none: nothing to do)
//
//	// Token cache.
//	type Issuer interface { // satisfied by *tokenclient.Client
//		Issue(context.Context, tokenclient.TokenRequest) (*tokenclient.Result, error)
//		Refresh(context.Context, tokenclient.RefreshRequest) (*tokenclient.Result, error)
//	}
//	type TokenOptions struct {
//		Fresh        bool // always issue a new token
//		ForceRefresh bool // always refresh (error when there is no refresh token)
//		Override     func(*tokenclient.TokenRequest) // flags overriding the profile
//		Signer       func(*tokenclient.RefreshRequest) // a signed-in user's uid fields on a refresh
//		MinValidity  time.Duration // default 60s
//		Now          func() time.Time
//	}
//	type TokenOutcome struct {
//		Response  tokenclient.TokenResponse
//		ExpiresAt time.Time
//		Result    *tokenclient.Result // nil when Cached
//		Cached, Refreshed bool
//	}
//	func (*Store) Token(ctx context.Context, name string, opts TokenOptions, is Issuer) (TokenOutcome, error)
//	func (*Store) RecordResult(name, kind string, res *tokenclient.Result, callErr error) error
//
// Save creates or updates the user-editable fields (Endpoint, ClientKey,
// DeviceID, DeviceInfo, NetworkType, Note); Created, Updated, LastUsed, Token,
// History and SecretStore are kept by the store and ignored on input. A nil
// secrets keeps the stored secrets; a non-nil one replaces the client secret,
// and also the tokens when they are non-empty. Changing Endpoint, ClientKey,
// DeviceID or the client secret drops the cached token.
//
// Token returns the cached access token when it has at least MinValidity
// left; otherwise it refreshes with the cached refresh token (issuing instead
// when the refresh is refused with 401), or issues. Requests are serialised
// on their own lock (token.lock) with the cache re-checked after taking it, so
// two processes asking at once make one request and a rotated refresh token is
// never used twice; only that lock is held across the network call, so a slow
// server never holds up readers or writers of profiles.json. The result is
// saved under the store lock afterwards (and not kept when the profile's
// endpoint, client key or device id changed in the meantime). The token goes to the secret store, its metadata to the
// profile, and a HistoryEntry is appended for successes and failures alike.
// When Override changes the request, the cache is not used and an issued
// token is not stored (ForceRefresh still stores the rotated tokens, since the
// old refresh token is spent). Errors in the history have the profile's
// secrets masked. The issuer must be set up for the profile's Endpoint.
//
// Errors: ErrNotFound, ErrExists, ErrConflict (errors.Is); *CorruptError,
// *LockTimeoutError, *KeyringTimeoutError, *KeyringError, *NameError,
// *EndpointError, *FieldError (Save's other field checks), *ImportError
// (errors.As). None contains a secret.
package store
