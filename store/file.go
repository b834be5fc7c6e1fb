package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/parts"
)

// formatVersion is the version of profiles.json this code writes.
const formatVersion = 2

// fileDoc is profiles.json (and the export format, which adds secrets).
type fileDoc struct {
	Version  int           `json:"version"`
	Profiles []profileJSON `json:"profiles"`
}

// profileJSON is one profile as stored; the key order is the file's.
type profileJSON struct {
	Name             string             `json:"name"`
	Endpoint         string             `json:"endpoint"`
	ClientKey        string             `json:"clientKey"`
	DeviceID         string             `json:"deviceId"`
	DeviceInfo       deviceInfoJSON     `json:"deviceInfo"`
	DeviceInfoBase64 string             `json:"deviceInfoBase64,omitempty"`
	NetworkType      device.NetworkType `json:"networkType,omitempty"`
	Note             string             `json:"note,omitempty"`
	UID              string             `json:"uid,omitempty"`
	Fields           []parts.Field      `json:"fields,omitempty"`
	Headers          []parts.Header     `json:"headers,omitempty"`
	UserAgent        string             `json:"userAgent,omitempty"`
	Encoding         parts.Encoding     `json:"encoding,omitempty"`
	JSONStyle        parts.JSONStyle    `json:"jsonStyle,omitempty"`
	Order            []string           `json:"order,omitempty"`
	RefreshOrder     []string           `json:"refreshOrder,omitempty"`
	SecretStore      SecretStore        `json:"secretStore,omitempty"`
	SecretRef        string             `json:"secretRef,omitempty"`
	InsecureHTTP     bool               `json:"insecureHttp,omitempty"`
	Created          time.Time          `json:"created"`
	Updated          time.Time          `json:"updated"`
	Secrets          *secretsJSON       `json:"secrets,omitempty"` // export only
}

// secretsJSON is one profile's secrets in secrets.json and in an export.
type secretsJSON struct {
	ClientSecret       string `json:"clientSecret"`
	AccessToken        string `json:"accessToken"`
	RefreshToken       string `json:"refreshToken"`
	UIDSignature       string `json:"uidSignature,omitempty"`
	SignatureTimestamp string `json:"signatureTimestamp,omitempty"`
}

func toJSON(p *Profile, sec *Secrets) profileJSON {
	j := profileJSON{
		Name: p.Name, Endpoint: p.Endpoint, ClientKey: p.ClientKey, DeviceID: p.DeviceID,
		DeviceInfo: deviceInfoJSON{info: p.DeviceInfo}, NetworkType: p.NetworkType, Note: p.Note, UID: p.UID,
		Fields: p.Fields, Headers: p.Headers, UserAgent: p.UserAgent, Encoding: p.Encoding,
		JSONStyle: p.JSONStyle, Order: p.Order, RefreshOrder: p.RefreshOrder,
		SecretStore: p.SecretStore, Created: p.Created.UTC(), Updated: p.Updated.UTC(), InsecureHTTP: p.insecureHTTP,
	}
	if sec == nil { // an export carries the secrets themselves, not where they are kept
		j.SecretRef = p.secretRef
	}
	if p.DeviceInfoVerbatim() {
		j.DeviceInfoBase64 = p.deviceInfoRaw
	}
	if sec != nil {
		s := secretsJSON(*sec)
		j.Secrets = &s
	}
	return j
}

func fromJSON(j *profileJSON) (Profile, *Secrets, error) {
	p := Profile{
		Name: j.Name, Endpoint: j.Endpoint, ClientKey: j.ClientKey, DeviceID: j.DeviceID,
		NetworkType: j.NetworkType, Note: j.Note, UID: j.UID, Fields: j.Fields, Headers: j.Headers,
		UserAgent: j.UserAgent, Encoding: j.Encoding, JSONStyle: j.JSONStyle, Order: j.Order, RefreshOrder: j.RefreshOrder,
		SecretStore: j.SecretStore,
		Created:     j.Created, Updated: j.Updated, secretRef: j.SecretRef, insecureHTTP: j.InsecureHTTP,
	}
	if j.SecretRef != "" {
		if err := validRef(j.SecretRef); err != nil {
			return p, nil, fmt.Errorf("profile %q: secretRef: %v", j.Name, err)
		}
	}
	for i, f := range p.Fields { // the file holds them indented
		c, err := compactJSON(f.Value)
		if err != nil {
			return p, nil, fmt.Errorf("profile %q: fields[%d] is not a JSON value", j.Name, i)
		}
		p.Fields[i].Value = c
	}
	if err := validateStyleAndOrder(&p); err != nil {
		return p, nil, err
	}
	if j.DeviceInfo.err != nil {
		return p, nil, fmt.Errorf("profile %q: deviceInfo: %v", j.Name, j.DeviceInfo.err)
	}
	p.DeviceInfo = j.DeviceInfo.info
	if j.DeviceInfoBase64 != "" {
		info, err := device.Decode(j.DeviceInfoBase64)
		if err != nil {
			return p, nil, fmt.Errorf("profile %q: deviceInfoBase64: %v", j.Name, err)
		}
		if !infoEqual(info, p.DeviceInfo) {
			return p, nil, fmt.Errorf("profile %q: deviceInfoBase64 does not decode to deviceInfo; remove one of them", j.Name)
		}
		p.deviceInfoRaw = j.DeviceInfoBase64
	}
	var sec *Secrets
	if j.Secrets != nil {
		s := Secrets(*j.Secrets)
		sec = &s
	}
	return p, sec, nil
}

// encodeProfiles renders profiles (sorted by name) as a version 2 document:
// two-space indentation, keys in a fixed order, one profile after another.
// secrets, when not nil, is parallel to profiles (export).
func encodeProfiles(profiles []Profile, secrets []*Secrets) ([]byte, error) {
	doc := fileDoc{Version: formatVersion, Profiles: make([]profileJSON, len(profiles))}
	for i := range profiles {
		var sec *Secrets
		if secrets != nil {
			sec = secrets[i]
		}
		doc.Profiles[i] = toJSON(&profiles[i], sec)
	}
	var b bytes.Buffer
	b.Grow(512 * (len(profiles) + 1))
	if err := jsonv2.MarshalWrite(&b, &doc, jsontext.WithIndent("  "), jsontext.EscapeForHTML(false), jsontext.PreserveRawStrings(true)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// decodeProfiles reads a version 2 document strictly: not UTF-8, not JSON,
// trailing data, unknown or duplicate keys, wrong types, a missing or other
// version, or two profiles with one name are errors with a line and column
// (*formatError). withSecrets allows "secrets" objects (import).
func decodeProfiles(data []byte, withSecrets bool) ([]Profile, []*Secrets, error) {
	if err := precheck(data); err != nil {
		return nil, nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, nil
	}
	if peekVersion(data) == 1 {
		return nil, nil, errVersion1
	}
	// Size the slice once: the decoder appends into its capacity, and
	// growing a slice of large structs by doubling copied most of a 10 000
	// profile decode. "name" also names extra fields, so this is an upper
	// bound, which is all a capacity needs.
	doc := fileDoc{Profiles: make([]profileJSON, 0, bytes.Count(data, []byte(`"name"`)))}
	if err := strictUnmarshal(data, &doc); err != nil {
		return nil, nil, err
	}
	switch {
	case doc.Version == 0:
		return nil, nil, &formatError{msg: `"version" is missing (expected 2)`}
	case doc.Version == 1:
		return nil, nil, errVersion1
	case doc.Version != formatVersion:
		return nil, nil, &formatError{msg: fmt.Sprintf(`"version" is %d; this authdeck reads version %d (a newer authdeck wrote this file: upgrade)`, doc.Version, formatVersion)}
	}
	profiles := make([]Profile, len(doc.Profiles))
	secrets := make([]*Secrets, len(doc.Profiles))
	seen := make(map[string]bool, len(doc.Profiles))
	for i := range doc.Profiles {
		j := &doc.Profiles[i]
		if j.Secrets != nil && !withSecrets {
			return nil, nil, keyError(data, "secrets", i, `unknown key "secrets" (secrets are never kept in profiles.json)`)
		}
		if err := ValidateName(j.Name); err != nil {
			return nil, nil, keyError(data, "name", i, err.Error())
		}
		if seen[j.Name] {
			return nil, nil, keyError(data, "name", i, fmt.Sprintf("two profiles are named %q", j.Name))
		}
		seen[j.Name] = true
		p, sec, err := fromJSON(j)
		if err != nil {
			return nil, nil, keyError(data, "name", i, err.Error())
		}
		profiles[i], secrets[i] = p, sec
	}
	return profiles, secrets, nil
}

// peekVersion returns the document's "version" (0 when it has none or does
// not parse); cheap when "version" is the first key, as written.
func peekVersion(data []byte) int {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0
	}
	if tok, err := dec.Token(); err == nil && tok == "version" {
		var v int
		if dec.Decode(&v) == nil {
			return v
		}
		return 0
	}
	var doc struct {
		Version int `json:"version"`
	}
	if json.Unmarshal(data, &doc) != nil {
		return 0
	}
	return doc.Version
}

// errVersion1 marks a file in the old format; Open's migration handles it.
var errVersion1 = &formatError{msg: `"version" is 1, the old format; it is migrated on the next write (run any authdeck profiles command)`}

// deviceInfoJSON is a profile's deviceInfo in the file: the four standard
// keys, then the extra ones in order. It is written and read as tokens,
// without an intermediate raw value.
type deviceInfoJSON struct {
	info device.Info
	err  error // a problem inside the object, reported with the profile's name
}

// MarshalJSONTo writes the object.
func (d *deviceInfoJSON) MarshalJSONTo(enc *jsontext.Encoder) error {
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return err
	}
	for _, kv := range [...][2]string{{"model", d.info.Model}, {"version", d.info.Version}, {"osName", d.info.OSName}, {"osVersion", d.info.OSVersion}} {
		if err := enc.WriteToken(jsontext.String(kv[0])); err != nil {
			return err
		}
		if err := enc.WriteToken(jsontext.String(kv[1])); err != nil {
			return err
		}
	}
	for _, x := range d.info.Extra {
		if err := enc.WriteToken(jsontext.String(x.Key)); err != nil {
			return err
		}
		if err := enc.WriteValue(jsontext.Value(x.Value)); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndObject)
}

// UnmarshalJSONFrom reads the object (null is the zero device info).
func (d *deviceInfoJSON) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	val, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if val.Kind() == 'n' {
		return nil
	}
	d.info, d.err = parseDeviceInfo(val)
	return nil
}

// parseDeviceInfo reads a deviceInfo object as device.ParseJSON does (the
// four standard keys are strings and required; other keys kept in order,
// compact), with one pass of the json v2 tokenizer.
func parseDeviceInfo(raw []byte) (device.Info, error) {
	// Fast path for the usual object: the four keys and nothing else.
	var std struct {
		Model     *string `json:"model"`
		Version   *string `json:"version"`
		OSName    *string `json:"osName"`
		OSVersion *string `json:"osVersion"`
	}
	if jsonv2.Unmarshal(raw, &std, jsonv2.RejectUnknownMembers(true)) == nil &&
		std.Model != nil && std.Version != nil && std.OSName != nil && std.OSVersion != nil {
		return device.Info{Model: *std.Model, Version: *std.Version, OSName: *std.OSName, OSVersion: *std.OSVersion}, nil
	}
	var info device.Info
	dec := jsontext.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return info, device.ErrNotObject
	}
	seen := 0
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return info, err
		}
		key := tok.String() // before the next read voids tok
		val, err := dec.ReadValue()
		if err != nil {
			return info, err
		}
		var dst *string
		var bit int
		switch key {
		case "model":
			dst, bit = &info.Model, 1
		case "version":
			dst, bit = &info.Version, 2
		case "osName":
			dst, bit = &info.OSName, 4
		case "osVersion":
			dst, bit = &info.OSVersion, 8
		default:
			var b bytes.Buffer
			if err := json.Compact(&b, val); err != nil {
				return info, err
			}
			info.Extra = append(info.Extra, device.ExtraField{Key: key, Value: b.Bytes()})
			continue
		}
		if val.Kind() != '"' {
			return info, &device.KeyTypeError{Key: key, Kind: kindName(val.Kind())}
		}
		if err := jsonv2.Unmarshal(val, dst); err != nil {
			return info, err
		}
		seen |= bit
	}
	for i, k := range []string{"model", "version", "osName", "osVersion"} {
		if seen&(1<<i) == 0 {
			return info, &device.MissingKeyError{Key: k}
		}
	}
	return info, nil
}

func kindName(k jsontext.Kind) string {
	switch k {
	case '0':
		return "number"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	}
	return "null"
}

// keyError places a problem at the key of the i-th profile.
func keyError(data []byte, key string, i int, msg string) error {
	return &formatError{offset: findProfileKey(data, key, i), msg: msg}
}

// findProfileKey returns the offset of key in the i-th element of
// "profiles" (-1 when not found), by walking tokens.
func findProfileKey(data []byte, key string, i int) int64 {
	dec := json.NewDecoder(bytes.NewReader(data))
	depth, elem := 0, -1
	inProfiles := false
	expectKey := false
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return -1
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				depth++
				if inProfiles && depth == 3 && v == '{' {
					elem++
				}
				expectKey = v == '{'
			} else {
				depth--
				if depth == 1 {
					inProfiles = false
				}
				expectKey = true
			}
			if depth == 2 && v == '[' && !inProfiles {
				inProfiles = true
			}
			continue
		case string:
			if depth == 3 && inProfiles && elem == i && expectKey && v == key {
				return skipSep(data, off)
			}
			if depth == 1 && expectKey && v == "profiles" {
				expectKey = false
				continue
			}
		}
		expectKey = !expectKey && (depth == 1 || depth == 3)
	}
}

func skipSep(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(", \t\r\n:", data[off]) >= 0 {
		off++
	}
	return off
}
