package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/authdeck/authdeck/tokenclient/device"
)

// Environment variables read by the store.
const (
	EnvConfigDir   = "AUTHDECK_CONFIG_DIR"
	EnvSecretStore = "AUTHDECK_SECRET_STORE"
)

// Defaults for Options.
const (
	DefaultLockTimeout    = 10 * time.Second
	DefaultKeyringTimeout = 3 * time.Second
)

// Options configure Open. The zero value is the normal setup.
type Options struct {
	Dir string // default DefaultDir()
	// SecretStore forces where secrets go: SecretKeyring or SecretFile. ""
	// reads $AUTHDECK_SECRET_STORE, and when that is unset too chooses
	// automatically (keyring when it works, else the file with a notice).
	SecretStore SecretStore
	// Warn receives mode warnings and the keyring fallback notice (once per
	// Store). nil means os.Stderr; use io.Discard to silence.
	Warn           io.Writer
	LockTimeout    time.Duration // default DefaultLockTimeout
	KeyringTimeout time.Duration // default DefaultKeyringTimeout
}

// Store is the profile store in one directory. It is safe for concurrent use
// by several goroutines and several processes.
type Store struct {
	dir            string
	warn           io.Writer
	forced         SecretStore // "" = automatic
	lockTimeout    time.Duration
	keyringTimeout time.Duration
	now            func() time.Time

	kr keyringAPI

	krHung krHungFlag // a keyring call timed out; later calls fail fast

	cacheMu sync.Mutex
	cache   *snapshot // profiles.json as last read or written

	// filesMu is the in-process half of the profiles lock (see lockFiles):
	// a file lock keeps other processes out, but Go's memory model (and the
	// race detector) knows nothing of it, and a txn changes the cached
	// profiles in place while List may be copying them in another goroutine.
	filesMu sync.RWMutex

	mu       sync.Mutex // guards the keyring state below
	probed   bool       // automatic mode: the keyring was tried
	krReason string     // automatic mode: why the keyring is not used, "" when it is
	noticed  bool       // the fallback notice was written
}

// DefaultDir is $AUTHDECK_CONFIG_DIR, else os.UserConfigDir()/authdeck.
func DefaultDir() (string, error) {
	if d := os.Getenv(EnvConfigDir); d != "" {
		return d, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no config directory (%v); set %s", err, EnvConfigDir)
	}
	return filepath.Join(base, "authdeck"), nil
}

// Open prepares the store directory (creating it 0700, tightening loose
// modes) without reading profiles.json; a broken file is reported by the
// first call that reads it.
func Open(opts Options) (*Store, error) {
	s := &Store{
		dir:            opts.Dir,
		warn:           opts.Warn,
		forced:         opts.SecretStore,
		lockTimeout:    opts.LockTimeout,
		keyringTimeout: opts.KeyringTimeout,
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
	if s.forced == "" {
		s.forced = SecretStore(strings.TrimSpace(os.Getenv(EnvSecretStore)))
	}
	switch s.forced {
	case "", SecretKeyring, SecretFile:
	default:
		return nil, fmt.Errorf("secret store %q is not known; use %s=keyring or %s=file (or leave it unset)",
			s.forced, EnvSecretStore, EnvSecretStore)
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the profile directory: %w", err)
	}
	s.tighten(s.dir, 0o700)
	for _, name := range []string{profilesFile, secretsFile, lockFile, tokenLock} {
		s.tighten(filepath.Join(s.dir, name), 0o600)
	}
	return s, nil
}

// Dir is the store directory.
func (s *Store) Dir() string { return s.dir }

// Path is the profiles file, for messages.
func (s *Store) Path() string { return filepath.Join(s.dir, profilesFile) }

func (s *Store) secretsPath() string { return filepath.Join(s.dir, secretsFile) }

// Revision identifies one version of profiles.json. Every write replaces the
// file, so a different Revision means another process (or this one) changed
// it. Compare with ==.
type Revision struct {
	Exists  bool
	Size    int64
	ModTime int64 // unix nanoseconds
}

// Revision returns the current revision of profiles.json.
func (s *Store) Revision() (Revision, error) {
	st, err := os.Stat(s.Path())
	if errors.Is(err, os.ErrNotExist) {
		return Revision{}, nil
	}
	if err != nil {
		return Revision{}, err
	}
	return Revision{Exists: true, Size: st.Size(), ModTime: st.ModTime().UnixNano()}, nil
}

// load reads and parses profiles.json; the caller holds a lock. The result
// may be shared with the cache: callers must not modify it (txn copies it,
// List and Get clone what they return). When the content is byte for byte
// what was last read or written, the parsed profiles are reused.
func (s *Store) load() (*snapshot, error) {
	snap, _, err := s.loadLend(false)
	return snap, err
}

// loadLend is load that, when lend is set and the profiles had to be parsed,
// gives them to the caller (owned true) instead of keeping them: the cache
// keeps only the text, and the next load parses it again without reading the
// file. `authdeck profiles list` thus makes no second copy of 10 000
// profiles; a long-lived caller (the console) pays one more parse on its
// second List, then clones from the cache as before.
func (s *Store) loadLend(lend bool) (snap *snapshot, owned bool, err error) {
	path := s.Path()
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	var data string
	if c := s.cache; c != nil && c.size() > 0 && sameContent(path, c.parts) {
		if !c.lent {
			return c, false, nil
		}
		data, lend = c.text(), false // lent once already: keep them this time
	} else {
		data, err = readFile(path)
		if err != nil {
			var ce *CorruptError
			if errors.As(err, &ce) {
				return nil, false, err
			}
			return nil, false, fmt.Errorf("read %s: %w", path, err)
		}
	}
	profiles, _, spans, err := decodeWithSpans(data, false)
	if err != nil {
		return nil, false, corrupt(path, data, err)
	}
	if !slices.IsSortedFunc(profiles, byName) {
		slices.SortFunc(profiles, byName)
		spans = nil
	}
	snap = readSnapshot(data, profiles, spans)
	if lend {
		s.cache = &snapshot{parts: snap.parts, lent: true}
		return snap, true, nil
	}
	s.cache = snap
	return snap, false, nil
}

// remember records what a write put in profiles.json, so the next load need
// not parse it again. Its profiles must not be modified afterwards.
func (s *Store) remember(snap *snapshot) {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	s.cache = snap
}

// cloneAll deep-copies profiles with a few large allocations: every nested
// slice is carved, capacity-limited, from one shared block per kind.
func cloneAll(ps []Profile) []Profile {
	out := slices.Clone(ps)
	var nh, nx, nb, nt int
	for i := range ps {
		nh += len(ps[i].History)
		nx += len(ps[i].DeviceInfo.Extra)
		for _, x := range ps[i].DeviceInfo.Extra {
			nb += len(x.Value)
		}
		if ps[i].Token != nil {
			nt++
		}
	}
	hist := make([]HistoryEntry, 0, nh)
	extra := make([]device.ExtraField, 0, nx)
	raw := make([]byte, 0, nb)
	tokens := make([]TokenMeta, 0, nt)
	for i := range out {
		p := &out[i]
		if p.Token != nil {
			tokens = append(tokens, *p.Token)
			p.Token = &tokens[len(tokens)-1]
		}
		if p.History != nil {
			start := len(hist)
			hist = append(hist, p.History...)
			p.History = hist[start:len(hist):len(hist)]
		}
		if p.DeviceInfo.Extra != nil {
			start := len(extra)
			for _, x := range p.DeviceInfo.Extra {
				b := len(raw)
				raw = append(raw, x.Value...)
				x.Value = raw[b:len(raw):len(raw)]
				extra = append(extra, x)
			}
			p.DeviceInfo.Extra = extra[start:len(extra):len(extra)]
		}
	}
	return out
}

// clone returns a deep copy of p, safe to modify.
func clone(p Profile) Profile {
	if p.Token != nil {
		t := *p.Token
		p.Token = &t
	}
	p.History = slices.Clone(p.History)
	p.DeviceInfo.Extra = slices.Clone(p.DeviceInfo.Extra)
	for i, x := range p.DeviceInfo.Extra {
		p.DeviceInfo.Extra[i].Value = slices.Clone(x.Value)
	}
	return p
}

func byName(a, b Profile) int { return strings.Compare(a.Name, b.Name) }

func find(profiles []Profile, name string) (int, bool) {
	return slices.BinarySearchFunc(profiles, name, func(p Profile, n string) int { return strings.Compare(p.Name, n) })
}

// read runs fn on the current profiles under the shared lock.
func (s *Store) read(fn func(profiles []Profile) error) error {
	unlock, err := s.lockFiles(false)
	if err != nil {
		return err
	}
	defer unlock()
	snap, err := s.load()
	if err != nil {
		return err
	}
	return fn(snap.profiles)
}

// List returns every profile, sorted by name. It reads no secret.
func (s *Store) List() ([]Profile, error) {
	unlock, err := s.lockFiles(false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	snap, owned, err := s.loadLend(true)
	if err != nil {
		return nil, err
	}
	if owned {
		return snap.profiles, nil
	}
	return cloneAll(snap.profiles), nil
}

// Get returns one profile; ErrNotFound when there is none by that name.
func (s *Store) Get(name string) (Profile, error) {
	var out Profile
	err := s.read(func(profiles []Profile) error {
		i, ok := find(profiles, name)
		if !ok {
			return notFound(name)
		}
		out = clone(profiles[i])
		return nil
	})
	return out, err
}

// LastUsed names the profile with the most recent token request, "" when
// none has been used. It copies nothing, so opening the console on a large
// store does not clone every profile to find one name.
func (s *Store) LastUsed() (string, error) {
	name := ""
	err := s.read(func(profiles []Profile) error {
		var newest time.Time
		for i := range profiles {
			if t := profiles[i].LastUsed; !t.IsZero() && t.After(newest) {
				newest, name = t, profiles[i].Name
			}
		}
		return nil
	})
	return name, err
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
		out, err = s.readSecrets(&profiles[i])
		return err
	})
	return out, err
}

// lockFiles takes the profiles lock, shared or exclusive: first within this
// process (filesMu), then across processes (the lock file).
func (s *Store) lockFiles(exclusive bool) (unlock func(), err error) {
	release := s.filesMu.RUnlock
	if exclusive {
		s.filesMu.Lock()
		release = s.filesMu.Unlock
	} else {
		s.filesMu.RLock()
	}
	unlockFile, err := lock(s.dir, exclusive, s.lockTimeout)
	if err != nil {
		release()
		return nil, err
	}
	return func() { unlockFile(); release() }, nil
}
