package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors; match with errors.Is.
var (
	// ErrNotFound: no profile by that name.
	ErrNotFound = errors.New("no such profile")
	// ErrExists: a profile by that name already exists.
	ErrExists = errors.New("profile already exists")
	// ErrConflict: the profile changed on disk since it was read (another
	// terminal saved it); reload it and apply the change again.
	ErrConflict = errors.New("profile was changed by another authdeck since it was loaded")
)

// notFound and exists wrap the sentinels with the profile name.
func notFound(name string) error { return &NotFoundError{Name: name} }
func exists(name string) error   { return fmt.Errorf("profile %q: %w", name, ErrExists) }

// NotFoundError names the profile that does not exist, so a caller can
// suggest the nearest saved names. It matches ErrNotFound (errors.Is).
type NotFoundError struct {
	Name string
}

// Error is `profile "NAME": no such profile`.
func (e *NotFoundError) Error() string { return fmt.Sprintf("profile %q: %v", e.Name, ErrNotFound) }

// Is reports whether target is ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// ExistsError is an import's clash: the names it would add that are taken
// already. It matches ErrExists (errors.Is) and says what clashes once; the
// caller says how to replace them (the CLI's --overwrite).
type ExistsError struct {
	Names []string
}

// Error is "profile "a" already exists" or "profiles "a", "b" already exist".
func (e *ExistsError) Error() string {
	q := make([]string, len(e.Names))
	for i, n := range e.Names {
		q[i] = strconv.Quote(n)
	}
	if len(q) == 1 {
		return "profile " + q[0] + " already exists"
	}
	return "profiles " + strings.Join(q, ", ") + " already exist"
}

// Is reports whether target is ErrExists.
func (e *ExistsError) Is(target error) bool { return target == ErrExists }

// CorruptError reports a profiles or secrets file that cannot be read. The
// file is left as it was; nothing is written until it is fixed by hand or
// moved aside with Repair ("authdeck profiles repair").
type CorruptError struct {
	Path    string
	Line    int // 1-based; 0 when the problem is not at one place
	Column  int
	Problem string
}

// Error describes the problem; it never contains a secret.
func (e *CorruptError) Error() string {
	where := e.Path
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d:%d", e.Path, e.Line, e.Column)
	}
	return fmt.Sprintf("%s: %s; nothing will be written until it is fixed by hand or moved aside with \"authdeck profiles repair\"",
		where, e.Problem)
}

// LockTimeoutError: another process held the store lock for longer than
// Options.LockTimeout.
type LockTimeoutError struct {
	Waited time.Duration
	Doing  string // what the other process is doing; "" = "writing profiles"
}

// Error describes the problem; it never contains a secret.
func (e *LockTimeoutError) Error() string {
	doing := e.Doing
	if doing == "" {
		doing = "writing profiles"
	}
	return fmt.Sprintf("another authdeck is %s; gave up after %s", doing, e.Waited)
}

// KeyringTimeoutError: the OS keyring did not answer within
// Options.KeyringTimeout. Nothing was written in plain text instead.
type KeyringTimeoutError struct {
	Op      string // "read", "write" or "delete"
	Profile string
	Waited  time.Duration
}

// Error describes the problem; it never contains a secret.
func (e *KeyringTimeoutError) Error() string {
	return fmt.Sprintf("OS keyring did not answer within %s (%s secrets of profile %q); nothing was stored in plain text — unlock the keyring, or choose the file secret store to keep secrets in a 0600 file",
		e.Waited, e.Op, e.Profile)
}

// KeyringError: the OS keyring refused an operation.
type KeyringError struct {
	Op      string
	Profile string
	Err     error
}

// Error describes the problem; it never contains a secret.
func (e *KeyringError) Error() string {
	return fmt.Sprintf("OS keyring: %s secrets of profile %q: %v", e.Op, e.Profile, e.Err)
}

// Unwrap returns the underlying error.
func (e *KeyringError) Unwrap() error { return e.Err }
