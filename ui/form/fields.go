package form

import "github.com/authdeck/authdeck/tokenclient"

// Field identifies one row of the form, in display (and tab) order.
type Field int

// The form's fields in tab order.
const (
	Endpoint Field = iota
	ClientKey
	ClientSecret
	DeviceID
	DeviceModel
	DeviceVersion
	OSName
	OSVersion
	Network
	DeviceInfo
	UID
	UIDSignature
	SignatureTimestamp
	fieldCount
)

// Count is the number of fields.
const Count = int(fieldCount)

// fieldSpec is the static description of a field.
type fieldSpec struct {
	label       string
	json        string // the request's JSON name, for validation messages
	placeholder string
	section     string // heading shown above the field when it starts a section
}

var specs = [fieldCount]fieldSpec{
	Endpoint:           {label: "Endpoint", json: "endpoint", placeholder: tokenclient.DefaultBaseURL, section: "Client"},
	ClientKey:          {label: "Client key", json: "clientKey", placeholder: "client key"},
	ClientSecret:       {label: "Client secret", json: "clientSecret", placeholder: "client secret"},
	DeviceID:           {label: "Device id", json: "deviceId", placeholder: "a UUID (ctrl+g generates one)", section: "Device"},
	DeviceModel:        {label: "Model", json: "model", placeholder: "e.g. PC"},
	DeviceVersion:      {label: "Version", json: "version", placeholder: "e.g. 1.0"},
	OSName:             {label: "OS name", json: "osName", placeholder: "e.g. Windows"},
	OSVersion:          {label: "OS version", json: "osVersion", placeholder: "e.g. 10"},
	Network:            {label: "Network", json: "networkType"},
	DeviceInfo:         {label: "Device info", json: "deviceInfo", placeholder: "base64 of the device JSON"},
	UID:                {label: "UID", json: "uid", placeholder: "optional", section: "Refresh (optional)"},
	UIDSignature:       {label: "UID signature", json: "uidSignature", placeholder: "optional"},
	SignatureTimestamp: {label: "Signature time", json: "signatureTimestamp", placeholder: "optional, unix seconds"},
}

// Label is the field's label as shown on screen.
func (f Field) Label() string {
	if f < 0 || f >= fieldCount {
		return ""
	}
	return specs[f].label
}

// JSONName is the request's JSON name for the field ("endpoint" for the
// endpoint, which is not in the body).
func (f Field) JSONName() string {
	if f < 0 || f >= fieldCount {
		return ""
	}
	return specs[f].json
}

// isDevice reports whether f is one of the four device-info fields.
func (f Field) isDevice() bool { return f >= DeviceModel && f <= OSVersion }

// fieldForJSON maps a validation error's field name back to a form field.
func fieldForJSON(name string) (Field, bool) {
	for f := Field(0); f < fieldCount; f++ {
		if specs[f].json == name {
			return f, true
		}
	}
	return 0, false
}
