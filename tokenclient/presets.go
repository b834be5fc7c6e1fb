package tokenclient

import (
	"encoding/json"
	"slices"

	"github.com/authdeck/authdeck/tokenclient/device"
)

// Call says which of a client's two requests a preset shapes.
type Call string

// The two calls.
const (
	CallIssue   Call = "issue"
	CallRefresh Call = "refresh"
)

// CallShape is how one client sends one call, beyond the values: its
// headers, extra body fields, encoding and field order, and where that was
// read.
type CallShape struct {
	// Source is the repository and file the shape was read in.
	Source string `json:"source"`
	// UserAgent is the User-Agent the client sends.
	UserAgent string `json:"userAgent"`
	// Headers are the client's other headers (Accept, Accept-Encoding,
	// ...), in the order it sends them. Host, Content-Length, Connection
	// and Content-Type are the transport's and the encoding's.
	Headers []Header `json:"headers,omitempty"`
	// Fields are the extra body fields it adds (yt-dlp's peacockUUID).
	Fields []Field `json:"fields,omitempty"`
	// Encoding and JSONStyle are how its body is written.
	Encoding  Encoding  `json:"encoding"`
	JSONStyle JSONStyle `json:"jsonStyle,omitempty"`
	// Order is the body's field order (TokenRequest.Order or
	// RefreshOrder); empty is authdeck's default for the call.
	Order []string `json:"order,omitempty"`
}

// ClientPreset is a public client reproduced whole: its device info and
// network type, and how it sends the issue and the refresh.
type ClientPreset struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// Device is the device info the client sends (device.Presets).
	Device device.Preset `json:"-"`
	// Issue and Refresh are the two calls' shapes.
	Issue   CallShape `json:"issue"`
	Refresh CallShape `json:"refresh"`
}

// Apply makes req send as the client sends call: its device info, network
// type, user agent, headers, extra fields, encoding, JSON style, and both
// field orders (so a later refresh of the same request keeps the client's
// refresh order). Credentials, device id and the signed-in fields are
// left as they are.
func (p ClientPreset) Apply(req *TokenRequest, call Call) {
	s := p.Issue
	if call == CallRefresh {
		s = p.Refresh
	}
	req.DeviceInfo, req.NetworkType = p.Device.DeviceInfo(), p.Device.Network
	req.UserAgent = s.UserAgent
	req.Headers = slices.Clone(s.Headers)
	req.Fields = slices.Clone(s.Fields)
	req.Encoding, req.JSONStyle = s.Encoding, s.JSONStyle
	req.Order, req.RefreshOrder = slices.Clone(p.Issue.Order), slices.Clone(p.Refresh.Order)
}

// MarshalJSON adds the device info (name, JSON, base64, network) to the
// preset's JSON form.
func (p ClientPreset) MarshalJSON() ([]byte, error) {
	type plain ClientPreset
	return json.Marshal(struct {
		plain
		Device struct {
			Preset     string      `json:"preset"`
			Source     string      `json:"source"`
			JSON       string      `json:"json"`
			DeviceInfo string      `json:"deviceInfo"`
			Network    NetworkType `json:"networkType"`
		} `json:"device"`
	}{plain: plain(p), Device: struct {
		Preset     string      `json:"preset"`
		Source     string      `json:"source"`
		JSON       string      `json:"json"`
		DeviceInfo string      `json:"deviceInfo"`
		Network    NetworkType `json:"networkType"`
	}{p.Device.Name, p.Device.Source, p.Device.JSON, p.Device.DeviceInfo(), p.Device.Network}})
}

// ClientPresets returns the public clients authdeck can reproduce, each
// call with its source. The slice is new on each call.
func ClientPresets() []ClientPreset {
	out := make([]ClientPreset, 0, len(clientTable))
	for _, row := range clientTable {
		d, ok := device.PresetByName(row.device)
		if !ok {
			panic("tokenclient: client preset " + row.name + " names no device preset " + row.device)
		}
		p := row.preset
		p.Name, p.Device = row.name, d
		out = append(out, p)
	}
	return out
}

// ClientPresetByName returns the client preset called name, and whether
// there is one.
func ClientPresetByName(name string) (ClientPreset, bool) {
	for _, p := range ClientPresets() {
		if p.Name == name {
			return p, true
		}
	}
	return ClientPreset{}, false
}

// ClientPresetNames lists the presets' names in order.
func ClientPresetNames() []string {
	var out []string
	for _, row := range clientTable {
		out = append(out, row.name)
	}
	return out
}
