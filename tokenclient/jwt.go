package tokenclient

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// JWT is a token's header and claims decoded for display. Nothing is
// verified: the signature is not checked.
type JWT struct {
	// IsJWT is true when the header and claims both decoded to JSON objects.
	IsJWT bool
	// Problem says, in plain words, why the token is not (fully) a JWT or
	// which time claim could not be read; "" when all is well.
	Problem string
	// Header and Claims are the decoded JSON, indented for display.
	Header, Claims json.RawMessage
	// IssuedAt, NotBefore and ExpiresAt are the iat, nbf and exp claims;
	// nil when absent or not a number.
	IssuedAt, NotBefore, ExpiresAt *time.Time
}

// DecodeJWT decodes a token's header and claims without verifying it. It
// never fails: anything that is not a JWT gives IsJWT false and a Problem.
func DecodeJWT(token string) JWT {
	token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(token), "Bearer "))
	if token == "" {
		return JWT{Problem: "the token is empty"}
	}
	parts := strings.Split(token, ".")
	switch {
	case len(parts) == 5:
		return JWT{Problem: "the token has five parts: it is an encrypted JWT (JWE), whose claims cannot be shown"}
	case len(parts) != 3:
		return JWT{Problem: fmt.Sprintf("the token is not a JWT (a JWT has three dot-separated parts, this has %d); it is an opaque token", len(parts))}
	}
	header, err := decodeSegment(parts[0])
	if err != nil {
		return JWT{Problem: "the token is not a JWT: its first part (the header) " + err.Error()}
	}
	claims, err := decodeSegment(parts[1])
	if err != nil {
		return JWT{Header: header, Problem: "the token has a JWT header but its second part (the claims) " + err.Error()}
	}
	j := JWT{IsJWT: true, Header: header, Claims: claims}
	j.readTimes()
	return j
}

// decodeSegment decodes one base64url part to an indented JSON object.
func decodeSegment(s string) (json.RawMessage, error) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, fmt.Errorf("is not base64url")
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' || !json.Valid(raw) {
		return nil, fmt.Errorf("is not a JSON object")
	}
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		return nil, fmt.Errorf("is not a JSON object")
	}
	return out.Bytes(), nil
}

// readTimes fills IssuedAt, NotBefore and ExpiresAt from the claims.
func (j *JWT) readTimes() {
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(j.Claims, &claims); err != nil {
		j.Problem = "the claims could not be read"
		return
	}
	var bad []string
	for _, c := range []struct {
		name string
		dst  **time.Time
	}{{"iat", &j.IssuedAt}, {"nbf", &j.NotBefore}, {"exp", &j.ExpiresAt}} {
		raw, ok := claims[c.name]
		if !ok || string(raw) == "null" {
			continue
		}
		t, ok := numericDate(raw)
		switch {
		case ok:
			*c.dst = &t
		case numericDateProblem(raw) == dateOutOfRange:
			bad = append(bad, c.name+" is out of range (more than 10^12 seconds from 1970)")
		default:
			bad = append(bad, c.name+" should be a number of seconds since 1970 and is not")
		}
	}
	j.Problem = strings.Join(bad, "; ")
}

// maxNumericDate keeps times within what time.Time and humans handle
// (year 33658).
const maxNumericDate = 1e12

// numericDate reads a JWT NumericDate: seconds since 1970, possibly with a
// fraction.
func numericDate(raw json.RawMessage) (time.Time, bool) {
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil || math.IsNaN(f) || math.Abs(f) > maxNumericDate {
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)), true
}

// Why a NumericDate could not be read (numericDateProblem).
const (
	dateNotNumber  = iota // not a JSON number
	dateOutOfRange        // a number beyond ±maxNumericDate (or beyond float64)
	dateNull              // JSON null
)

// numericDateProblem says why numericDate did not read raw.
func numericDateProblem(raw json.RawMessage) int {
	s := strings.TrimSpace(string(raw))
	if s == "null" {
		return dateNull
	}
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return dateNotNumber // text, even text holding digits, is not a number
	}
	var n json.Number
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if dec.Decode(&n) != nil || n == "" {
		return dateNotNumber
	}
	return dateOutOfRange
}
