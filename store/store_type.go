package store

import (
	"crypto/sha256"
	"io"
	"path/filepath"
	"sync"
	"time"
)

// Store is the profile store in one directory. It is safe for concurrent use
// by several goroutines and several processes.
type Store struct {
	dir            string
	warn           io.Writer
	forced         SecretStore // "" = automatic
	lockTimeout    time.Duration
	keyringTimeout time.Duration
	historyLimit   int
	now            func() time.Time

	kr     keyringAPI
	krHung krHungFlag // a keyring call timed out; later calls fail fast

	// filesMu is the in-process half of the profiles lock (see lockFiles).
	filesMu sync.RWMutex

	// cacheMu guards the parsed files below, kept by content (the
	// files are replaced by rename on every write, so a changed file is a
	// different file). Cached values are never modified: readers copy what
	// they hand out, writers work on a copy.
	cacheMu      sync.Mutex
	profileCache fileCache[[]Profile]
	secretCache  fileCache[map[string]Secrets]

	stateMu sync.Mutex
	st      *stateDB // opened on first need
	stWarn  bool     // a state.db problem was reported on warn
	stErr   error    // why state.db did not open; not retried before stDown
	stDown  time.Time

	mu       sync.Mutex // guards the keyring state below
	probed   bool       // automatic mode: the keyring was tried
	krReason string     // automatic mode: why the keyring is not used, "" when it is
	noticed  bool       // the fallback notice was written
}

// Dir is the store directory.
func (s *Store) Dir() string { return s.dir }

// Path is the profiles file, for messages.
func (s *Store) Path() string { return filepath.Join(s.dir, profilesFile) }

func (s *Store) secretsPath() string { return filepath.Join(s.dir, secretsFile) }

// fileCache remembers the parse of a file with the SHA-256 of the bytes it
// was parsed from: a hit needs the same content, so an edit that keeps the
// size, the inode and the mtime is seen (the rule Revision uses).
type fileCache[T any] struct {
	sum [sha256.Size]byte
	ok  bool
	v   T
}

// cachedParse is the cached parse of data, if c holds one.
func cachedParse[T any](s *Store, c *fileCache[T], data []byte) (T, bool) {
	sum := sha256.Sum256(data)
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	if !c.ok || c.sum != sum {
		var zero T
		return zero, false
	}
	return c.v, true
}

// remember caches v as the parse of data.
func remember[T any](s *Store, c *fileCache[T], data []byte, v T) {
	sum := sha256.Sum256(data)
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	c.sum, c.ok, c.v = sum, true, v
}
