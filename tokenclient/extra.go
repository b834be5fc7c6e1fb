package tokenclient

import "github.com/authdeck/authdeck/tokenclient/parts"

// Field is one extra body field a client sends beside the standard ones
// (peacockUUID, mvpdIdp, ...); see parts.Field.
type Field = parts.Field

// Header is one extra request header, sent in order after the standard
// ones; see parts.Header.
type Header = parts.Header

// Encoding is how a request body is encoded on the wire; see
// parts.Encoding.
type Encoding = parts.Encoding

// The body encodings: JSON is the default and what the contract documents;
// Form (application/x-www-form-urlencoded) is what some scripts send.
const (
	EncodingJSON = parts.EncodingJSON
	EncodingForm = parts.EncodingForm
)

// JSONStyle is how a JSON body is spaced on the wire; see
// parts.JSONStyle.
type JSONStyle = parts.JSONStyle

// The JSON styles: compact and Python's json.dumps default; see
// parts.JSONCompact.
const (
	JSONCompact = parts.JSONCompact
	JSONPython  = parts.JSONPython
)
