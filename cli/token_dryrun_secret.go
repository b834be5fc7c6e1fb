package cli

import "github.com/authdeck/authdeck/tokenclient"

// missingSecretPlaceholder stands in for a client secret that was not
// given to --dry-run or --curl: it passes validation and is shown masked
// (the dry run) or as $AUTHDECK_CLIENT_SECRET (the curl command), never as
// itself.
const missingSecretPlaceholder = "client-secret-not-given"

// dryRunSecret lets --dry-run and --curl print a request without a client
// secret: the request shows where the secret goes and every other field
// is still validated. It puts the placeholder into req when the secret is
// missing, says so on stderr, and returns a func that, with --reveal,
// empties it again before the request is prepared (a revealed request
// shows the secret as given: none). Without --dry-run or --curl it does
// nothing.
func (a *app) dryRunSecret(o *tokenOptions, req *tokenclient.TokenRequest) (beforePrepare func()) {
	if (!o.dryRun && !o.curl) || req.ClientSecret != "" {
		return func() {}
	}
	req.ClientSecret = missingSecretPlaceholder
	if o.curl {
		a.warnf("no client secret given: the curl command reads it from $%s when run", tokenclient.EnvClientSecret)
	} else {
		a.warnf("no client secret given: the request shows where it goes, masked (give it with --client-secret-stdin or $%s to send)", envClientSecret)
	}
	return func() {
		if o.reveal {
			req.ClientSecret = ""
		}
	}
}
