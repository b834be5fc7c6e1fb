package profiles

import (
	"errors"
	"strconv"

	"github.com/authdeck/authdeck/store"
)

// isCorrupt reports whether err is (or wraps) a *store.CorruptError.
func isCorrupt(err error) bool {
	var ce *store.CorruptError
	return errors.As(err, &ce)
}

// corruptText is the parser's message of a corrupt profiles file, where
// first ("path:line:column: problem"), or "" when err is not one.
func corruptText(err error) string {
	var ce *store.CorruptError
	if !errors.As(err, &ce) {
		return ""
	}
	where := ce.Path
	if ce.Line > 0 {
		where += ":" + strconv.Itoa(ce.Line) + ":" + strconv.Itoa(ce.Column)
	}
	return where + ": " + ce.Problem
}

// describe turns a store error into what happened and what to do. The
// store's error texts never hold a secret, so they are shown as they are.
func describe(err error, repairKey string) (what, todo string) {
	var (
		ce *store.CorruptError
		lt *store.LockTimeoutError
		kt *store.KeyringTimeoutError
		ke *store.KeyringError
		ne *store.NameError
	)
	switch {
	case errors.As(err, &ce):
		return corruptText(err) + ".",
			"The profiles file cannot be read, so nothing will be written to it. Press " + repairKey + " to repair it (it is first kept as a backup), or fix it by hand and reopen the pane."
	case errors.As(err, &lt):
		return "Another authdeck is writing the profiles (gave up after " + lt.Waited.String() + ").",
			"Wait for it to finish, then try again; nothing was changed."
	case errors.As(err, &kt):
		return "The OS keyring did not answer in time; nothing was stored in plain text.",
			"Unlock the keyring and try again, or set AUTHDECK_SECRET_STORE=file to keep secrets in a 0600 file."
	case errors.As(err, &ke):
		return ke.Error() + ".",
			"Unlock or set up the keyring and try again, or set AUTHDECK_SECRET_STORE=file to keep secrets in a 0600 file."
	case errors.Is(err, store.ErrConflict):
		return "The profile was changed by another authdeck since it was loaded.",
			"Load it again to see the newer version, or save the form under a new name."
	case errors.Is(err, store.ErrNotFound):
		return err.Error() + ".", "It may have been deleted or renamed in another terminal; reopen the pane to reload the list."
	case errors.Is(err, store.ErrExists):
		return err.Error() + ".", "Pick another name."
	case errors.As(err, &ne):
		return ne.Error(), ""
	}
	return err.Error(), ""
}
