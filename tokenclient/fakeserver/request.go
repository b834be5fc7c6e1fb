package fakeserver

import (
	"bytes"
	"encoding/json"
	"errors"
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

// parseRequest checks that body is a JSON object whose required fields are
// present, strings and non-empty, in contract order, and whose optional
// fields, when present, are strings. Unknown fields are ignored.
func parseRequest(body []byte, refresh bool) (*wireRequest, *apiError) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, badRequest("", "body is empty; send a JSON object with clientKey, clientSecret, deviceId, deviceInfo and networkType")
	}
	if trimmed[0] != '{' {
		return nil, badRequest("", "body must be a JSON object")
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
	req := &wireRequest{refresh: refresh}
	required := issueFields
	if refresh {
		required = refreshFields
	}
	for _, f := range required {
		v, present := raw[f.name]
		if !present || string(v) == "null" {
			return nil, badRequest(f.name, f.name+" is required")
		}
		if apiErr := decodeString(f, v, req); apiErr != nil {
			return nil, apiErr
		}
		if *f.dst(req) == "" {
			return nil, badRequest(f.name, f.name+" must not be empty")
		}
	}
	if refresh {
		for _, f := range optionalFields {
			if v, present := raw[f.name]; present && string(v) != "null" {
				if apiErr := decodeString(f, v, req); apiErr != nil {
					return nil, apiErr
				}
			}
		}
		if req.UIDSignature != "" {
			if req.UID == "" {
				return nil, badRequest("uid", "uid is required when uidSignature is given")
			}
			if req.SignatureTimestamp == "" {
				return nil, badRequest("signatureTimestamp", "signatureTimestamp is required when uidSignature is given")
			}
		}
	}
	return req, nil
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
