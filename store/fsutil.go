package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// File names inside the store directory.
const (
	profilesFile = "profiles.json"
	secretsFile  = "secrets.json"
	lockFile     = "profiles.lock"
	tokenLock    = "token.lock" // held while a token request is in flight
	tempPrefix   = ".tmp-"      // temp files are ".tmp-<target>-<random>"
)

// testHookMidWrite, when set (by tests only), runs after half of a temp file
// has been written, so a test can kill the process in the middle of a write.
var testHookMidWrite func()

// writeAtomic replaces dir/name with the concatenation of parts: temp file
// in the same directory, fsync, rename over the target, fsync the directory.
// The caller holds the exclusive lock.
func writeAtomic(dir, name string, parts ...string) error {
	f, err := os.CreateTemp(dir, tempPrefix+name+"-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", filepath.Join(dir, name), err)
	}
	if err := f.Chmod(0o600); err != nil { // CreateTemp's 0600 is subject to the umask
		return fail(err)
	}
	total := 0
	for _, p := range parts {
		total += len(p)
	}
	half, written := total/2, 0
	for _, p := range parts {
		if written <= half && half < written+len(p) && testHookMidWrite != nil {
			cut := half - written
			if _, err := f.WriteString(p[:cut]); err != nil {
				return fail(err)
			}
			testHookMidWrite()
			written += cut
			p = p[cut:]
		}
		if _, err := f.WriteString(p); err != nil {
			return fail(err)
		}
		written += len(p)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", filepath.Join(dir, name), err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", filepath.Join(dir, name), err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable. Windows cannot sync a directory
// handle (and does not need to).
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// removeStrayTemps deletes temp files left by killed writers. The caller holds
// the exclusive lock, so no live writer owns them.
func removeStrayTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// readFile reads a store file; a missing file reads as empty.
func readFile(path string) (string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !st.Mode().IsRegular() {
		return "", &CorruptError{Path: path, Problem: "is not a regular file"}
	}
	if st.Size() > MaxFileSize {
		return "", &CorruptError{Path: path, Problem: fmt.Sprintf("file is %d bytes, larger than the %d MiB limit", st.Size(), MaxFileSize>>20)}
	}
	// One allocation of the stat size (+1 to see the end of the file), not
	// zeroed first (strings.Builder), so the only cost is the copy; a file
	// that grew since the stat is still read only up to MaxFileSize+1, so
	// precheck reports it.
	var b strings.Builder
	b.Grow(int(st.Size()) + 1)
	var chunk [32 << 10]byte
	if _, err := io.CopyBuffer(&b, io.LimitReader(f, MaxFileSize+1), chunk[:]); err != nil {
		return "", err
	}
	return b.String(), nil
}

// sameContent reports whether the file at path holds exactly the
// concatenation of want, reading it in chunks (no allocation of the file's
// size).
func sameContent(path string, want []string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	size := 0
	for _, w := range want {
		size += len(w)
	}
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(size) {
		return false
	}
	buf := make([]byte, 256<<10)
	for _, w := range want {
		for len(w) > 0 {
			n, err := f.Read(buf[:min(len(buf), len(w))])
			if string(buf[:n]) != w[:n] {
				return false
			}
			w = w[n:]
			if n == 0 || err != nil && len(w) > 0 {
				return false
			}
		}
	}
	n, _ := f.Read(buf[:1])
	return n == 0
}

// lock takes the store lock (profiles.lock), shared or exclusive, waiting at
// most timeout.
func lock(dir string, exclusive bool, timeout time.Duration) (unlock func(), err error) {
	return lockFileCtx(context.Background(), filepath.Join(dir, lockFile), exclusive, timeout, "")
}

// lockFileCtx takes a lock on path, waiting at most timeout or until ctx is
// done. doing describes the holder for the timeout error.
func lockFileCtx(ctx context.Context, path string, exclusive bool, timeout time.Duration, doing string) (unlock func(), err error) {
	fl := flock.New(path, flock.SetPermissions(0o600))
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var ok bool
	if exclusive {
		ok, err = fl.TryLockContext(ctx, 10*time.Millisecond)
	} else {
		ok, err = fl.TryRLockContext(ctx, 10*time.Millisecond)
	}
	if !ok {
		fl.Close()
		if err == nil || errors.Is(err, context.DeadlineExceeded) {
			return nil, &LockTimeoutError{Waited: timeout, Doing: doing}
		}
		if errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, fmt.Errorf("lock %s: %w", fl.Path(), err)
	}
	return func() { fl.Unlock(); fl.Close() }, nil
}

// tighten checks path's permission bits against want, warning and chmod-ing
// when group or others have any access.
// Windows has no such permission bits; nothing is checked there.
func (s *Store) tighten(path string, want fs.FileMode) {
	if runtime.GOOS == "windows" {
		return
	}
	st, err := os.Stat(path)
	if err != nil {
		return
	}
	if st.Mode().Perm()&0o077 == 0 {
		return
	}
	fmt.Fprintf(s.warn, "authdeck: %s was readable by others (mode %04o); changed it to %04o\n", path, st.Mode().Perm(), want)
	if err := os.Chmod(path, want); err != nil {
		fmt.Fprintf(s.warn, "authdeck: could not tighten %s: %v\n", path, err)
	}
}
