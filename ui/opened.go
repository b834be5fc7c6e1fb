package ui

import (
	"fmt"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokens"
)

// openProfile is what the console holds of the profile it shows: the
// endpoint and request as the form edits them (secrets included) and the
// cached token. It is built from the store's Profile and Secrets and never
// crosses the seam back: saving goes through Store.Update.
type openProfile struct {
	Name     string // "" for a new, unsaved profile
	Endpoint string
	Request  tokenclient.TokenRequest
	// Token is the cached token, nil when none; Expiry is when it expires.
	Token  *tokenclient.TokenResponse
	Expiry tokenclient.Expiry
	// Updated is the stored version (zero when unsaved): a save over the
	// profile passes it as IfUnchangedSince, so a newer version on disk is
	// not clobbered without asking.
	Updated time.Time
	// SecretStore is where the secrets live ("" when unsaved).
	SecretStore store.SecretStore
}

// openedFrom builds what the console shows from a stored profile and its
// secrets.
func openedFrom(p store.Profile, sec store.Secrets) openProfile {
	out := openProfile{Name: p.Name, Endpoint: p.Endpoint, Request: tokens.Request(&p, sec),
		Updated: p.Updated, SecretStore: p.SecretStore}
	if noDeviceInfo(p) {
		// A profile without device info (saved from an empty field, or
		// Deps.Initial) shows an empty field, which detection fills, not
		// the encoding of four empty strings.
		out.Request.DeviceInfo = ""
	}
	if p.Token != nil && sec.AccessToken != "" {
		out.Token = &tokenclient.TokenResponse{
			AccessToken:  sec.AccessToken,
			ExpiresIn:    p.Token.ExpiresIn,
			RefreshToken: sec.RefreshToken,
		}
		out.Expiry = tokenclient.Expiry{At: p.Token.ExpiresAt, Relative: p.Token.Relative}
	}
	return out
}

// noDeviceInfo reports whether p holds no device info at all.
func noDeviceInfo(p store.Profile) bool {
	i := p.DeviceInfo
	return i.Model == "" && i.Version == "" && i.OSName == "" && i.OSVersion == "" && len(i.Extra) == 0 &&
		!p.DeviceInfoVerbatim()
}

// saveForm is the Update function that stores the form's endpoint and
// request in a profile; what the form does not hold (the note, created)
// stays as it is.
func saveForm(state formState) func(*store.Profile, *store.Secrets) error {
	return func(p *store.Profile, sec *store.Secrets) error {
		if err := tokens.SetRequest(p, state.req, sec); err != nil {
			return fmt.Errorf("device info: %w; fix the base64 field (or ctrl+d to detect it again) and save again", err)
		}
		p.Endpoint = state.endpoint
		return nil
	}
}
