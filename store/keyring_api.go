package store

import (
	"sync/atomic"

	"github.com/zalando/go-keyring"
)

// keyringAPI is the part of go-keyring the store uses; tests swap in fakes
// (a hanging one, for the timeout case).
type keyringAPI interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// goKeyring calls zalando/go-keyring (whose mock tests enable with
// keyring.MockInit).
type goKeyring struct{}

func (goKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (goKeyring) Set(service, user, pw string) error       { return keyring.Set(service, user, pw) }
func (goKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// krHungFlag is set after a keyring call timed out, so later calls fail at
// once instead of each waiting for the timeout again.
type krHungFlag = atomic.Bool
