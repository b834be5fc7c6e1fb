package device

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
)

// The four standard keys, in the order public clients send them.
const (
	keyModel     = "model"
	keyVersion   = "version"
	keyOSName    = "osName"
	keyOSVersion = "osVersion"
)

// standardKeys lists the four keys every device info carries, in wire order.
var standardKeys = [4]string{keyModel, keyVersion, keyOSName, keyOSVersion}

// JSON returns the compact JSON object for i: the keys model, version, osName
// and osVersion first, then each Extra field in order. Strings are written as
// public clients write them: <, > and & stay literal. An Extra value that is
// not valid JSON (only possible when built by hand) is written as a JSON
// string holding its text, so the output is always valid JSON.
func (i Info) JSON() []byte {
	var buf bytes.Buffer
	buf.Grow(64 + len(i.Model) + len(i.Version) + len(i.OSName) + len(i.OSVersion))
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for n, kv := range [4][2]string{
		{keyModel, i.Model}, {keyVersion, i.Version}, {keyOSName, i.OSName}, {keyOSVersion, i.OSVersion},
	} {
		if n > 0 {
			buf.WriteByte(',')
		}
		writeString(&buf, enc, kv[0])
		buf.WriteByte(':')
		writeString(&buf, enc, kv[1])
	}
	for _, f := range i.Extra {
		buf.WriteByte(',')
		writeString(&buf, enc, f.Key)
		buf.WriteByte(':')
		writeRaw(&buf, enc, f.Value)
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

// writeString appends s as a JSON string without HTML escaping.
func writeString(buf *bytes.Buffer, enc *json.Encoder, s string) {
	_ = enc.Encode(s) // encoding a string into a bytes.Buffer cannot fail
	buf.Truncate(buf.Len() - 1)
}

// writeRaw appends a raw JSON value compacted, or as a string if it is not JSON.
func writeRaw(buf *bytes.Buffer, enc *json.Encoder, v json.RawMessage) {
	if len(v) > 0 && json.Valid(v) {
		if json.Compact(buf, v) == nil {
			return
		}
	}
	writeString(buf, enc, string(v))
}

// Encode returns the device info as the identity API expects it: standard,
// padded base64 of i.JSON().
func Encode(i Info) string {
	return base64.StdEncoding.EncodeToString(i.JSON())
}
