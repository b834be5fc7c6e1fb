package cli

import (
	"errors"
	"fmt"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui"
)

// consoleStore adapts *store.Store to what the console needs (ui.Store).
type consoleStore struct {
	st *store.Store
	// demo makes LastUsed report nothing, so the demo opens on its own
	// profile even in a config directory that has others.
	demo bool
}

var _ ui.Store = consoleStore{}

// LastUsed names the profile used most recently, "" when none has been used.
func (c consoleStore) LastUsed() (string, error) {
	if c.demo {
		return "", nil
	}
	return c.st.LastUsed()
}

// Load returns the named profile with its secrets and cached token.
func (c consoleStore) Load(name string) (ui.Profile, error) {
	p, err := c.st.Get(name)
	if err != nil {
		return ui.Profile{}, err
	}
	sec, err := c.st.Secrets(name)
	if err != nil {
		return ui.Profile{}, err
	}
	out := ui.Profile{Name: p.Name, Endpoint: p.Endpoint, Request: p.Request(sec.ClientSecret),
		Updated: p.Updated, SecretStore: p.SecretStore}
	if p.Token != nil && sec.AccessToken != "" {
		out.Token = &tokenclient.TokenResponse{
			AccessToken:  sec.AccessToken,
			ExpiresIn:    p.Token.ExpiresIn,
			RefreshToken: sec.RefreshToken,
		}
		out.Expiry = tokenclient.Expiry{At: p.Token.ExpiresAt, Relative: p.Token.Relative}
	}
	return out, nil
}

// RecordResult saves a finished call under the named profile.
func (c consoleStore) RecordResult(name, kind string, res *tokenclient.Result, callErr error) error {
	return c.st.RecordResult(name, kind, res, callErr)
}

// List returns every saved profile, sorted by name.
func (c consoleStore) List() ([]store.Profile, error) { return c.st.List() }

// Save writes the console's profile: the device info is the form's base64
// decoded; a note the profile already has is kept.
func (c consoleStore) Save(p ui.Profile, opts store.SaveOptions) (store.Profile, error) {
	sp := store.Profile{
		Name:        p.Name,
		Endpoint:    p.Endpoint,
		ClientKey:   p.Request.ClientKey,
		DeviceID:    p.Request.DeviceID,
		NetworkType: p.Request.NetworkType,
	}
	if p.Request.DeviceInfo != "" {
		info, err := device.Decode(p.Request.DeviceInfo)
		if err != nil {
			return store.Profile{}, fmt.Errorf("device info: %w; fix the base64 field (or ctrl+d to detect it again) and save again", err)
		}
		sp.DeviceInfo = info
	}
	if !opts.CreateOnly {
		old, err := c.st.Get(p.Name)
		switch {
		case err == nil:
			sp.Note = old.Note
		case !errors.Is(err, store.ErrNotFound):
			return store.Profile{}, err
		}
	}
	if err := c.st.Save(sp, &store.Secrets{ClientSecret: p.Request.ClientSecret}, opts); err != nil {
		return store.Profile{}, err
	}
	return c.st.Get(p.Name)
}

// Delete removes a profile and its secrets.
func (c consoleStore) Delete(name string) error { return c.st.Delete(name) }

// Rename renames a profile.
func (c consoleStore) Rename(oldName, newName string) error { return c.st.Rename(oldName, newName) }

// Copy copies a profile.
func (c consoleStore) Copy(src, dst string) error { return c.st.Copy(src, dst) }

// Repair moves a corrupt profiles file aside.
func (c consoleStore) Repair() ([]string, error) { return c.st.Repair() }

// Revision is the profiles file's version.
func (c consoleStore) Revision() (store.Revision, error) { return c.st.Revision() }

// KeyringFallback says why secrets go to the file, "" when they do not.
func (c consoleStore) KeyringFallback() string { return c.st.KeyringFallback() }
