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
	var w jsonWriter
	w.buf.Grow(64 + len(i.Model) + len(i.Version) + len(i.OSName) + len(i.OSVersion))
	w.buf.WriteByte('{')
	for n, kv := range [4][2]string{
		{keyModel, i.Model}, {keyVersion, i.Version}, {keyOSName, i.OSName}, {keyOSVersion, i.OSVersion},
	} {
		if n > 0 {
			w.buf.WriteByte(',')
		}
		w.str(kv[0])
		w.buf.WriteByte(':')
		w.str(kv[1])
	}
	for _, f := range i.Extra {
		w.buf.WriteByte(',')
		w.str(f.Key)
		w.buf.WriteByte(':')
		w.raw(f.Value)
	}
	w.buf.WriteByte('}')
	return w.buf.Bytes()
}

// jsonWriter builds compact JSON text without HTML escaping.
type jsonWriter struct {
	buf bytes.Buffer
	enc *json.Encoder // made on first need
}

// str appends s as a JSON string. Plain printable ASCII needs no escaping
// and is copied; anything else goes through encoding/json (HTML escaping
// off) so the escaping is exactly what it does.
func (w *jsonWriter) str(s string) {
	if plainASCII(s) {
		w.buf.WriteByte('"')
		w.buf.WriteString(s)
		w.buf.WriteByte('"')
		return
	}
	if w.enc == nil {
		w.enc = json.NewEncoder(&w.buf)
		w.enc.SetEscapeHTML(false)
	}
	_ = w.enc.Encode(s)             // encoding a string into a bytes.Buffer cannot fail
	w.buf.Truncate(w.buf.Len() - 1) // Encode ends with a newline
}

// raw appends a raw JSON value compacted, or as a string if it is not JSON.
func (w *jsonWriter) raw(v json.RawMessage) {
	if len(v) > 0 && json.Valid(v) && json.Compact(&w.buf, v) == nil {
		return
	}
	w.str(string(v))
}

// plainASCII reports whether s is printable ASCII without '"' or '\\'.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// Encode returns the device info as the identity API expects it: standard,
// padded base64 of i.JSON().
func Encode(i Info) string {
	js := i.JSON()
	out := make([]byte, base64.StdEncoding.EncodedLen(len(js)))
	base64.StdEncoding.Encode(out, js)
	return string(out)
}
