package device

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// EncodeJSON is the deviceInfo for a device info JSON object kept as
// given: checked like ParseJSON, white space between tokens removed, keys
// in the order given and strings escaped as given, then standard padded
// base64. A client's own JSON (an Android app puts model tenth) so comes
// out as the same base64 the client sends, which Encode (standard keys
// first) would not give.
func EncodeJSON(data []byte) (string, error) {
	if _, err := ParseJSON(data); err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		return "", err // ParseJSON accepted it, so it is valid JSON
	}
	return base64.StdEncoding.EncodeToString(b.Bytes()), nil
}

// DecodeJSON is the JSON inside a deviceInfo, checked like Decode and
// compacted, keys in the order they were sent: the inverse of EncodeJSON.
func DecodeJSON(s string) ([]byte, error) {
	if _, err := Decode(s); err != nil {
		return nil, err
	}
	raw, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(s)) // Decode checked it
	var b bytes.Buffer
	_ = json.Compact(&b, raw) // and that it is JSON
	return b.Bytes(), nil
}
