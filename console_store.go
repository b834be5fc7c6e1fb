package main

import (
	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
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
	ps, err := c.st.List()
	if err != nil {
		return "", err
	}
	name := ""
	var newest store.Profile
	for _, p := range ps {
		if !p.LastUsed.IsZero() && p.LastUsed.After(newest.LastUsed) {
			newest, name = p, p.Name
		}
	}
	return name, nil
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
	out := ui.Profile{Name: p.Name, Endpoint: p.Endpoint, Request: p.Request(sec.ClientSecret)}
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
