package tokens

import "github.com/authdeck/authdeck/store"

// Store is a profile store with the token workflow on top: every method of
// *store.Store, plus Token, RecordResult and Check. The CLI and the console
// both get tokens through it.
type Store struct {
	*store.Store
}

// New returns st with the token workflow.
func New(st *store.Store) *Store { return &Store{Store: st} }
