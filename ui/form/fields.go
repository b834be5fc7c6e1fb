package form

import "github.com/authdeck/authdeck/tokenclient"

// Field identifies one fixed row of the form, in display (and tab) order.
// The editable rows of the "Extra body fields" and "Headers" sections come
// after the fixed ones; Focused reports FieldRow or HeaderRow for them.
type Field int

// The form's fixed fields in tab order.
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
	UserAgent
	Encoding
	fieldCount
)

// What Focused reports on a row of the two lists.
const (
	// FieldRow is any row of the "Extra body fields" section.
	FieldRow Field = fieldCount + iota
	// HeaderRow is any row of the "Headers" section.
	HeaderRow
)

// Count is the number of fixed fields.
const Count = int(fieldCount)

// fieldSpec is the static description of a field.
type fieldSpec struct {
	label       string
	json        string // the request's JSON name, for validation messages
	placeholder string
	section     string // heading shown above the field when it starts a section
}

// Section headings.
const (
	sectionSignedIn = "Signed in (sent on issue and refresh)"
	sectionFields   = "Extra body fields"
	sectionHeaders  = "Headers"
)

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
	UID:                {label: "UID", json: "uid", placeholder: "optional: the signed-in user's UID", section: sectionSignedIn},
	UIDSignature:       {label: "UID signature", json: "uidSignature", placeholder: "optional (F6 signs)"},
	SignatureTimestamp: {label: "Signature time", json: "signatureTimestamp", placeholder: "optional, unix seconds"},
	UserAgent:          {label: "User-Agent", json: "userAgent", placeholder: "optional: authdeck's by default", section: "Request"},
	Encoding:           {label: "Body encoding", json: "encoding"},
}

// List row placeholders: one rule, the CLI's --field and --header.
const (
	fieldPlaceholder  = "name = text   or   name := json"
	headerPlaceholder = "Name: value"
)

// Label is the field's label as shown on screen.
func (f Field) Label() string {
	switch {
	case f == FieldRow:
		return "Field"
	case f == HeaderRow:
		return "Header"
	case f < 0 || f >= fieldCount:
		return ""
	}
	return specs[f].label
}

// JSONName is the request's JSON name for the field ("endpoint" for the
// endpoint, which is not in the body; "fields" and "headers" for the rows).
func (f Field) JSONName() string {
	switch {
	case f == FieldRow:
		return "fields"
	case f == HeaderRow:
		return "headers"
	case f < 0 || f >= fieldCount:
		return ""
	}
	return specs[f].json
}

// isDevice reports whether f is one of the four device-info fields.
func (f Field) isDevice() bool { return f >= DeviceModel && f <= OSVersion }

// isPicker reports whether f is chosen with ←/→ rather than typed.
func (f Field) isPicker() bool { return f == Network || f == Encoding }

// isMasked reports whether f holds a secret shown masked until revealed.
func (f Field) isMasked() bool { return f == ClientSecret || f == UIDSignature }

// fieldForJSON maps a validation error's field name back to a form field.
func fieldForJSON(name string) (Field, bool) {
	for f := Field(0); f < fieldCount; f++ {
		if specs[f].json == name {
			return f, true
		}
	}
	return 0, false
}
