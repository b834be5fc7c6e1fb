package tokens

import (
	"slices"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/parts"
)

// Own reports whether a request sent to endpoint is exactly the saved
// profile's own (its endpoint and request, savedEndpoint and saved), so
// that the token it gets is cached under the profile. This is the one
// caching rule of the CLI and the console: a token got with anything else
// (a flag, an edited form) is not that profile's token.
func Own(savedEndpoint string, saved tokenclient.TokenRequest, endpoint string, req tokenclient.TokenRequest) bool {
	return endpoint == savedEndpoint && req.Equal(saved)
}

// Request builds the token request the saved profile p sends with its
// secrets sec: its own request, in the sense of Own.
func Request(p *store.Profile, sec store.Secrets) tokenclient.TokenRequest {
	return tokenclient.TokenRequest{
		ClientKey:    p.ClientKey,
		ClientSecret: sec.ClientSecret,
		DeviceID:     p.DeviceID,
		DeviceInfo:   p.DeviceInfoBase64(),
		NetworkType:  p.NetworkType,

		UID:                p.UID,
		UIDSignature:       sec.UIDSignature,
		SignatureTimestamp: sec.SignatureTimestamp,
		Fields:             slices.Clone(p.Fields),
		Headers:            slices.Clone(p.Headers),
		UserAgent:          p.UserAgent,
		Encoding:           p.Encoding,
		JSONStyle:          p.JSONStyle,
		Order:              slices.Clone(p.Order),
		RefreshOrder:       slices.Clone(p.RefreshOrder),
	}
}

// SetRequest puts every value of req into p and sec, replacing what they
// held: the inverse of Request. Names of req's field orders that req does
// not carry (an extra field it lacks, such as a preset's refresh-only one)
// are left out, as the wire skips them. The note, the state and sec's tokens are
// kept. A device info that does not decode is a *store.FieldError (naming
// deviceInfo) and leaves p and sec unchanged.
func SetRequest(p *store.Profile, req tokenclient.TokenRequest, sec *store.Secrets) error {
	if err := p.SetDeviceInfoBase64(req.DeviceInfo); err != nil {
		return err
	}
	p.ClientKey, p.DeviceID, p.NetworkType = req.ClientKey, req.DeviceID, req.NetworkType
	p.UID, p.Fields, p.Headers = req.UID, slices.Clone(req.Fields), slices.Clone(req.Headers)
	p.UserAgent, p.Encoding, p.JSONStyle = req.UserAgent, req.Encoding, req.JSONStyle
	p.Order, p.RefreshOrder = parts.CarriedOrder(req.Order, req.Fields), parts.CarriedOrder(req.RefreshOrder, req.Fields)
	sec.ClientSecret, sec.UIDSignature, sec.SignatureTimestamp = req.ClientSecret, req.UIDSignature, req.SignatureTimestamp
	return nil
}
