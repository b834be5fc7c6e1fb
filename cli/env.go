package cli

import (
	"fmt"
	"io"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// The environment variables authdeck reads. Run reads them once, here;
// nothing else in authdeck looks at the environment (store and ui take
// options).
const (
	envConfigDir     = "AUTHDECK_CONFIG_DIR"
	envSecretStore   = "AUTHDECK_SECRET_STORE"
	envClientSecret  = tokenclient.EnvClientSecret // a redacted curl refers to these three
	envRefreshToken  = tokenclient.EnvRefreshToken
	envUIDSignature  = tokenclient.EnvUIDSignature
	envEndpoint      = "AUTHDECK_ENDPOINT"
	envAccountSecret = "AUTHDECK_ACCOUNT_SECRET" // authdeck sign's key
)

// environment is what authdeck takes from the process environment.
type environment struct {
	configDir     string // where profiles live; "" = the user config dir
	secretStore   string // "keyring", "file" or "" (pick automatically)
	clientSecret  string
	endpoint      string
	refreshToken  string
	uidSignature  string
	accountSecret string // for authdeck sign
	// console holds the variables the console uses ($PAGER, $VISUAL,
	// $EDITOR), those set, by name.
	console map[string]string
	// terminal is the variables that describe the terminal (termVars), as
	// "NAME=value" for those set: doctor reports colours and clipboard.
	terminal []string
}

// termVars are the variables read to describe the terminal.
var termVars = []string{"TERM", "COLORTERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM_PROGRAM", "TMUX", "STY", "SSH_TTY", "WT_SESSION"}

// consoleVars are the variables the console's pager and editor keys read.
var consoleVars = []string{"PAGER", "VISUAL", "EDITOR"}

// readEnvironment reads every variable authdeck uses through getenv (nil
// reads nothing).
func readEnvironment(getenv func(string) string) environment {
	if getenv == nil {
		return environment{}
	}
	var terminal []string
	for _, k := range termVars {
		if v := getenv(k); v != "" {
			terminal = append(terminal, k+"="+v)
		}
	}
	console := map[string]string{}
	for _, k := range consoleVars {
		if v := getenv(k); v != "" {
			console[k] = v
		}
	}
	return environment{
		console:       console,
		terminal:      terminal,
		configDir:     getenv(envConfigDir),
		secretStore:   getenv(envSecretStore),
		clientSecret:  getenv(envClientSecret),
		endpoint:      getenv(envEndpoint),
		refreshToken:  getenv(envRefreshToken),
		uidSignature:  getenv(envUIDSignature),
		accountSecret: getenv(envAccountSecret),
	}
}

// storeOptions are the store options the environment names, with notices
// going to warn. An unknown $AUTHDECK_SECRET_STORE is bad input (the
// message is the store's own).
func (e environment) storeOptions(warn io.Writer) (store.Options, error) {
	ss, err := store.ParseSecretStore(e.secretStore)
	if err != nil {
		return store.Options{}, badInput(fmt.Errorf("$%s: %w", envSecretStore, err))
	}
	return store.Options{Dir: e.configDir, Warn: warn, SecretStore: ss}, nil
}

// applyEnvUIDSignature lets $AUTHDECK_UID_SIGNATURE stand in for
// --uid-signature-stdin the same way in every command that has the flag:
// token and refresh, with and without -p, and profiles save. r is the
// request after the profile's values (if any) and the flags; sigFlag says
// a signature flag was given, tsFlag that --signature-timestamp was.
//
// Without a signature flag, the variable supplies the signature when the
// request has a signature timestamp but no signature, or when the timestamp
// came from the command line (a new timestamp needs the signature made at
// that time, not one stored with the profile). A uid with no timestamp is
// a valid signed-in request on its own: the variable is then left unused,
// and a warning says so.
func (a *app) applyEnvUIDSignature(r *tokenclient.TokenRequest, sigFlag, tsFlag bool) {
	sig := a.env.uidSignature
	if sigFlag || sig == "" {
		return
	}
	switch {
	case tsFlag, r.SignatureTimestamp != "" && r.UIDSignature == "":
		r.UIDSignature = sig
	case r.UID != "" && r.UIDSignature == "" && r.SignatureTimestamp == "":
		a.warnf("$%s is set but not used: there is no --signature-timestamp, so the uid goes alone (pass the timestamp the signature was made at to send it)", envUIDSignature)
	}
}
