package cli

import (
	"errors"
	"fmt"

	"github.com/authdeck/authdeck/store"
)

// openStore opens the profile store the environment names; Run closes it
// when the command ends. Mode warnings and the keyring fallback notice go
// to stderr.
func (a *app) openStore() (*store.Store, error) {
	opts, err := a.env.storeOptions(a.stderr)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(opts)
	if err != nil {
		return nil, storeError(err)
	}
	a.stores = append(a.stores, st) // closed by Run
	return st, nil
}

// storeError classifies a store error: a name that does not exist or is
// taken, or an invalid name or endpoint, is bad input (exit 2); a broken
// file, a lock timeout or a keyring failure is a failure (exit 1). Store
// errors never contain a secret, so their text is shown as is.
func storeError(err error) error {
	var nameErr *store.NameError
	var endpointErr *store.EndpointError
	var fieldErr *store.FieldError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		return badInput(fmt.Errorf("%w; `authdeck profiles list` shows the saved ones", err))
	case errors.Is(err, store.ErrExists):
		return badInput(err)
	case errors.As(err, &nameErr), errors.As(err, &endpointErr), errors.As(err, &fieldErr):
		return badInput(err)
	}
	return err
}

// checkProfileName refuses a profile name the store would refuse, before
// the store is opened.
func checkProfileName(name string) error {
	if err := store.ValidateName(name); err != nil {
		return badInput(err)
	}
	return nil
}
