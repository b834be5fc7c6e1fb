package cli

import "errors"

// Exit codes of every authdeck command.
const (
	exitOK      = 0 // success
	exitFailed  = 1 // the request failed or was refused, or a local operation failed
	exitBadArgs = 2 // bad input or usage; nothing was sent or written
	// exitCanceled is a long-running flow stopped by Ctrl+C (128 + SIGINT,
	// as a shell reports it).
	exitCanceled = 130
)

// inputError marks an error caused by what the user typed: a bad flag, a
// missing argument, an invalid field. Commands return it before sending or
// writing anything, and run maps it to exit code 2.
type inputError struct {
	err   error
	usage bool // a command-line usage mistake: the error output adds "Try --help"
}

// Error returns the wrapped error's text.
func (e *inputError) Error() string { return e.err.Error() }

// Unwrap returns the wrapped error.
func (e *inputError) Unwrap() error { return e.err }

// badInput wraps err as an inputError; nil stays nil.
func badInput(err error) error {
	if err == nil {
		return nil
	}
	var ie *inputError
	if errors.As(err, &ie) {
		return err
	}
	return &inputError{err: err}
}

// usageError wraps err as an inputError about command-line usage (flags,
// argument count), whose message is followed by a pointer to --help.
func usageError(err error) error {
	if err == nil {
		return nil
	}
	return &inputError{err: err, usage: true}
}

// isUsage reports whether err is a command-line usage mistake.
func isUsage(err error) bool {
	var ie *inputError
	if errors.As(err, &ie) {
		return ie.usage
	}
	return false
}

// exitCode maps an error returned by the command tree to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var ie *inputError
	if errors.As(err, &ie) {
		return exitBadArgs
	}
	var ce *canceledError
	if errors.As(err, &ce) {
		return exitCanceled
	}
	return exitFailed
}
