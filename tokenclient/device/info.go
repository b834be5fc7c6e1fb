// Package device describes the machine a token request comes from: the device
// info the identity API expects (model, version, osName, osVersion), its
// base64 encoding, and the network type of the default route.
package device

import "encoding/json"

// Info is the device description carried, base64-encoded, in a token request.
// The four named keys are always sent, in the order model, version, osName,
// osVersion; Extra holds any further keys, in the order they were given.
type Info struct {
	Model     string
	Version   string
	OSName    string
	OSVersion string
	Extra     []ExtraField
}

// ExtraField is one key beyond the four standard ones, with its raw JSON value
// kept as given so that a decode → encode round trip is byte-for-byte.
type ExtraField struct {
	Key   string
	Value json.RawMessage
}

// NetworkType is the kind of network connection the request reports. The
// identity API accepts exactly the four values below.
type NetworkType string

// The network types accepted by the identity API.
const (
	NetworkOther    NetworkType = "other"
	NetworkWifi     NetworkType = "wifi"
	NetworkCellular NetworkType = "cellular"
	NetworkEthernet NetworkType = "ethernet"
)

// NetworkTypes lists every accepted network type, in the order a picker shows them.
var NetworkTypes = []NetworkType{NetworkOther, NetworkWifi, NetworkCellular, NetworkEthernet}

// Valid reports whether t is one of the accepted network types.
func (t NetworkType) Valid() bool {
	switch t {
	case NetworkOther, NetworkWifi, NetworkCellular, NetworkEthernet:
		return true
	}
	return false
}
