package tokenclient

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/authdeck/authdeck/tokenclient/device"
)

// exampleDeviceID is the UUID shown in messages about deviceId.
const exampleDeviceID = "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d"

// Validate checks every field of an issue request (the standard fields,
// the signed-in user's uid fields, extra fields, headers, user agent and
// encoding) and reports all problems together as a *ValidationError, or
// returns nil. A message never shows a secret value (client secret, uid
// signature) even where it was typed into another field: MaskValues hides it.
func (r TokenRequest) Validate() error {
	return problemsError(maskProblems(r.problems(), r.ClientSecret, r.UIDSignature))
}

// Validate checks every field of a refresh request (the issue fields plus
// refreshToken) and reports all problems together as a *ValidationError, or
// returns nil. A signed-in refresh may send uid alone; a uidSignature needs
// its signatureTimestamp and uid. Secret values are masked as by
// TokenRequest.Validate, the refresh token too.
func (r RefreshRequest) Validate() error {
	return problemsError(maskProblems(r.problems(), r.ClientSecret, r.UIDSignature, r.RefreshToken))
}

// maskProblems masks secrets in every message of p (MaskValues).
func maskProblems(p []FieldError, secrets ...string) []FieldError {
	for i := range p {
		p[i].Message = MaskValues(p[i].Message, secrets...)
	}
	return p
}

func (r RefreshRequest) problems() []FieldError {
	p := r.TokenRequest.standardProblems()
	p = appendIf(p, "refreshToken", credentialProblem(r.RefreshToken, "the refresh token from the last issue or refresh"))
	p = append(p, r.signatureProblems()...)
	return append(p, r.shapeProblems()...)
}

func problemsError(p []FieldError) error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Problems: p}
}

func appendIf(p []FieldError, field, msg string) []FieldError {
	if msg == "" {
		return p
	}
	return append(p, FieldError{Field: field, Message: msg})
}

func (r TokenRequest) problems() []FieldError {
	p := r.standardProblems()
	p = append(p, r.signatureProblems()...)
	return append(p, r.shapeProblems()...)
}

func (r TokenRequest) standardProblems() []FieldError {
	var p []FieldError
	p = appendIf(p, "clientKey", credentialProblem(r.ClientKey, "the client key of the application"))
	p = appendIf(p, "clientSecret", credentialProblem(r.ClientSecret, clientSecretWhat))
	p = appendIf(p, "deviceId", deviceIDProblem(r.DeviceID))
	p = appendIf(p, "deviceInfo", deviceInfoProblem(r.DeviceInfo))
	p = appendIf(p, "networkType", networkTypeProblem(r.NetworkType))
	return p
}

// credentialProblem checks a value that is pasted, never typed: it must be
// present and carry no stray whitespace. The value is never quoted back.
// clientSecretWhat names the client secret in its problems.
const clientSecretWhat = "the client secret of the application"

func credentialProblem(v, what string) string {
	switch {
	case v == "":
		return "is required: enter " + what
	case !utf8.ValidString(v):
		return invalidUTF8
	case strings.TrimSpace(v) != v:
		return "has spaces or line breaks at the start or end: remove them (they are usually a copy-paste accident)"
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		return "contains control characters (tabs, line breaks): paste the value again"
	}
	return ""
}

func deviceIDProblem(v string) string {
	switch {
	case v == "":
		return "is required: enter a UUID such as " + exampleDeviceID + " (any random UUID works)"
	case !utf8.ValidString(v):
		return invalidUTF8
	case strings.TrimSpace(v) != v:
		return "has spaces at the start or end: remove them"
	case !isUUID(v):
		return fmt.Sprintf("%s is not a UUID: use 32 hex digits grouped 8-4-4-4-12, e.g. %s", quoteShort(v), exampleDeviceID)
	}
	return ""
}

// isUUID reports whether s is a UUID in the canonical 8-4-4-4-12 hex form.
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

func deviceInfoProblem(v string) string {
	const want = `standard padded base64 of a JSON object with model, version, osName and osVersion, ` +
		`e.g. base64 of {"model":"desktop","version":"Chrome","osName":"Windows","osVersion":"10"}`
	if v == "" {
		return "is required: it must be " + want
	}
	if !utf8.ValidString(v) {
		return invalidUTF8
	}
	_, err := device.Decode(v)
	if err == nil {
		return ""
	}
	var (
		missing  *device.MissingKeyError
		wrongTyp *device.KeyTypeError
	)
	switch {
	case errors.As(err, &wrongTyp):
		return fmt.Sprintf("decodes to JSON whose %q is a %s: model, version, osName and osVersion must be strings (e.g. \"10\")", wrongTyp.Key, wrongTyp.Kind)
	case errors.Is(err, device.ErrNotString):
		return "decodes to JSON where one of model, version, osName, osVersion is not a string: make it a string"
	case errors.As(err, &missing):
		return fmt.Sprintf("decodes to a JSON object without the key %q: it must have model, version, osName and osVersion", missing.Key)
	case errors.Is(err, device.ErrMissingKey):
		return "decodes to a JSON object that lacks one of model, version, osName, osVersion: add it"
	case errors.Is(err, device.ErrNotBase64):
		hint := ""
		if strings.ContainsAny(v, "-_") || len(v)%4 != 0 {
			hint = " (URL-safe or unpadded base64 is not accepted)"
		}
		return "is not standard padded base64" + hint + ": it must be " + want
	case errors.Is(err, device.ErrNotJSON):
		return "is base64, but what it decodes to is not JSON: it must be " + want
	case errors.Is(err, device.ErrNotObject):
		return "decodes to JSON that is not an object: it must be " + want
	}
	return "could not be decoded (" + err.Error() + "): it must be " + want
}

func networkTypeProblem(t NetworkType) string {
	names := make([]string, len(device.NetworkTypes))
	for i, n := range device.NetworkTypes {
		names[i] = string(n)
	}
	list := strings.Join(names, ", ")
	switch {
	case t == "":
		return "is required: use one of " + list
	case !utf8.ValidString(string(t)):
		return invalidUTF8
	case !t.Valid():
		return fmt.Sprintf("%s is not allowed: use one of %s (lower case)", quoteShort(string(t)), list)
	}
	return ""
}

// invalidUTF8 is the message for a value that is not valid UTF-8 (it would
// otherwise be sent with U+FFFD in place of the bad bytes).
const invalidUTF8 = "is not valid UTF-8 (a byte sequence that is no character, often from a wrongly encoded paste or file): enter the value again as UTF-8 text"

// signatureProblems checks uid, uidSignature and signatureTimestamp: none
// (anonymous device), uid alone (a signed-in session already bound to it),
// or all three. A signature needs its timestamp and uid; a timestamp is
// only meaningful with a signature.
func (r TokenRequest) signatureProblems() []FieldError {
	var p []FieldError
	switch {
	case r.UID == "":
	case !utf8.ValidString(r.UID):
		p = append(p, FieldError{"uid", invalidUTF8})
	case strings.TrimSpace(r.UID) != r.UID:
		p = append(p, FieldError{"uid", "has spaces at the start or end: remove them"})
	case strings.IndexFunc(r.UID, unicode.IsControl) >= 0:
		p = append(p, FieldError{"uid", "contains control characters (tabs, line breaks): paste the value again"})
	}
	if r.UIDSignature != "" {
		if r.UID == "" {
			p = append(p, FieldError{"uid", "is required when uidSignature is set: enter the signed-in user's UID the signature was made for"})
		}
		if r.SignatureTimestamp == "" {
			p = append(p, FieldError{"signatureTimestamp", "is required when uidSignature is set: enter the unix time (seconds) the signature was made at"})
		}
	}
	if r.SignatureTimestamp != "" {
		if !isDigits(r.SignatureTimestamp) {
			p = append(p, FieldError{"signatureTimestamp", fmt.Sprintf("%s is not a unix time: use whole seconds since 1970, e.g. 1758729047", quoteShort(r.SignatureTimestamp))})
		} else if r.UIDSignature == "" {
			p = append(p, FieldError{"uidSignature", "is required when signatureTimestamp is set: enter the signature made at that time, or clear signatureTimestamp (uid alone is a valid signed-in request)"})
		}
	}
	if r.UIDSignature != "" {
		if _, err := base64.StdEncoding.Strict().DecodeString(r.UIDSignature); err != nil {
			p = append(p, FieldError{"uidSignature", "is not standard padded base64: it must be the base64 HMAC-SHA1 over <signatureTimestamp>_<uid> (see authdeck sign)"})
		}
	}
	return p
}

func isDigits(s string) bool {
	if s == "" || len(s) > 19 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// quoteShort quotes a user value for a message, cut to a readable length.
func quoteShort(s string) string {
	const max = 48
	r := []rune(s)
	if len(r) > max {
		return fmt.Sprintf("%q…", string(r[:max]))
	}
	return fmt.Sprintf("%q", s)
}
