package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokens"
)

// newProfilesCmd builds `authdeck profiles` and its subcommands.
func newProfilesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "profiles",
		Aliases: []string{"profile"},
		Short:   "Manage saved client profiles",
		Long: "Manage saved client profiles: endpoint, client key and secret, device, network type, and the\n" +
			"token cache used by `authdeck token -p NAME`.\n\n" +
			"Profiles live in $" + envConfigDir + " (default: <user config dir>/authdeck). Secrets go to the\n" +
			"OS keyring, or to a 0600 secrets.json when it is unavailable or $" + envSecretStore + "=file.\n" +
			"No secret is printed unless asked for (--reveal, --with-secrets).",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		newProfilesListCmd(a),
		newProfilesShowCmd(a),
		newProfilesSaveCmd(a),
		newProfilesRmCmd(a),
		newProfilesRenameCmd(a),
		newProfilesCopyCmd(a),
		newProfilesExportCmd(a),
		newProfilesImportCmd(a),
		newProfilesImportCurlCmd(a),
		newProfilesRepairCmd(a),
	)
	return cmd
}

// newProfilesListCmd builds `authdeck profiles list`.
func newProfilesListCmd(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List saved profiles (no secrets)",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			if output != "table" && output != "json" {
				return usageError(fmt.Errorf("--output %q is not one of table, json", output))
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			ps, err := st.List()
			if err != nil {
				return storeError(err)
			}
			if output == "json" {
				return writeProfileListJSON(a.stdout, ps, a.now())
			}
			if len(ps) == 0 {
				a.warnf("no profiles yet; create one with `authdeck profiles save NAME --client-key KEY --client-secret-stdin`")
				return nil
			}
			return writeProfileTable(a.stdout, ps, a.now(), terminalWidth(a.stdout))
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "table", "print as table or json")
	return cmd
}

// writeProfileTable prints one aligned row per profile, no wider than
// width terminal cells (0: no limit).
func writeProfileTable(w io.Writer, ps []store.Profile, now time.Time, width int) error {
	t := newTable("NAME", "ENDPOINT", "CLIENT KEY", "NETWORK", "TOKEN", "LAST CALL", "SECRETS").fit(width)
	t.grow(len(ps))
	hosts := map[string]string{} // endpoint → host; most profiles share a few endpoints
	for i := range ps {
		p := &ps[i]
		host, ok := hosts[p.Endpoint]
		if !ok {
			host = p.EndpointHost()
			hosts[p.Endpoint] = host
		}
		t.row(p.Name, host, orDash(tokenclient.MaskKey(p.ClientKey)), orDash(string(p.NetworkType)), tokens.TokenStatus(p.Token, now),
			orDash(tokens.CallStatus(p.LastCall, now)), orDash(string(p.SecretStore)))
	}
	return t.write(w)
}

// profileListItem is one element of `profiles list --output json`.
type profileListItem struct {
	Name           string            `json:"name"`
	Endpoint       string            `json:"endpoint"`
	ClientKey      string            `json:"clientKey"` // in full: a client key is not a secret
	NetworkType    string            `json:"networkType"`
	Token          string            `json:"token"`
	TokenExpiresAt *time.Time        `json:"tokenExpiresAt,omitempty"`
	SecretStore    string            `json:"secretStore"`
	LastUsed       *time.Time        `json:"lastUsed,omitempty"`
	LastCall       *historyEntryJSON `json:"lastCall,omitempty"`
}

// writeProfileListJSON prints the profiles as a JSON array (no secrets).
func writeProfileListJSON(w io.Writer, ps []store.Profile, now time.Time) error {
	items := make([]profileListItem, 0, len(ps))
	for _, p := range ps {
		it := profileListItem{
			Name: p.Name, Endpoint: p.Endpoint, ClientKey: p.ClientKey, NetworkType: string(p.NetworkType),
			Token: tokens.TokenStatus(p.Token, now), SecretStore: string(p.SecretStore), LastUsed: timePtr(p.LastUsed),
		}
		if p.Token != nil {
			it.TokenExpiresAt = timePtr(p.Token.ExpiresAt)
		}
		if p.LastCall != nil {
			h := historyJSON(*p.LastCall)
			it.LastCall = &h
		}
		items = append(items, it)
	}
	return writeJSON(w, items)
}

// timePtr is &t, or nil for the zero time (so JSON omits it).
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// orDash is s, or "-" when it is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
