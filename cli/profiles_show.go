package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/tokens"
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
			hist, err := st.History(store.HistoryQuery{Profile: p.Name, Limit: historyShown})
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
				return writeProfileJSON(a.stdout, p, hist, sec, a.now())
			}
			return writeProfileText(a.stdout, p, hist, sec, a.now())
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "print as text or json")
	cmd.Flags().BoolVar(&reveal, "reveal", false, "also print the client secret, access token and refresh token")
	return cmd
}

// profileJSON is `profiles show --output json`. Secrets is present only
// with --reveal.
type profileJSON struct {
	Name          string               `json:"name"`
	Endpoint      string               `json:"endpoint"`
	ClientKey     string               `json:"clientKey"`
	DeviceID      string               `json:"deviceId"`
	DeviceInfo    json.RawMessage      `json:"deviceInfo"`
	DeviceInfoB64 string               `json:"deviceInfoBase64"`
	Verbatim      bool                 `json:"deviceInfoVerbatim,omitempty"`
	UID           string               `json:"uid,omitempty"`
	Fields        []tokenclient.Field  `json:"fields,omitempty"`
	Headers       []tokenclient.Header `json:"headers,omitempty"`
	UserAgent     string               `json:"userAgent,omitempty"`
	Encoding      string               `json:"encoding,omitempty"`
	JSONStyle     string               `json:"jsonStyle,omitempty"`
	Order         []string             `json:"order,omitempty"`
	RefreshOrder  []string             `json:"refreshOrder,omitempty"`
	NetworkType   string               `json:"networkType"`
	Note          string               `json:"note,omitempty"`
	Created       *time.Time           `json:"created,omitempty"`
	Updated       *time.Time           `json:"updated,omitempty"`
	LastUsed      *time.Time           `json:"lastUsed,omitempty"`
	Token         string               `json:"token"`
	TokenDetail   *tokenMetaJSON       `json:"tokenDetail,omitempty"`
	SecretStore   string               `json:"secretStore"`
	History       []historyEntryJSON   `json:"history"`
	Secrets       *secretsJSON         `json:"secrets,omitempty"`
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
	ID         int64     `json:"id,omitempty"`
	Profile    string    `json:"profile,omitempty"`
	Time       time.Time `json:"time"`
	Kind       string    `json:"kind"`
	Status     int       `json:"status"`
	DurationMS int64     `json:"durationMs"`
	Error      string    `json:"error,omitempty"`
	RequestID  string    `json:"requestId,omitempty"`
	Endpoint   string    `json:"endpoint,omitempty"`
}

// historyJSON is the JSON form of one history entry.
func historyJSON(h store.HistoryEntry) historyEntryJSON {
	return historyEntryJSON{ID: h.ID, Profile: h.Profile, Time: h.Time.UTC(), Kind: h.Kind, Status: h.Status,
		DurationMS: h.Duration.Milliseconds(), Error: h.Error, RequestID: h.RequestID, Endpoint: h.Endpoint}
}

// secretsJSON holds the revealed secrets.
type secretsJSON struct {
	ClientSecret string `json:"clientSecret"`
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
	UIDSignature string `json:"uidSignature,omitempty"`
}

// writeProfileJSON prints one profile as indented JSON.
func writeProfileJSON(w io.Writer, p store.Profile, hist []store.HistoryEntry, sec *store.Secrets, now time.Time) error {
	doc := profileJSON{
		Name: p.Name, Endpoint: p.Endpoint, ClientKey: p.ClientKey, DeviceID: p.DeviceID,
		DeviceInfo: p.DeviceInfo.JSON(), DeviceInfoB64: p.DeviceInfoBase64(), Verbatim: p.DeviceInfoVerbatim(),
		UID: p.UID, Fields: p.Fields, Headers: p.Headers, UserAgent: p.UserAgent, Encoding: string(p.Encoding),
		JSONStyle: string(p.JSONStyle), Order: p.Order, RefreshOrder: p.RefreshOrder,
		NetworkType: string(p.NetworkType), Note: p.Note,
		Created: timePtr(p.Created), Updated: timePtr(p.Updated), LastUsed: timePtr(p.LastUsed),
		Token: tokens.TokenStatus(p.Token, now), SecretStore: string(p.SecretStore),
		History: make([]historyEntryJSON, 0, len(hist)),
	}
	if p.Token != nil {
		doc.TokenDetail = &tokenMetaJSON{ExpiresIn: p.Token.ExpiresIn, ExpiresAt: p.Token.ExpiresAt.UTC(),
			ObtainedAt: p.Token.ObtainedAt.UTC(), Relative: p.Token.Relative}
	}
	for _, h := range hist {
		h.Profile = ""
		doc.History = append(doc.History, historyJSON(h))
	}
	if sec != nil {
		doc.Secrets = &secretsJSON{ClientSecret: sec.ClientSecret, AccessToken: sec.AccessToken, RefreshToken: sec.RefreshToken,
			UIDSignature: sec.UIDSignature}
	}
	return writeJSON(w, doc)
}

// historyShown is how many recent calls the text view lists.
const historyShown = 10

// writeProfileText prints one profile as aligned "field  value" lines.
func writeProfileText(w io.Writer, p store.Profile, hist []store.HistoryEntry, sec *store.Secrets, now time.Time) error {
	t := newBareTable(2)
	row := func(k, v string) { t.row(k, v) }
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
	if p.DeviceInfoVerbatim() {
		row("", p.DeviceInfoBase64()+"  (verbatim: sent as given, not re-encoded)")
	} else {
		row("", p.DeviceInfoBase64())
	}
	row("network type", orDash(string(p.NetworkType)))
	if p.UID != "" {
		row("uid", p.UID)
		row("uid signature", secret(valueOf(sec, func(s *store.Secrets) string { return s.UIDSignature }), true))
	}
	for _, f := range p.Fields {
		row("field", f.Name+" = "+string(f.Value))
	}
	for _, h := range p.Headers {
		row("header", h.Name+": "+h.Value)
	}
	if p.UserAgent != "" {
		row("user agent", p.UserAgent)
	}
	if p.Encoding == tokenclient.EncodingForm {
		row("body", "form-encoded")
	}
	if p.JSONStyle != "" {
		row("JSON style", string(p.JSONStyle))
	}
	if len(p.Order) > 0 {
		row("field order", strings.Join(p.Order, ", "))
	}
	if len(p.RefreshOrder) > 0 {
		row("refresh order", strings.Join(p.RefreshOrder, ", "))
	}
	if p.Note != "" {
		row("note", p.Note)
	}
	row("secrets in", orDash(string(p.SecretStore)))
	tok := tokens.TokenStatus(p.Token, now)
	if p.Token != nil {
		tok += " (expires " + p.Token.ExpiresAt.UTC().Format(time.RFC3339) + ", obtained " + p.Token.ObtainedAt.UTC().Format(time.RFC3339) + ")"
	}
	row("token", tok)
	row("access token", secret(valueOf(sec, func(s *store.Secrets) string { return s.AccessToken }), p.Token != nil))
	row("refresh token", secret(valueOf(sec, func(s *store.Secrets) string { return s.RefreshToken }), p.Token != nil))
	row("created", timeText(p.Created))
	row("updated", timeText(p.Updated))
	row("last used", timeText(p.LastUsed))
	if err := t.write(w); err != nil {
		return err
	}
	if len(hist) == 0 {
		return nil
	}
	if _, err := fmt.Fprintf(w, "\nhistory (newest first; authdeck history %s shows more):\n", sanitize.Line(p.Name)); err != nil {
		return err
	}
	ht := newBareTable(5)
	ht.indent = "  "
	for _, h := range hist {
		status := "-"
		if h.Status != 0 {
			status = fmt.Sprint(h.Status)
		}
		detail := ""
		if h.Error != "" {
			detail = recordedDetail(h.Error)
		}
		ht.row(h.Time.UTC().Format(time.RFC3339), h.Kind, status, h.Duration.Round(time.Millisecond).String(), detail)
	}
	return ht.write(w)
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
