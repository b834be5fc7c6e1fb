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
