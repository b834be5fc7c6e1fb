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
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &fields); err != nil || fields == nil {
		return tr, "the body is JSON but not an object; expected {\"accessToken\": ..., \"expiresIn\": ..., \"refreshToken\": ...}"
	}

	var reason string
	if tr.AccessToken, reason = stringField(fields, "accessToken", true); reason != "" {
		return TokenResponse{}, reason
	}
	if tr.RefreshToken, reason = stringField(fields, "refreshToken", false); reason != "" {
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
