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
//	secrets.json           {"version": 1, "secrets": {"NAME": {...}}}, 0600, for SecretFile profiles
//	state.db (-wal, -shm)  SQLite (modernc.org/sqlite, WAL, busy timeout), 0600; never a secret
//	profiles.lock          the lock for profiles.json and secrets.json
//	token-locks/HASH.lock  one per profile, held while its token request is in flight (0700 directory)
//	profiles.v1.json.bak   the version 1 file, kept by the migration (0600)
//
// A group- or world-accessible file is reported on Options.Warn and
// tightened; a symbolic link or other non-regular file in place of a store
// file is refused with a *LinkError (never followed, never chmod-ed, and a
// FIFO never blocks). Lock files are opened without following links.
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
//	      "userAgent": "...", "encoding": "form", "secretStore": "keyring",
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
// A version 1 file (configuration and state in one file, written before
// state.db) is migrated by the first command that reads it: its state goes
// into state.db in one transaction marked with the file's hash, the
// original is kept as profiles.v1.json.bak, and profiles.json is rewritten
// as version 2. Every step is atomic and the sequence reruns from any point,
// so a kill -9 anywhere loses nothing and nothing is imported twice.
//
// # Writes and crashes
//
// Writes take the exclusive lock (bounded by Options.LockTimeout) and
// commit in this order: secrets.json with new secrets added, profiles.json
// (temp file, fsync, rename, directory fsync), then secrets and keyring
// items this write dropped (a deleted or renamed profile), then state.db in
// one transaction. A kill -9 at any point leaves every profile with its
// secrets; a secret is removed only when the write that removes it dropped
// its profile, so the secrets of profiles moved aside by Repair survive any
// later write. Reads take the shared lock; the last parse of profiles.json
// and secrets.json is reused while the file is the same (every write
// replaces the file). state.db is opened on first need; a read-only store
// opens it read-only, so a cached token still works. A state.db that cannot
// be used is warned about once; profiles keep working without state.
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
// signature timestamp live in the OS keyring (service "authdeck:NAME") or in
// secrets.json; Profile.SecretStore records which. Options.SecretStore
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
