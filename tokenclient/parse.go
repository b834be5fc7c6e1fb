package tokenclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// parseTokenResponse reads a 2xx body. It returns the token response, or a
// reason in plain words why the body is not a usable one (never quoting a
// token).
func parseTokenResponse(body []byte, contentType string) (TokenResponse, string) {
	var tr TokenResponse
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return tr, "the body is empty; expected a JSON token response"
	}
	if looksHTML(body, contentType) {
		return tr, "the body is an HTML page, not JSON: the endpoint is probably a website or a proxy page, not the identity API"
	}
	if !json.Valid(trimmed) {
		return tr, "the body is not JSON; expected a JSON token response"
	}
	if trimmed[0] != '{' {
		return tr, "the body is JSON but not an object; expected {\"accessToken\": ..., \"expiresIn\": ..., \"refreshToken\": ...}"
	}
	fields, dup := objectFields(trimmed)
	if dup != "" {
		return tr, fmt.Sprintf("the key %s appears more than once in the body; a response with duplicate keys is ambiguous and is refused", quoteShort(dup))
	}
	if fields == nil {
		return tr, "the body is JSON but not an object; expected {\"accessToken\": ..., \"expiresIn\": ..., \"refreshToken\": ...}"
	}

	var reason string
	if tr.AccessToken, reason = stringField(fields, "accessToken", true); reason != "" {
		return TokenResponse{}, reason
	}
	if tr.RefreshToken, reason = stringField(fields, "refreshToken", false); reason != "" {
		return TokenResponse{}, reason
	}
	if reason = tokenProblem("accessToken", tr.AccessToken); reason != "" {
		return TokenResponse{}, reason
	}
	if reason = tokenProblem("refreshToken", tr.RefreshToken); reason != "" {
		return TokenResponse{}, reason
	}
	raw, ok := fields["expiresIn"]
	if !ok {
		return TokenResponse{}, "expiresIn is missing; expected the expiry as an integer unix time"
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return TokenResponse{}, fmt.Sprintf("expiresIn is %s, not an integer; expected the expiry as an integer unix time", quoteShort(string(raw)))
	}
	if n < 0 {
		return TokenResponse{}, fmt.Sprintf("expiresIn is %d, a negative number; expected the expiry as a unix time", n)
	}
	tr.ExpiresIn = n
	return tr, ""
}

// stringField reads a JSON string field; required fields must be non-empty.
func stringField(fields map[string]json.RawMessage, key string, required bool) (string, string) {
	raw, ok := fields[key]
	if !ok || string(raw) == "null" {
		if required {
			return "", key + " is missing from the response"
		}
		return "", ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", key + " is not a string"
	}
	if required && s == "" {
		return "", key + " is empty"
	}
	return s, ""
}

// objectFields reads the members of a JSON object. It returns the first
// key that appears twice (encoding/json keeps the last silently), or nil
// fields when the text is not one object.
func objectFields(body []byte) (map[string]json.RawMessage, string) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, ""
	}
	fields := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			return nil, ""
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, ""
		}
		if _, twice := fields[key]; twice {
			return nil, key
		}
		fields[key] = v
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, ""
	}
	return fields, ""
}

// tokenProblem checks a token from the server before anyone prints or
// stores it: a JWT or an opaque token is visible ASCII (no spaces, no
// control characters, which could drive a terminal or inject a header
// line). The token is never quoted.
func tokenProblem(name, v string) string {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x21 || c > 0x7e {
			what := "a character that is not visible ASCII"
			switch {
			case c < 0x20 || c == 0x7f:
				what = "a control character"
			case c == ' ':
				what = "a space"
			}
			return fmt.Sprintf("%s contains %s at byte %d; a token (a JWT or an opaque token) is visible ASCII only, so it is not used", name, what, i+1)
		}
	}
	return ""
}
