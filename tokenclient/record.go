package tokenclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// Record is a registration code's keystore record as the poll reads it.
// Before activation it lacks the fields the device waits for. UIDSignature
// is a secret.
type Record struct {
	UID                string `json:"uid,omitempty"`
	UIDSignature       string `json:"uidSignature,omitempty"`
	SignatureTimestamp string `json:"signatureTimestamp,omitempty"`
	IDP                string `json:"idp,omitempty"`
	UserID             string `json:"userId,omitempty"`
	UUID               string `json:"uuid,omitempty"`
}

// Ready reports whether the record carries what a device waiting for idp
// needs: uid, uidSignature and signatureTimestamp for an NFL account,
// userId for a TV provider or partner. Anything else is "not yet".
func (r Record) Ready(idp IDP) bool {
	if idp == "" || idp == IDPNFL {
		return r.UID != "" && r.UIDSignature != "" && r.SignatureTimestamp != ""
	}
	return r.UserID != ""
}

// Partial says what a not-ready record has without what it lacks (e.g.
// "uid without uidSignature"), or "" when it has none of the fields.
func (r Record) Partial(idp IDP) string {
	if r.Ready(idp) {
		return ""
	}
	if idp == "" || idp == IDPNFL {
		have, lack := []string{}, []string{}
		for _, f := range []struct{ name, v string }{{"uid", r.UID}, {"uidSignature", r.UIDSignature}, {"signatureTimestamp", r.SignatureTimestamp}} {
			if f.v != "" {
				have = append(have, f.name)
			} else {
				lack = append(lack, f.name)
			}
		}
		if len(have) == 0 {
			return ""
		}
		return fmt.Sprintf("%s without %s", joinAnd(have), joinAnd(lack))
	}
	if r.UUID != "" || r.IDP != "" {
		return "idp/uuid without userId"
	}
	return ""
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := ""
	for i, v := range s {
		switch {
		case i == 0:
		case i == len(s)-1:
			out += " and "
		default:
			out += ", "
		}
		out += v
	}
	return out
}

// parseRegCode reads a regcode answer: {"regCode": "..."} with a
// non-empty code of visible ASCII (it goes into a URL path and on screen).
func parseRegCode(body []byte, contentType string) (string, string) {
	fields, reason := jsonObject(body, contentType, `{"regCode": "..."}`)
	if reason != "" {
		return "", reason
	}
	code, reason := stringField(fields, "regCode", true)
	if reason != "" {
		return "", reason
	}
	if len(code) > 64 {
		return "", "regCode is longer than 64 characters, which is not a registration code"
	}
	if p := tokenProblem("regCode", code); p != "" {
		return "", p
	}
	return code, ""
}

// parseRecord reads a keystore record. An empty body is an empty record.
// Fields of the wrong type are a reason, not silently dropped.
func parseRecord(body []byte, contentType string) (Record, string) {
	var r Record
	if len(bytes.TrimSpace(body)) == 0 {
		return r, ""
	}
	fields, reason := jsonObject(body, contentType, `{"uid": ..., "uidSignature": ..., "signatureTimestamp": ...}`)
	if reason != "" {
		return r, reason
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"uid", &r.UID}, {"uidSignature", &r.UIDSignature}, {"signatureTimestamp", &r.SignatureTimestamp},
		{"idp", &r.IDP}, {"userId", &r.UserID}, {"uuid", &r.UUID}} {
		raw, ok := fields[f.name]
		if !ok || string(raw) == "null" {
			continue
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			// Gigya hands out signatureTimestamp as a string; a number is
			// read as its digits.
			var n json.Number
			if f.name == "signatureTimestamp" && json.Unmarshal(raw, &n) == nil {
				s = n.String()
			} else {
				return Record{}, f.name + " is not a string"
			}
		}
		if p := tokenProblem(f.name, s); p != "" {
			return Record{}, p
		}
		*f.dst = s
	}
	return r, ""
}

// jsonObject reads a body that must be one JSON object without duplicate
// keys; want shows the expected shape in the reason.
func jsonObject(body []byte, contentType, want string) (map[string]json.RawMessage, string) {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return nil, "the body is empty; expected " + want
	case looksHTML(body, contentType):
		return nil, "the body is an HTML page, not JSON: the endpoint is probably a website or a proxy page"
	case !json.Valid(trimmed):
		return nil, "the body is not JSON; expected " + want
	}
	fields, dup := objectFields(trimmed)
	if dup != "" {
		return nil, fmt.Sprintf("the key %s appears more than once in the body", quoteShort(dup))
	}
	if fields == nil {
		return nil, "the body is JSON but not an object; expected " + want
	}
	return fields, ""
}

// partnerFields are the refresh fields each partner's values go in: the
// uuid field and the user id field (EPlusTV's names).
var partnerFields = map[IDP][2]string{
	IDPAmazon:  {"amazonPrimeUUID", "amazonPrimeUserId"},
	IDPPeacock: {"peacockUUID", "peacockUserId"},
	IDPYouTube: {"youTubeUUID", "youTubeUserId"},
}

// ActivatedFields are the extra refresh fields an activated record gives
// a device that waited for idp: mvpdIdp, mvpdUUID and mvpdUserId for a TV
// provider; amazonPrime*, peacock* or youTube* for a partner; none for an
// NFL account (its values are uid, uidSignature and signatureTimestamp).
func ActivatedFields(idp IDP, r Record) []Field {
	str := func(s string) json.RawMessage { return marshalBody(s) }
	switch idp {
	case IDPTVProvider:
		mvpd := r.IDP
		if mvpd == "" {
			mvpd = string(IDPTVProvider)
		}
		return []Field{{Name: "mvpdIdp", Value: str(mvpd)}, {Name: "mvpdUUID", Value: str(r.UUID)}, {Name: "mvpdUserId", Value: str(r.UserID)}}
	case IDPAmazon, IDPPeacock, IDPYouTube:
		names := partnerFields[idp]
		return []Field{{Name: names[0], Value: str(r.UUID)}, {Name: names[1], Value: str(r.UserID)}}
	}
	return nil
}

// ActivatedNames are the extra field names ActivatedFields may set, for
// any provider: a new activation replaces them all.
func ActivatedNames() []string {
	names := []string{"mvpdIdp", "mvpdUUID", "mvpdUserId"}
	for _, idp := range []IDP{IDPAmazon, IDPPeacock, IDPYouTube} {
		n := partnerFields[idp]
		names = append(names, n[0], n[1])
	}
	return names
}

// WithActivation returns req signed in with an activated record: uid,
// uidSignature and signatureTimestamp for an NFL account (its partner
// fields removed), or the provider's fields (replacing any earlier
// activation's, and the uid fields cleared).
func WithActivation(req TokenRequest, idp IDP, r Record) TokenRequest {
	names := ActivatedNames()
	req.Fields = slices.DeleteFunc(slices.Clone(req.Fields), func(f Field) bool { return slices.Contains(names, f.Name) })
	if idp == "" || idp == IDPNFL {
		req.UID, req.UIDSignature, req.SignatureTimestamp = r.UID, r.UIDSignature, r.SignatureTimestamp
		return req
	}
	req.UID, req.UIDSignature, req.SignatureTimestamp = "", "", ""
	req.Fields = append(req.Fields, ActivatedFields(idp, r)...)
	return req
}
