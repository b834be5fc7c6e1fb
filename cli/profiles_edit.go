package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokens"
)

// newProfilesSaveCmd builds `authdeck profiles save NAME [the token flags]`.
func newProfilesSaveCmd(a *app) *cobra.Command {
	var f requestFlags
	var note string
	cmd := &cobra.Command{
		Use:               "save NAME",
		ValidArgsFunction: a.completeProfileArgs(1),
		Short:             "Create or update a profile",
		Long: "Create or update a profile. Fields not given keep their value; a new profile gets a generated\n" +
			"device id, the detected device info and network type, and $" + envEndpoint + " or " + tokenclient.DefaultBaseURL + ".\n" +
			"The client secret comes from --client-secret-stdin (or $" + envClientSecret + " for a new profile).",
		Example: "  echo \"$SECRET\" | authdeck profiles save staging --endpoint https://staging.example --client-key KEY --client-secret-stdin\n" +
			"  authdeck profiles save staging --network-type wifi --note \"Android TV client\"",
		Args: exactArgs("NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runProfilesSave(cmd.Flags(), args[0], &f, note)
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVar(&note, "note", "", "a free-text note shown with the profile")
	return cmd
}

// runProfilesSave applies the given flags to the named profile and saves
// it, in one store update under one lock: what no flag names keeps its
// stored value.
func (a *app) runProfilesSave(fs *pflag.FlagSet, name string, f *requestFlags, note string) error {
	if err := checkProfileName(name); err != nil {
		return err
	}
	edit, err := f.read(a, fs)
	if err != nil {
		return err
	}
	if fs.Changed("device-info") {
		if _, err := device.Decode(edit.values.req.DeviceInfo); err != nil {
			return badInput(fmt.Errorf("--device-info: %w", err))
		}
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	// Detection runs before the lock is taken, and only when the profile
	// looks new.
	var detected *device.Detection
	if ok, err := st.Exists(name); err == nil && !ok {
		d := device.Detect()
		detected = &d
	}
	var isNew bool
	var notes []string // said only once the save committed
	saved, err := st.Update(name, store.UpdateOptions{}, func(p *store.Profile, sec *store.Secrets) error {
		isNew = p.Updated.IsZero()
		notes = nil
		in := requestInput{endpoint: p.Endpoint, req: tokens.Request(p, *sec)}
		edit.apply(&in)
		if err := tokens.SetRequest(p, in.req, sec); err != nil {
			return badInput(fmt.Errorf("--device-info: %w", err))
		}
		p.Endpoint = in.endpoint
		if fs.Changed("note") {
			p.Note = note
		}
		if isNew {
			if detected == nil { // created by someone else and removed again meanwhile
				d := device.Detect()
				detected = &d
			}
			notes = a.fillNewProfile(p, sec, edit.secret, *detected)
		}
		return checkProfile(*p, *sec)
	})
	if err != nil {
		return storeError(err)
	}
	for _, n := range notes {
		a.warnf("%s", n)
	}
	return a.reportSaved(saved, isNew, edit.secret || hasClientSecret(st, name))
}

// hasClientSecret reports whether the named profile has a stored client
// secret.
func hasClientSecret(st *store.Store, name string) bool {
	s, err := st.Secrets(name)
	return err == nil && s.ClientSecret != ""
}

// fillNewProfile gives a new profile what no flag set: the endpoint from
// the environment or the default, a generated device id, the detected device
// info and network type, and the secret from the environment. It returns
// the notes to print once the save has committed (a refused save generated
// nothing).
func (a *app) fillNewProfile(p *store.Profile, sec *store.Secrets, secretGiven bool, d device.Detection) (notes []string) {
	if p.Endpoint == "" {
		p.Endpoint = a.env.endpoint
	}
	if p.Endpoint == "" {
		p.Endpoint = tokenclient.DefaultBaseURL
	}
	if p.DeviceID == "" {
		p.DeviceID = uuid.NewString()
		notes = append(notes, fmt.Sprintf("generated device id %s for profile %q", p.DeviceID, p.Name))
	}
	i := p.DeviceInfo
	if i.Model == "" && i.Version == "" && i.OSName == "" && i.OSVersion == "" && len(i.Extra) == 0 {
		p.DeviceInfo = d.Info
	}
	if p.NetworkType == "" {
		p.NetworkType = d.Network
	}
	if !secretGiven && sec.ClientSecret == "" {
		if s := a.env.clientSecret; s != "" {
			notes = append(notes, fmt.Sprintf("client secret for profile %q taken from $%s", p.Name, envClientSecret))
			sec.ClientSecret = s
		}
	}
	return notes
}

// checkProfile refuses a profile with an invalid endpoint, device id,
// device info, network type or signed-in fields (a signature timestamp
// without its signature included) before anything is written. An empty
// client key or secret is allowed: they can be added later. No message
// shows the profile's client secret or uid signature, even where one was
// typed into another field.
func checkProfile(p store.Profile, sec store.Secrets) error {
	if err := store.ValidateEndpoint(p.Endpoint); err != nil {
		return badInput(err)
	}
	err := tokens.Request(&p, store.Secrets{ClientSecret: "placeholder", UIDSignature: sec.UIDSignature,
		SignatureTimestamp: sec.SignatureTimestamp}).Validate()
	var ve *tokenclient.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	kept := &tokenclient.ValidationError{}
	for _, prob := range ve.Problems {
		prob.Message = tokenclient.MaskValues(prob.Message, sec.ClientSecret, sec.UIDSignature)
		switch prob.Field {
		case "deviceId", "deviceInfo", "networkType", "uid", "uidSignature", "signatureTimestamp", "fields", "headers", "userAgent", "encoding":
			kept.Problems = append(kept.Problems, prob)
		case "clientKey":
			if p.ClientKey != "" { // malformed, not merely missing
				kept.Problems = append(kept.Problems, prob)
			}
		}
	}
	if len(kept.Problems) == 0 {
		return nil
	}
	return requestProblem(kept)
}

// reportSaved says what save did, where the secrets went and what is missing.
func (a *app) reportSaved(p store.Profile, isNew, hasSecret bool) error {
	verb := "updated"
	if isNew {
		verb = "created"
	}
	where := ""
	if p.SecretStore != "" {
		where = fmt.Sprintf(" (secrets in %s)", p.SecretStore)
	}
	if _, err := fmt.Fprintf(a.stdout, "%s profile %s%s\n", verb, p.Name, where); err != nil {
		return err
	}
	var what, flags []string
	if p.ClientKey == "" {
		what, flags = append(what, "client key"), append(flags, "--client-key KEY")
	}
	if !hasSecret {
		what, flags = append(what, "client secret"), append(flags, "--client-secret-stdin")
	}
	if len(what) > 0 {
		a.warnf("profile %s has no %s yet; add it with `authdeck profiles save %s %s`",
			p.Name, strings.Join(what, " or "), p.Name, strings.Join(flags, " "))
	}
	return nil
}

// newProfilesRmCmd builds `authdeck profiles rm NAME`.
func newProfilesRmCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:               "rm NAME",
		ValidArgsFunction: a.completeProfileArgs(1),
		Aliases:           []string{"remove", "delete"},
		Short:             "Remove a profile and its keyring items",
		Args:              exactArgs("NAME"),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.profileOp(func(st *store.Store) error { return st.Delete(args[0]) },
				"removed profile %s", args[0])
		},
	}
}

// newProfilesRenameCmd builds `authdeck profiles rename OLD NEW`.
func newProfilesRenameCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:               "rename OLD NEW",
		ValidArgsFunction: a.completeProfileArgs(1),
		Aliases:           []string{"mv"},
		Short:             "Rename a profile",
		Args:              exactArgs("OLD", "NEW"),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.profileOp(func(st *store.Store) error { return st.Rename(args[0], args[1]) },
				"renamed profile %s to %s", args[0], args[1])
		},
	}
}

// newProfilesCopyCmd builds `authdeck profiles copy SRC DST`.
func newProfilesCopyCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:               "copy SRC DST",
		ValidArgsFunction: a.completeProfileArgs(1),
		Aliases:           []string{"cp"},
		Short:             "Copy a profile's configuration and client secret (no token, no history)",
		Args:              exactArgs("SRC", "DST"),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.profileOp(func(st *store.Store) error { return st.Copy(args[0], args[1]) },
				"copied profile %s to %s", args[0], args[1])
		},
	}
}

// profileOp checks the profile names, opens the store, runs op and prints
// the done message built from format and names.
func (a *app) profileOp(op func(*store.Store) error, format string, names ...string) error {
	args := make([]any, len(names))
	for i, n := range names {
		if err := checkProfileName(n); err != nil {
			return err
		}
		args[i] = n
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	if err := op(st); err != nil {
		return storeError(err)
	}
	_, err = fmt.Fprintf(a.stdout, format+"\n", args...)
	return err
}
