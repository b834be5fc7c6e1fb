package store

import (
	"io"
	"io/fs"
	"os"
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

	// cacheMu guards the parsed files below, kept by file identity (the
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

// fileCache remembers a parsed file with the FileInfo it was read with.
type fileCache[T any] struct {
	fi fs.FileInfo
	v  T
}

// get returns the cached value when path is still the same file.
func (c *fileCache[T]) get(path string) (T, bool) {
	var zero T
	if c.fi == nil {
		return zero, false
	}
	st, err := os.Lstat(path)
	if err != nil || !os.SameFile(st, c.fi) || st.Size() != c.fi.Size() || !st.ModTime().Equal(c.fi.ModTime()) {
		return zero, false
	}
	return c.v, true
}

// remember caches v as the content of path, read with fi (nil: stat it now).
func remember[T any](s *Store, c *fileCache[T], path string, fi fs.FileInfo, v T) {
	if fi == nil {
		var err error
		if fi, err = os.Lstat(path); err != nil {
			return
		}
	}
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	c.fi, c.v = fi, v
}
