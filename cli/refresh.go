package cli

import (
	"errors"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/authdeck/authdeck/tokenclient"
)

// refreshFlags are the fields only a refresh request carries.
type refreshFlags struct {
	refreshToken string
}

// register adds the refresh flags to fs.
func (f *refreshFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.refreshToken, "refresh-token", "", "the refresh token from the last issue or refresh (or set $"+envRefreshToken+")")
}

// request builds the refresh request around the issue request base (whose
// uid fields are the signed-in user's).
func (f *refreshFlags) request(a *app, fs *pflag.FlagSet, base tokenclient.TokenRequest) (tokenclient.RefreshRequest, error) {
	rr := tokenclient.RefreshRequest{TokenRequest: base, RefreshToken: f.refreshToken}
	if !fs.Changed("refresh-token") {
		rr.RefreshToken = a.env.refreshToken
	}
	if rr.RefreshToken == "" {
		return rr, usageError(errors.New("refresh needs --refresh-token (or $" + envRefreshToken + "), or -p PROFILE to use a saved one"))
	}
	return rr, nil
}

// newRefreshCmd builds `authdeck refresh`.
func newRefreshCmd(a *app) *cobra.Command {
	var o tokenOptions
	cmd := &cobra.Command{
		Use:   "refresh",
		Short: "Exchange a refresh token for a new access token and print it",
		Long: "Exchange a refresh token for a new access token and refresh token (the refresh token rotates).\n\n" +
			"Takes the token flags plus --refresh-token. With -p it always refreshes with the profile's cached\n" +
			"refresh token and saves the rotated one.\n\n" +
			"Exit status: 0 success, 1 the request failed or was refused, 2 bad input (nothing was sent).",
		Example: "  authdeck refresh -p staging\n" +
			"  echo \"$SECRET\" | authdeck refresh --client-key KEY --client-secret-stdin --device-id ID --refresh-token T",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runToken(cmd, &o, true)
		},
	}
	o.registerCommon(a, cmd)
	o.req.call = tokenclient.CallRefresh
	o.refresh.register(cmd.Flags())
	return cmd
}
