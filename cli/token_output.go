package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/authdeck/authdeck/tokenclient"
)

// tokenOutput is how token and refresh print what they got.
type tokenOutput string

// The --output values of token and refresh.
const (
	outputToken  tokenOutput = "token"  // the access token alone, like `gh auth token`
	outputJSON   tokenOutput = "json"   // the server's response body as sent, terminal controls escaped
	outputHeader tokenOutput = "header" // Authorization: Bearer <token>
	outputEnv    tokenOutput = "env"    // shell export lines
)

// parseTokenOutput checks an --output value.
func parseTokenOutput(s string) (tokenOutput, error) {
	switch o := tokenOutput(s); o {
	case outputToken, outputJSON, outputHeader, outputEnv:
		return o, nil
	}
	return "", usageError(fmt.Errorf("--output %q is not one of token, json, header, env", s))
}

// Names of the variables --output env exports.
const (
	envAccessToken = "AUTHDECK_ACCESS_TOKEN"
	envExpiresAt   = "AUTHDECK_TOKEN_EXPIRES_AT"
)

// writeToken prints a token response in format o. raw is the response body
// as the server sent it; when nil (a cached token) json prints the response
// re-encoded.
func writeToken(w io.Writer, o tokenOutput, tok tokenclient.TokenResponse, raw []byte) error {
	var err error
	switch o {
	case outputJSON:
		if raw == nil {
			return writeJSON(w, tok)
		}
		err = writeRawJSON(w, raw)
	case outputHeader:
		_, err = fmt.Fprintf(w, "Authorization: Bearer %s\n", tok.AccessToken)
	case outputEnv:
		var b strings.Builder
		fmt.Fprintf(&b, "export %s=%s\n", envAccessToken, shellQuote(tok.AccessToken))
		if tok.RefreshToken != "" {
			fmt.Fprintf(&b, "export %s=%s\n", envRefreshToken, shellQuote(tok.RefreshToken))
		}
		fmt.Fprintf(&b, "export %s=%s\n", envExpiresAt, shellQuote(strconv.FormatInt(tok.ExpiresIn, 10)))
		_, err = io.WriteString(w, b.String())
	default:
		_, err = fmt.Fprintln(w, tok.AccessToken)
	}
	return err
}

// shellQuote quotes s for a POSIX shell: inside single quotes, with each
// single quote written as '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
