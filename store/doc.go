// Package store keeps authdeck's client profiles: their configuration in
// profiles.json, their state (cached-token metadata, request history,
// last-used) in state.db, and their secrets in the OS keyring or a 0600
// file. It reads no environment variable: the CLI passes Options.
//
// # Files
//
// Everything lives in one directory (Options.Dir, else DefaultDir), 0700:
//
//	profiles.json          configuration only, format version 2 (below); hand-editable
//	secrets.json           {"version":1,"secrets":{"REF":{...}}}, compact, 0600: client secret and uid signature of SecretFile profiles
//	tokens/REF.json        {"accessToken":...,"refreshToken":...,"meta":{"expiresIn":...,"expiresAt":...,"obtainedAt":...}}, 0600: the tokens of one SecretFile reference with the access token's expiry (0700 directory)
//	pending.json           the secret references a write in progress created or dropped (see Writes)
//	state.db (-wal, -shm)  SQLite (modernc.org/sqlite, WAL, busy timeout), 0600; never a secret
//	profiles.lock          the lock for every file above but state.db
//	token-locks/HASH.lock  one per profile, held while its token request is in flight (0700 directory)
//	profiles.v1.json.bak   the version 1 file, kept by the migration (0600)
//
// A group- or world-accessible file is reported on Options.Warn and
// tightened; a symbolic link, directory or other non-regular file in place
// of a store file is refused with a *LinkError naming the path and the fix
// (never followed, never chmod-ed, and a FIFO never blocks). Lock files are
// opened without following links.
//
// # profiles.json
//
//	{
//	  "version": 2,
//	  "profiles": [
//	    {
//	      "name": "prod", "endpoint": "https://api.nfl.com", "clientKey": "...", "deviceId": "...",
//	      "deviceInfo": {"model": "desktop", "version": "...", "osName": "...", "osVersion": "..."},
//	      "deviceInfoBase64": "...",      // only when the given base64 differs from the canonical one
//	      "networkType": "wifi", "note": "...", "uid": "...",
//	      "fields": [{"name": "peacockUUID", "value": "..."}], "headers": [{"name": "X-A", "value": "..."}],
//	      "userAgent": "...", "encoding": "json", "jsonStyle": "python",
//	      "order": ["clientKey", "..."], "refreshOrder": ["clientKey", "..."], // body field order (standard or extra names)
//	      "secretStore": "keyring", "secretRef": "prod~1f2e3d4c5b6a7988",
//	      "insecureHttp": true,           // only for an http endpoint kept from a version 1 file
//	      "created": "2026-01-02T03:04:05Z", "updated": "..."
//	    }
//	  ]
//	}
//
// It is written pretty-printed, sorted by name, keys in a fixed order, so a
// change diffs as the lines it changed. It is read strictly (json v2 API,
// github.com/go-json-experiment/json, chosen over encoding/json by
// measurement): invalid UTF-8, a byte order mark, syntax errors, trailing
// data, unknown or duplicate keys, wrong types, a missing or newer version,
// an invalid name or two profiles with one name are a *CorruptError naming
// the file, line and column. The file is left byte for byte as it was and
// every write is refused until it is fixed by hand or moved aside by
// Repair. A missing or empty file is an empty store. Files are limited to
// MaxFileSize (64 MiB, over 100 000 profiles); a write that would exceed it
// is refused before anything changes (*TooLargeError).
//
// Repair (RepairReport) moves what cannot be read aside as
// NAME.corrupt-<time> and says why, the parser's message with line and
// column first. A profiles.json that is JSON but holds profiles that do not
// read keeps the others: only those go aside, in a file of their own.
//
// A version 1 file (configuration and state in one file, written before
// state.db) is migrated by the first command that reads it: its state goes
// into state.db in one transaction marked with the file's hash, the
// original is kept as profiles.v1.json.bak, and profiles.json is rewritten
// as version 2. Every step is atomic and the sequence reruns from any point,
// so a kill -9 anywhere loses nothing and nothing is imported twice. An
// http endpoint to a host that is not loopback is kept and marked
// (Profile.InsecureHTTP); sending to it still needs the explicit opt-in.
//
// # Writes and crashes
//
// A profile's secrets are kept under a reference (secretRef: the name at
// creation plus a random suffix; a profile written before references
// existed uses its name): keyring service "authdeck:REF", key REF in
// secrets.json, file tokens/REF.json. A secret is never overwritten in
// place. A write takes the exclusive lock (bounded by Options.LockTimeout)
// and commits in this order:
//
//  1. pending.json lists every reference the write creates or drops;
//  2. secrets that changed go under a fresh reference (keyring items, token
//     file, secrets.json with the entry added);
//  3. profiles.json (temp file, fsync, rename, directory fsync) pointing at
//     the new references: this rename is the commit point;
//  4. the references listed in pending.json that profiles.json does not
//     point at are deleted, then pending.json;
//  5. state.db, in one transaction.
//
// A kill or an error at any instant leaves each profile as it was with its
// old secrets or as written with its new ones, never a mix, for the file
// and the keyring alike; a failed write undoes step 2, and a killed one is
// finished by the next write (which reads pending.json first). Rename keeps
// the reference, so it is one write of profiles.json. A token save changes
// no reference: it replaces one token file or one keyring item ("tokens",
// both tokens and the access token's expiry in one JSON object), each
// atomic by itself, so a check of N profiles writes O(N) bytes. The expiry
// kept with the token answers a cache hit (ReadCached) without opening
// state.db, and cannot belong to another token; state.db keeps a copy for
// lists. Secrets are deleted only when pending.json
// lists them and profiles.json does not point at them, so the secrets of
// profiles moved aside by Repair survive every later write, a save under
// the same name included (it gets a fresh reference). Reads take the
// shared lock; the last parse of profiles.json and secrets.json is reused
// while the file is the same (every write replaces the file).
//
// state.db is optional for correctness: it is opened on first need (a
// read-only store opens it read-only, so a cached token still works), and
// when it cannot be opened, read or written every other operation works and
// the problem is reported once per Store on Options.Warn as a *StateError
// whose Problem names the fix: StateDamaged ("authdeck profiles repair"
// moves it aside), StateBusy (locked by another process past the busy
// timeout: retry; Repair moves nothing) or StateNewer (upgrade; Repair
// leaves it). A Store that failed to open it leaves it alone for a few
// seconds. Its WAL stays under about 1 MiB: journal_size_limit, a TRUNCATE
// checkpoint after a write that leaves it larger, and one on Close of a
// connection that wrote.
//
// # State
//
// Per profile: last-used time, the cached token's metadata (expiresIn
// exactly as the server sent it, expiresAt clamped to 1678–2262), and the
// history: time, kind, status, duration, error excerpt (one line, secrets
// masked, control characters removed), X-Request-Id and endpoint. Each
// profile keeps the newest Options.HistoryLimit entries (default 200),
// pruned in the transaction of the insert. Rename carries the state, Delete
// removes it, creating a profile clears stale state of its name.
//
// # Secrets
//
// The client secret, access and refresh tokens, uid signature and
// signature timestamp live in the OS keyring (service "authdeck:REF";
// KeyringService names it) or in secrets.json and tokens/;
// Profile.SecretStore records which. Options.SecretStore
// chooses (ParseSecretStore reads the user's setting); "" is automatic: the
// keyring when it works, the file when it is unavailable or refuses an item,
// with a notice once per Store on Options.Warn. A forced keyring that fails
// is an error. Every keyring call is bounded by Options.KeyringTimeout; a
// timeout is a *KeyringTimeoutError and never falls back to plain text.
// Errors never contain a secret.
//
// # Token cache
//
// Token returns the cached access token when it has MinValidity left
// (reading profiles.json, state.db and the secrets once), else refreshes
// (issuing when the refresh is refused with 401), else issues. Requests for
// one profile are serialised on its lock in token-locks/ with the cache
// checked again after taking it, so two processes asking at once make one
// request; requests for different profiles run in parallel. Only the token
// lock is held across the network call. Every call is recorded in the
// history. Check runs Token over many profiles at once.
//
// # Errors
//
// ErrNotFound, ErrExists, ErrConflict (errors.Is); *CorruptError,
// *LinkError, *TooLargeError, *StateError, *LockTimeoutError,
// *KeyringTimeoutError, *KeyringError, *NameError, *EndpointError,
// *FieldError, *ImportError (errors.As).
package store
