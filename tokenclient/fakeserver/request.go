package fakeserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/authdeck/authdeck/tokenclient/device"
)

// wireRequest is a request body as the contract names its fields. The server
// decodes into its own type rather than tokenclient's so that a wrong JSON
// name on the client side shows up as a failing request in tests.
type wireRequest struct {
	refresh bool

	ClientKey          string
	ClientSecret       string
	DeviceID           string
	DeviceInfo         string
	NetworkType        string
	RefreshToken       string
	SignatureTimestamp string
	UID                string
	UIDSignature       string
	// PartnerIDP and PartnerUserID are a partner or TV provider refresh's
	// identity (mvpdUserId, amazonPrimeUserId, peacockUserId,
	// youTubeUserId), used to find the account.
	PartnerIDP    string
	PartnerUserID string
}

// partnerUserFields map the refresh fields that carry a partner user id
// to the partner.
var partnerUserFields = []struct{ name, idp string }{
	{"mvpdUserId", "TV_PROVIDER"},
	{"amazonPrimeUserId", "AMAZON"},
	{"peacockUserId", "PEACOCK"},
	{"youTubeUserId", "YOUTUBE"},
}

// field ties a JSON name to where its value goes.
type field struct {
	name string
	dst  func(*wireRequest) *string
}

var (
	issueFields = []field{
		{"clientKey", func(r *wireRequest) *string { return &r.ClientKey }},
		{"clientSecret", func(r *wireRequest) *string { return &r.ClientSecret }},
		{"deviceId", func(r *wireRequest) *string { return &r.DeviceID }},
		{"deviceInfo", func(r *wireRequest) *string { return &r.DeviceInfo }},
		{"networkType", func(r *wireRequest) *string { return &r.NetworkType }},
	}
	refreshFields = append(issueFields[:len(issueFields):len(issueFields)],
		field{"refreshToken", func(r *wireRequest) *string { return &r.RefreshToken }})
	optionalFields = []field{
		{"signatureTimestamp", func(r *wireRequest) *string { return &r.SignatureTimestamp }},
		{"uid", func(r *wireRequest) *string { return &r.UID }},
		{"uidSignature", func(r *wireRequest) *string { return &r.UIDSignature }},
	}
)

// maxIgnoredLogged is how many ignored field names one request logs.
const maxIgnoredLogged = 16

// formMediaType is the Content-Type of a form-encoded body.
const formMediaType = "application/x-www-form-urlencoded"

// isForm reports whether a Content-Type says the body is form-encoded.
// Anything else (JSON, or no type at all) is read as JSON.
func isForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == formMediaType
}

// parseRequest reads a JSON object or, when form is set, a form-encoded
// body, and checks that its required fields are present, strings and
// non-empty, in contract order, and its optional fields (uid,
// uidSignature, signatureTimestamp, on both endpoints), when present, are
// strings. Unknown fields are ignored; their names (never their values)
// are returned for the log, sorted.
func parseRequest(body []byte, refresh, form bool) (*wireRequest, []string, *apiError) {
	raw, apiErr := bodyFields(body, form)
	if apiErr != nil {
		return nil, nil, apiErr
	}
	req := &wireRequest{refresh: refresh}
	required := issueFields
	if refresh {
		required = refreshFields
	}
	known := map[string]bool{}
	for _, f := range required {
		known[f.name] = true
		v, present := raw[f.name]
		if !present || string(v) == "null" {
			return nil, nil, badRequest(f.name, f.name+" is required")
		}
		if apiErr := decodeString(f, v, req); apiErr != nil {
			return nil, nil, apiErr
		}
		if *f.dst(req) == "" {
			return nil, nil, badRequest(f.name, f.name+" must not be empty")
		}
	}
	for _, f := range optionalFields {
		known[f.name] = true
		if v, present := raw[f.name]; present && string(v) != "null" {
			if apiErr := decodeString(f, v, req); apiErr != nil {
				return nil, nil, apiErr
			}
		}
	}
	if req.UIDSignature != "" {
		if req.UID == "" {
			return nil, nil, badRequest("uid", "uid is required when uidSignature is given")
		}
		if req.SignatureTimestamp == "" {
			return nil, nil, badRequest("signatureTimestamp", "signatureTimestamp is required when uidSignature is given")
		}
	}
	for _, f := range partnerUserFields {
		var v string
		if rv, present := raw[f.name]; present && json.Unmarshal(rv, &v) == nil && v != "" && req.PartnerUserID == "" {
			known[f.name] = true
			req.PartnerIDP, req.PartnerUserID = f.idp, v
		}
	}
	var ignored []string
	for name := range raw {
		if !known[name] {
			ignored = append(ignored, name)
		}
	}
	slices.Sort(ignored)
	if len(ignored) > maxIgnoredLogged {
		ignored = append(ignored[:maxIgnoredLogged], "…")
	}
	for i, n := range ignored {
		ignored[i] = clip(n, 64)
	}
	return req, ignored, nil
}

// bodyFields splits a body into its top-level fields. Form values become
// JSON strings, so both encodings go through the same checks.
func bodyFields(body []byte, form bool) (map[string]json.RawMessage, *apiError) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, badRequest("", "body is empty; send a JSON object (or a form) with clientKey, clientSecret, deviceId, deviceInfo and networkType")
	}
	if form {
		vals, err := url.ParseQuery(string(trimmed))
		if err != nil {
			// The parse error quotes the bad escape, which may be part
			// of the secret, so it is not repeated.
			return nil, badRequest("", "body is not a valid form (application/x-www-form-urlencoded): check the % escapes")
		}
		raw := make(map[string]json.RawMessage, len(vals))
		for k, vs := range vals {
			if len(vs) > 1 {
				return nil, badRequest(k, "a field is given more than once in the form; send each field once")
			}
			b, _ := json.Marshal(vs[0]) // a string always encodes
			raw[k] = b
		}
		return raw, nil
	}
	if trimmed[0] != '{' {
		return nil, badRequest("", "body must be a JSON object (or send Content-Type "+formMediaType+" with a form)")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &raw); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			// The syntax error's own text quotes a character of the body,
			// which may belong to the secret, so only the offset is given.
			return nil, badRequest("", "body is not valid JSON (syntax error at byte "+strconv.FormatInt(syn.Offset, 10)+")")
		}
		return nil, badRequest("", "body must be a JSON object")
	}
	return raw, nil
}

func decodeString(f field, v json.RawMessage, req *wireRequest) *apiError {
	if len(v) == 0 || v[0] != '"' || json.Unmarshal(v, f.dst(req)) != nil {
		return badRequest(f.name, f.name+" must be a JSON string")
	}
	return nil
}

// validate checks the field formats, in the order the package doc lists.
func (r *wireRequest) validate() *apiError {
	if !device.NetworkType(r.NetworkType).Valid() {
		names := make([]string, len(device.NetworkTypes))
		for i, t := range device.NetworkTypes {
			names[i] = string(t)
		}
		return badRequest("networkType", "networkType must be one of "+strings.Join(names, ", "))
	}
	if _, err := device.Decode(r.DeviceInfo); err != nil &&
		(errors.Is(err, device.ErrNotBase64) || errors.Is(err, device.ErrNotJSON) || errors.Is(err, device.ErrNotObject)) {
		return badRequest("deviceInfo", "deviceInfo must be standard padded base64 of a JSON object: "+err.Error())
	}
	if !isUUID(r.DeviceID) {
		return badRequest("deviceId", "deviceId must be a UUID like 3cfdef35-c7fe-4f2d-8630-1ec72f52b44d")
	}
	if r.SignatureTimestamp != "" {
		if _, err := strconv.ParseInt(r.SignatureTimestamp, 10, 64); err != nil {
			return badRequest("signatureTimestamp", "signatureTimestamp must be unix time in whole seconds, e.g. 1758729047")
		}
	}
	return nil
}

// isUUID reports whether s is a UUID in the 36-character 8-4-4-4-12 form.
// (uuid.Parse also accepts braces, urn:uuid: and 32 bare hex digits, which
// the contract's "format: uuid" does not.)
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
