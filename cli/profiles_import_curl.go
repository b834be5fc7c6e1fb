package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/curlimport"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/tokens"
)

// maxCurlInput bounds the curl line read from stdin.
const maxCurlInput = 1 << 20

// newProfilesImportCurlCmd builds `authdeck profiles import-curl NAME`.
func newProfilesImportCurlCmd(a *app) *cobra.Command {
	var overwrite bool
	cmd := &cobra.Command{
		Use:               "import-curl NAME",
		ValidArgsFunction: a.completeProfileArgs(1),
		Short:             "Save a profile from a browser's \"copy as cURL\" of the token call (stdin)",
		Long: "Read the token call as a browser's developer tools copy it (\"Copy as cURL (bash)\" on the\n" +
			"request to /identity/v3/token) from stdin and save it as profile NAME: endpoint, client key,\n" +
			"device id, device info (byte for byte), network type, uid, extra body fields, extra headers,\n" +
			"User-Agent and body encoding. The client secret and uid signature go to the secret store and\n" +
			"are never printed. Cookies, Authorization and the headers the transport sets are left out\n" +
			"(each is named on stderr). A name that exists is an error unless --overwrite.",
		Example: "  pbpaste | authdeck profiles import-curl nfl-web\n" +
			"  authdeck profiles import-curl nfl-web --overwrite < token-call.sh",
		Args: exactArgs("NAME"),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.runProfilesImportCurl(args[0], overwrite)
		},
	}
	cmd.Flags().BoolVar(&overwrite, "overwrite", false, "replace the profile if NAME exists (its note is kept)")
	return cmd
}

// runProfilesImportCurl parses the curl line on stdin and saves it.
func (a *app) runProfilesImportCurl(name string, overwrite bool) error {
	if err := checkProfileName(name); err != nil {
		return err
	}
	if a.stdin == nil {
		return badInput(errors.New("import-curl reads the curl command from stdin; pipe it in: pbpaste | authdeck profiles import-curl " + name))
	}
	data, err := io.ReadAll(io.LimitReader(a.stdin, maxCurlInput+1))
	if err != nil {
		return badInput(fmt.Errorf("reading stdin: %v", err))
	}
	if len(data) > maxCurlInput {
		return badInput(fmt.Errorf("stdin holds more than %d bytes; pipe only the one curl command", maxCurlInput))
	}
	if strings.TrimSpace(string(data)) == "" {
		return badInput(errors.New("stdin was empty; pipe in the \"copy as cURL\" line of the token call"))
	}
	imp, err := curlimport.Parse(string(data))
	if err != nil {
		return badInput(fmt.Errorf("the curl command: %w", err))
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	var verbatim bool
	saved, err := st.Update(name, store.UpdateOptions{CreateOnly: !overwrite}, func(p *store.Profile, sec *store.Secrets) error {
		if err := tokens.SetRequest(p, imp.Request, sec); err != nil {
			return badInput(errors.New(tokenclient.MaskValues("deviceInfo in the curl command: "+err.Error(),
				imp.Request.ClientSecret, imp.Request.UIDSignature)))
		}
		p.Endpoint = imp.BaseURL
		verbatim = p.DeviceInfoVerbatim()
		return checkProfile(*p, *sec)
	})
	if errors.Is(err, store.ErrExists) {
		return badInput(fmt.Errorf("%w; pass --overwrite to replace it", err))
	}
	if err != nil {
		return storeError(err)
	}
	for _, d := range imp.Dropped {
		a.warnf("not imported: %s", sanitize.Line(d))
	}
	if imp.Refresh {
		a.warnf("the command was a refresh call; profile %s holds its issue request", name)
	}
	return a.reportImported(saved, imp.Request, verbatim)
}

// reportImported sums up the saved profile without any secret.
func (a *app) reportImported(p store.Profile, r tokenclient.TokenRequest, verbatim bool) error {
	where := ""
	if p.SecretStore != "" {
		where = fmt.Sprintf(" (secrets in %s)", p.SecretStore)
	}
	var parts []string
	parts = append(parts, "endpoint "+sanitize.Line(p.Endpoint))
	if r.UID != "" {
		parts = append(parts, "signed in as "+sanitize.Line(r.UID))
	}
	parts = append(parts, fmt.Sprintf("%d extra field(s), %d header(s)", len(r.Fields), len(r.Headers)))
	enc := r.Encoding
	if enc == "" {
		enc = tokenclient.EncodingJSON
	}
	parts = append(parts, string(enc)+" body")
	if verbatim {
		parts = append(parts, "device info verbatim")
	}
	_, err := fmt.Fprintf(a.stdout, "imported profile %s%s: %s\n", p.Name, where, strings.Join(parts, ", "))
	if err == nil && r.ClientSecret == "" {
		a.warnf("the curl command has no clientSecret; add it with `authdeck profiles save %s --client-secret-stdin`", p.Name)
	}
	return err
}
