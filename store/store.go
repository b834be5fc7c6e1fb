package store

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Defaults for Options.
const (
	DefaultLockTimeout    = 10 * time.Second
	DefaultKeyringTimeout = 3 * time.Second
)

// Options configure Open. The store reads no environment variable: the CLI
// reads its configuration and passes it here.
type Options struct {
	// Dir is the store directory; "" means DefaultDir().
	Dir string
	// SecretStore forces where secrets go: SecretKeyring or SecretFile. ""
	// chooses automatically (keyring when it works, else the file with a
	// notice). See ParseSecretStore.
	SecretStore SecretStore
	// Warn receives mode warnings, the keyring fallback notice (once per
	// Store) and state.db problems. nil means os.Stderr; use io.Discard to
	// silence.
	Warn           io.Writer
	LockTimeout    time.Duration // default DefaultLockTimeout
	KeyringTimeout time.Duration // default DefaultKeyringTimeout
	// HistoryLimit is how many history entries each profile keeps; 0 means
	// DefaultHistoryLimit.
	HistoryLimit int
}

// DefaultDir is os.UserConfigDir()/authdeck. (The CLI decides whether an
// environment variable overrides it.)
func DefaultDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no config directory (%v); pass a store directory", err)
	}
	return filepath.Join(base, "authdeck"), nil
}

// Open prepares the store directory (creating it 0700, tightening loose
// modes) without reading anything; a broken file is reported by the first
// call that reads it, and state.db is opened on first need.
func Open(opts Options) (*Store, error) {
	s := &Store{
		dir:            opts.Dir,
		warn:           opts.Warn,
		forced:         opts.SecretStore,
		lockTimeout:    opts.LockTimeout,
		keyringTimeout: opts.KeyringTimeout,
		historyLimit:   opts.HistoryLimit,
		now:            func() time.Time { return time.Now().UTC() },
		kr:             goKeyring{},
	}
	if s.dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return nil, err
		}
		s.dir = d
	}
	if s.warn == nil {
		s.warn = os.Stderr
	}
	if s.lockTimeout <= 0 {
		s.lockTimeout = DefaultLockTimeout
	}
	if s.keyringTimeout <= 0 {
		s.keyringTimeout = DefaultKeyringTimeout
	}
	if s.historyLimit <= 0 {
		s.historyLimit = DefaultHistoryLimit
	}
	if _, err := ParseSecretStore(string(s.forced)); err != nil {
		return nil, err
	}
	if st, err := os.Lstat(s.dir); err == nil && st.Mode()&fs.ModeSymlink == 0 && !st.IsDir() {
		return nil, fmt.Errorf("profile directory %s is not a directory", s.dir)
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("create the profile directory: %w", err)
	}
	s.tighten(s.dir, 0o700)
	for _, f := range Files() {
		s.tighten(filepath.Join(s.dir, f.Name), f.Mode)
	}
	return s, nil
}

// Close closes state.db if it was opened. The Store stays usable; state.db
// is opened again when needed.
func (s *Store) Close() error {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	s.stErr = nil
	if s.st == nil {
		return nil
	}
	err := s.st.close()
	s.st, s.stErr = nil, nil
	return err
}

// Revision identifies one version of profiles.json by its content: a
// different Revision means another process (or this one) changed what the
// file holds. Size and modification time alone would miss an edit of the
// same size made within the clock's granularity, so the bytes are hashed.
// Compare with ==.
type Revision struct {
	Exists bool
	Size   int64
	Sum    [sha256.Size]byte // SHA-256 of the file's bytes
}

// Revision returns the current revision of profiles.json. It reads the
// file (a few kilobytes for most stores) the way every load does: a link or
// a file that is not regular is refused.
func (s *Store) Revision() (Revision, error) {
	data, fi, err := readFileStat(s.Path())
	if err != nil || fi == nil {
		return Revision{}, err
	}
	return Revision{Exists: true, Size: int64(len(data)), Sum: sha256.Sum256(data)}, nil
}

// loadLocked reads and parses profiles.json, or reuses the last parse of
// the same file; the caller holds a lock and must not modify the result.
// The profiles are sorted by name.
func (s *Store) loadLocked() ([]Profile, error) {
	path := s.Path()
	data, _, err := readFileStat(path)
	if err != nil {
		return nil, err
	}
	if cached, ok := cachedParse(s, &s.profileCache, data); ok {
		return cached, nil
	}
	profiles, _, err := decodeProfiles(data, false)
	if err == errVersion1 {
		return nil, err
	}
	if err != nil {
		return nil, corrupt(path, data, err)
	}
	slices.SortFunc(profiles, byName)
	remember(s, &s.profileCache, data, profiles)
	return profiles, nil
}

// read runs fn on the current profiles under the shared lock, migrating a
// version 1 file first.
func (s *Store) read(fn func(profiles []Profile) error) error {
	profiles, unlock, err := s.lockAndLoad(false)
	if err != nil {
		return err
	}
	defer unlock()
	return fn(profiles)
}

// lockAndLoad takes the shared or exclusive lock and reads the profiles; a
// version 1 file is migrated first (once, outside the lock). On success the
// caller must call unlock.
func (s *Store) lockAndLoad(exclusive bool) (profiles []Profile, unlock func(), err error) {
	for attempt := 0; ; attempt++ {
		unlock, err := s.lockFiles(exclusive)
		if err != nil {
			return nil, nil, err
		}
		profiles, err := s.loadLocked()
		if err == errVersion1 && attempt == 0 {
			unlock()
			if err := s.migrate(); err != nil {
				return nil, nil, err
			}
			continue
		}
		if err == errVersion1 {
			err = &CorruptError{Path: s.Path(), Problem: err.Error()}
		}
		if err != nil {
			unlock()
			return nil, nil, err
		}
		return profiles, unlock, nil
	}
}

// List returns every profile, sorted by name, with its state summary
// (LastUsed, Token, LastCall). It reads no secret.
func (s *Store) List() ([]Profile, error) {
	var out []Profile
	err := s.read(func(profiles []Profile) error {
		out = publicAll(profiles)
		s.fillState(out, "")
		return nil
	})
	return out, err
}

// Get returns one profile with its state; ErrNotFound when there is none by
// that name.
func (s *Store) Get(name string) (Profile, error) {
	var out Profile
	err := s.read(func(profiles []Profile) error {
		i, ok := find(profiles, name)
		if !ok {
			return notFound(name)
		}
		one := []Profile{public(profiles[i])}
		s.fillState(one, name)
		out = one[0]
		return nil
	})
	return out, err
}

// Exists reports whether a profile by that name is saved. It reads
// profiles.json only (no state.db), for a caller that needs nothing more.
func (s *Store) Exists(name string) (bool, error) {
	var ok bool
	err := s.read(func(profiles []Profile) error {
		_, ok = find(profiles, name)
		return nil
	})
	return ok, err
}

// LastUsed names the profile with the most recent token request that still
// exists, "" when none has been used.
func (s *Store) LastUsed() (string, error) {
	name := ""
	err := s.read(func(profiles []Profile) error {
		name = s.lastUsed(profiles)
		return nil
	})
	return name, err
}

// lastUsed is the newest LastUsed among profiles (from state.db).
func (s *Store) lastUsed(profiles []Profile) string {
	names, err := s.stateRead(func(st *stateDB) ([]string, error) { return st.lastUsedNames() })
	if err != nil {
		return ""
	}
	for _, n := range names {
		if _, ok := find(profiles, n); ok {
			return n
		}
	}
	return ""
}

// Secrets returns the secrets of one profile, from wherever they are kept.
func (s *Store) Secrets(name string) (Secrets, error) {
	var out Secrets
	err := s.read(func(profiles []Profile) error {
		i, ok := find(profiles, name)
		if !ok {
			return notFound(name)
		}
		var err error
		out, err = s.readSecrets(&profiles[i], nil)
		return err
	})
	return out, err
}

// readSecrets reads the secrets of p; file, when not nil, is secrets.json
// already read. The caller holds a lock.
func (s *Store) readSecrets(p *Profile, file map[string]Secrets) (Secrets, error) {
	sec, _, err := s.readSecretsMeta(p, file)
	return sec, err
}

// readSecretsMeta is readSecrets with the expiry of the access token when
// it is kept with the token (nil when not).
func (s *Store) readSecretsMeta(p *Profile, file map[string]Secrets) (Secrets, *TokenMeta, error) {
	switch p.SecretStore {
	case SecretKeyring:
		return s.keyringGet(p.Name, p.ref())
	case SecretFile:
		if file == nil {
			var err error
			if file, err = s.loadSecretsFile(); err != nil {
				return Secrets{}, nil, err
			}
		}
		return s.fileSecretsOf(file, p.ref())
	}
	return Secrets{}, nil, nil // nothing saved yet
}

// Snapshot is what the console needs to open, read under one lock.
type Snapshot struct {
	Profiles []Profile // every profile, sorted by name, with state
	LastUsed string    // the most recently used profile, "" when none
	// Current is the profile asked for (or the last-used one), nil when none;
	// it points into Profiles.
	Current  *Profile
	Secrets  Secrets // Current's secrets
	Revision Revision
}

// Snapshot reads, under one shared lock, the profile list with its state,
// the last-used name, and the profile name (or, for "", the last-used one)
// with its secrets. A name that does not exist is ErrNotFound.
func (s *Store) Snapshot(name string) (Snapshot, error) {
	var out Snapshot
	err := s.read(func(profiles []Profile) error {
		var err error
		if out.Revision, err = s.Revision(); err != nil {
			return err
		}
		stored := profiles
		profiles = publicAll(profiles)
		s.fillState(profiles, "")
		out.Profiles = profiles
		var newest time.Time
		for i := range profiles {
			if t := profiles[i].LastUsed; !t.IsZero() && t.After(newest) {
				newest, out.LastUsed = t, profiles[i].Name
			}
		}
		if name == "" {
			name = out.LastUsed
		}
		if name == "" {
			return nil
		}
		i, ok := find(profiles, name)
		if !ok {
			return notFound(name)
		}
		out.Current = &profiles[i]
		out.Secrets, err = s.readSecrets(&stored[i], nil)
		return err
	})
	return out, err
}

// KeyringService names the OS keyring service that holds the secrets of
// the profile name ("authdeck:" and its secret reference), or "" when its
// secrets are not in the keyring. For messages and tests: the service
// changes whenever a save changes a secret.
func (s *Store) KeyringService(name string) (string, error) {
	var out string
	err := s.read(func(profiles []Profile) error {
		i, ok := find(profiles, name)
		if !ok {
			return notFound(name)
		}
		if profiles[i].SecretStore == SecretKeyring {
			out = keyringService(profiles[i].ref())
		}
		return nil
	})
	return out, err
}
