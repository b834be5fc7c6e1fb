package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// hiddenSecret stands in for a secret that was not asked for.
const hiddenSecret = "(hidden; --reveal shows it)"

// newProfilesShowCmd builds `authdeck profiles show NAME`.
func newProfilesShowCmd(a *app) *cobra.Command {
	var output string
	var reveal bool
	cmd := &cobra.Command{
		Use:               "show NAME",
		ValidArgsFunction: a.completeProfileArgs(1),
		Short:             "Show one profile; secrets only with --reveal",
		Args:              exactArgs("NAME"),
		RunE: func(_ *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return usageError(fmt.Errorf("--output %q is not one of text, json", output))
			}
			if err := checkProfileName(args[0]); err != nil {
				return err
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			p, err := st.Get(args[0])
			if err != nil {
				return storeError(err)
			}
			var sec *store.Secrets
			if reveal {
				s, err := st.Secrets(p.Name)
				if err != nil {
					return storeError(err)
				}
				sec = &s
			}
			if output == "json" {
				return writeProfileJSON(a.stdout, p, sec, a.now())
			}
			return writeProfileText(a.stdout, p, sec, a.now())
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "print as text or json")
	cmd.Flags().BoolVar(&reveal, "reveal", false, "also print the client secret, access token and refresh token")
	return cmd
}

// profileJSON is `profiles show --output json`. Secrets is present only
// with --reveal.
type profileJSON struct {
	Name          string             `json:"name"`
	Endpoint      string             `json:"endpoint"`
	ClientKey     string             `json:"clientKey"`
	DeviceID      string             `json:"deviceId"`
	DeviceInfo    json.RawMessage    `json:"deviceInfo"`
	DeviceInfoB64 string             `json:"deviceInfoBase64"`
	NetworkType   string             `json:"networkType"`
	Note          string             `json:"note,omitempty"`
	Created       *time.Time         `json:"created,omitempty"`
	Updated       *time.Time         `json:"updated,omitempty"`
	LastUsed      *time.Time         `json:"lastUsed,omitempty"`
	Token         string             `json:"token"`
	TokenDetail   *tokenMetaJSON     `json:"tokenDetail,omitempty"`
	SecretStore   string             `json:"secretStore"`
	History       []historyEntryJSON `json:"history"`
	Secrets       *secretsJSON       `json:"secrets,omitempty"`
}

// tokenMetaJSON is the cached token's metadata (never the token).
type tokenMetaJSON struct {
	ExpiresIn  int64     `json:"expiresIn"`
	ExpiresAt  time.Time `json:"expiresAt"`
	ObtainedAt time.Time `json:"obtainedAt"`
	Relative   bool      `json:"relative,omitempty"`
}

// historyEntryJSON is one past call.
type historyEntryJSON struct {
	Time       time.Time `json:"time"`
	Kind       string    `json:"kind"`
	Status     int       `json:"status"`
	DurationMS int64     `json:"durationMs"`
	Error      string    `json:"error,omitempty"`
}

// secretsJSON holds the revealed secrets.
type secretsJSON struct {
	ClientSecret string `json:"clientSecret"`
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
}

// writeProfileJSON prints one profile as indented JSON.
func writeProfileJSON(w io.Writer, p store.Profile, sec *store.Secrets, now time.Time) error {
	doc := profileJSON{
		Name: p.Name, Endpoint: p.Endpoint, ClientKey: p.ClientKey, DeviceID: p.DeviceID,
		DeviceInfo: p.DeviceInfo.JSON(), DeviceInfoB64: device.Encode(p.DeviceInfo),
		NetworkType: string(p.NetworkType), Note: p.Note,
		Created: timePtr(p.Created), Updated: timePtr(p.Updated), LastUsed: timePtr(p.LastUsed),
		Token: p.TokenStatus(now), SecretStore: string(p.SecretStore),
		History: make([]historyEntryJSON, 0, len(p.History)),
	}
	if p.Token != nil {
		doc.TokenDetail = &tokenMetaJSON{ExpiresIn: p.Token.ExpiresIn, ExpiresAt: p.Token.ExpiresAt.UTC(),
			ObtainedAt: p.Token.ObtainedAt.UTC(), Relative: p.Token.Relative}
	}
	for _, h := range p.History {
		doc.History = append(doc.History, historyEntryJSON{Time: h.Time.UTC(), Kind: h.Kind, Status: h.Status,
			DurationMS: h.Duration.Milliseconds(), Error: h.Error})
	}
	if sec != nil {
		doc.Secrets = &secretsJSON{ClientSecret: sec.ClientSecret, AccessToken: sec.AccessToken, RefreshToken: sec.RefreshToken}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// historyShown is how many recent calls the text view lists.
const historyShown = 10

// writeProfileText prints one profile as aligned "field  value" lines.
func writeProfileText(w io.Writer, p store.Profile, sec *store.Secrets, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	secret := func(v string, present bool) string {
		switch {
		case sec == nil && present:
			return hiddenSecret
		case sec == nil:
			return "(none)"
		case v == "":
			return "(none)"
		}
		return v
	}
	row("name", p.Name)
	row("endpoint", p.Endpoint)
	row("client key", orDash(p.ClientKey))
	row("client secret", secret(valueOf(sec, func(s *store.Secrets) string { return s.ClientSecret }), true))
	row("device id", orDash(p.DeviceID))
	row("device info", string(p.DeviceInfo.JSON()))
	row("", device.Encode(p.DeviceInfo))
	row("network type", orDash(string(p.NetworkType)))
	if p.Note != "" {
		row("note", p.Note)
	}
	row("secrets in", orDash(string(p.SecretStore)))
	tok := p.TokenStatus(now)
	if p.Token != nil {
		tok += " (expires " + p.Token.ExpiresAt.UTC().Format(time.RFC3339) + ", obtained " + p.Token.ObtainedAt.UTC().Format(time.RFC3339) + ")"
	}
	row("token", tok)
	row("access token", secret(valueOf(sec, func(s *store.Secrets) string { return s.AccessToken }), p.Token != nil))
	row("refresh token", secret(valueOf(sec, func(s *store.Secrets) string { return s.RefreshToken }), p.Token != nil))
	row("created", timeText(p.Created))
	row("updated", timeText(p.Updated))
	row("last used", timeText(p.LastUsed))
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(p.History) == 0 {
		return nil
	}
	var b strings.Builder
	start := max(0, len(p.History)-historyShown)
	fmt.Fprintf(&b, "\nhistory (last %d of %d):\n", len(p.History)-start, len(p.History))
	htw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, h := range p.History[start:] {
		status := "-"
		if h.Status != 0 {
			status = fmt.Sprint(h.Status)
		}
		fmt.Fprintf(htw, "  %s\t%s\t%s\t%s\t%s\n", h.Time.UTC().Format(time.RFC3339), h.Kind, status,
			h.Duration.Round(time.Millisecond), h.Error)
	}
	_ = htw.Flush()
	_, err := io.WriteString(w, b.String())
	return err
}

// valueOf reads one field of sec, or "" when sec is nil.
func valueOf(sec *store.Secrets, field func(*store.Secrets) string) string {
	if sec == nil {
		return ""
	}
	return field(sec)
}

// timeText formats t in UTC, or "-" for the zero time.
func timeText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}
