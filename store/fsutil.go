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
	"sync/atomic"
	"time"

	"github.com/gofrs/flock"
)

const tempPrefix = ".tmp-" // temp files are ".tmp-<target>-<random>"

// MaxFileSize is the largest profiles.json or secrets.json the store reads
// or writes. 64 MiB holds over 100 000 configuration-only profiles; a write
// that would produce a bigger file is refused before anything changes.
const MaxFileSize = 64 << 20

// maxFileSize is MaxFileSize; tests lower it.
var maxFileSize int64 = MaxFileSize

// LinkError reports a store file that is a symbolic link (or not a regular
// file). authdeck never follows links for its files and never chmods
// through one.
type LinkError struct {
	Path    string
	Problem string // "is a symbolic link", "is not a regular file"
}

// Error describes the problem; it never contains a secret.
func (e *LinkError) Error() string {
	if e.Problem == problemDir {
		return fmt.Sprintf("%s is a directory; authdeck keeps a file there: move the directory out of the way (for example mv %s %s.old), nothing in it is used", e.Path, e.Path, e.Path)
	}
	return fmt.Sprintf("%s %s; authdeck keeps its store files as plain files: replace it with the file itself (or point the config directory at the real location)", e.Path, e.Problem)
}

// checkKind refuses a path that exists and is a link, or is not a
// directory (dir) or a regular file (!dir), without opening it (a FIFO
// would block). Missing is fine.
func checkKind(path string, dir bool) error {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case st.Mode()&fs.ModeSymlink != 0:
		return &LinkError{Path: path, Problem: "is a symbolic link"}
	case dir && !st.IsDir():
		return &LinkError{Path: path, Problem: "is not a directory"}
	case !dir && st.IsDir():
		return &LinkError{Path: path, Problem: problemDir}
	case !dir && !st.Mode().IsRegular():
		return &LinkError{Path: path, Problem: "is not a regular file"}
	}
	return nil
}

// problemDir is the LinkError problem of a directory where a file belongs.
const problemDir = "is a directory"

// bytesWritten counts the bytes writeAtomic wrote (benchmarks report it).
var bytesWritten atomic.Int64

// testHookMidWrite, when set (by tests only), runs after half of a temp file
// has been written, so a test can kill the process in the middle of a write.
var testHookMidWrite func()

// writeAtomic replaces dir/name with data: temp file in the same directory,
// fsync, rename over the target, fsync the directory. The caller holds the
// exclusive lock. Data over MaxFileSize is refused before anything is
// written.
func writeAtomic(dir, name string, data []byte) error {
	return writeAtomicVia(dir, dir, name, data)
}

// writeAtomicVia is writeAtomic with the temp file in tmpDir (on the same
// file system), where removeStrayTemps finds what a killed writer left.
func writeAtomicVia(tmpDir, dir, name string, data []byte) error {
	path := filepath.Join(dir, name)
	if int64(len(data)) > maxFileSize {
		return &TooLargeError{Path: path, Size: int64(len(data))}
	}
	if err := checkKind(path, false); err != nil {
		return err
	}
	f, err := os.CreateTemp(tmpDir, tempPrefix+name+"-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o600); err != nil { // CreateTemp's 0600 is subject to the umask
		return fail(err)
	}
	half := len(data) / 2
	if testHookMidWrite != nil {
		if _, err := f.Write(data[:half]); err != nil {
			return fail(err)
		}
		testHookMidWrite()
		data = data[half:]
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	bytesWritten.Add(int64(len(data)))
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := stepHook("rename " + name); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := stepHook("sync " + name); err != nil {
		return &renamedError{fmt.Errorf("sync %s: %w", dir, err)}
	}
	if err := syncDir(dir); err != nil {
		return &renamedError{err}
	}
	return nil
}

// renamedError is a writeAtomic failure after the rename: the new content
// is in place (the directory sync failed).
type renamedError struct{ err error }

func (e *renamedError) Error() string { return e.err.Error() }
func (e *renamedError) Unwrap() error { return e.err }

// testHookStep, when set (by tests only), runs at each step of a write
// (commit steps, before and after each rename, keyring calls in tests); a
// non-nil error fails the write there, as a full disk would.
var testHookStep func(step string) error

func stepHook(step string) error {
	if testHookStep != nil {
		return testHookStep(step)
	}
	return nil
}

// TooLargeError: a write would make a file larger than MaxFileSize, which
// no later read would accept. Nothing was changed.
type TooLargeError struct {
	Path string
	Size int64
}

// Error describes the problem; it never contains a secret.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s would be %d bytes, larger than the %d MiB limit; nothing was changed (delete or export some profiles first)",
		e.Path, e.Size, maxFileSize>>20)
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

// readFile reads a store file; a missing file reads as empty. A link, a
// FIFO or another non-regular file is refused without blocking, and a file
// over MaxFileSize is a *CorruptError.
func readFile(path string) ([]byte, error) {
	data, _, err := readFileStat(path)
	return data, err
}

// readFileStat is readFile that also returns the opened file's FileInfo
// (nil when missing).
func readFileStat(path string) ([]byte, fs.FileInfo, error) {
	if err := checkKind(path, false); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, nil, &LinkError{Path: path, Problem: "is not a regular file"}
	}
	if st.Size() > maxFileSize {
		return nil, nil, &CorruptError{Path: path, Problem: fmt.Sprintf("file is %d bytes, larger than the %d MiB limit", st.Size(), maxFileSize>>20)}
	}
	data := make([]byte, 0, st.Size()+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", path, err)
		}
		if int64(len(data)) > maxFileSize {
			return nil, nil, &CorruptError{Path: path, Problem: fmt.Sprintf("file is larger than the %d MiB limit", maxFileSize>>20)}
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
	return data, st, nil
}

// lock takes the store lock (profiles.lock), shared or exclusive, waiting at
// most timeout.
func lock(dir string, exclusive bool, timeout time.Duration) (unlock func(), err error) {
	return lockFileCtx(context.Background(), filepath.Join(dir, lockFile), exclusive, timeout, "")
}

// lockFileCtx takes a lock on path, waiting at most timeout or until ctx is
// done. doing describes the holder for the timeout error. The lock file is
// opened without following links; a shared lock on a read-only store opens
// the existing file read-only.
func lockFileCtx(ctx context.Context, path string, exclusive bool, timeout time.Duration, doing string) (unlock func(), err error) {
	if err := checkKind(path, false); err != nil {
		return nil, err
	}
	fl := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDONLY|openFlags), flock.SetPermissions(0o600))
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var ok bool
	if exclusive {
		ok, err = fl.TryLockContext(ctx, 10*time.Millisecond)
	} else {
		ok, err = fl.TryRLockContext(ctx, 10*time.Millisecond)
		if !ok && err != nil && (errors.Is(err, fs.ErrPermission) || isReadOnly(err)) {
			fl = flock.New(path, flock.SetFlag(os.O_RDONLY|openFlags))
			ok, err = fl.TryRLockContext(ctx, 10*time.Millisecond)
			if !ok && errors.Is(err, fs.ErrNotExist) {
				return func() {}, nil // read-only store without a lock file: no writer can exist
			}
		}
	}
	if !ok {
		fl.Close()
		if err == nil || errors.Is(err, context.DeadlineExceeded) {
			return nil, &LockTimeoutError{Waited: timeout, Doing: doing}
		}
		if errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { fl.Unlock(); fl.Close() }, nil
}

// tighten checks path's permission bits against want, warning and chmod-ing
// when group or others have any access. Only a regular file (or, with a
// want of 0700, a directory) is changed: a symbolic link is never followed
// nor chmod-ed, and a directory where a file belongs is left as it is; the
// read of that file reports it. Windows has no such permission bits;
// nothing is checked there.
func (s *Store) tighten(path string, want fs.FileMode) {
	if runtime.GOOS == "windows" {
		return
	}
	st, err := os.Lstat(path)
	if err != nil || !(st.Mode().IsRegular() || st.IsDir() && want == 0o700) {
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
