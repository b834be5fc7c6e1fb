package tokens

import "github.com/authdeck/authdeck/tokenclient"

// Own reports whether a request sent to endpoint is exactly the saved
// profile's own (its endpoint and request, savedEndpoint and saved), so
// that the token it gets is cached under the profile. This is the one
// caching rule of the CLI and the console: a token got with anything else
// (a flag, an edited form) is not that profile's token.
func Own(savedEndpoint string, saved tokenclient.TokenRequest, endpoint string, req tokenclient.TokenRequest) bool {
	return endpoint == savedEndpoint && req.Equal(saved)
}
