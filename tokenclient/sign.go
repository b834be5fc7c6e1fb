package tokenclient

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SignUID makes a UID signature in the Gigya scheme that signed-in clients
// send as uidSignature: standard base64 of HMAC-SHA1 over
// "<timestamp>_<uid>", keyed with the base64-decoded account secret
// (secretBase64, as the account console shows it; padded or unpadded
// standard base64). timestamp is ts in unix seconds as a decimal string,
// the signatureTimestamp to send with it. Errors name what is wrong and
// never quote the secret.
func SignUID(secretBase64, uid string, ts time.Time) (signature, timestamp string, err error) {
	key, err := DecodeAccountSecret(secretBase64)
	if err != nil {
		return "", "", err
	}
	switch {
	case uid == "":
		return "", "", errors.New("uid is required: give the signed-in user's UID")
	case !utf8.ValidString(uid):
		return "", "", errors.New("uid " + invalidUTF8)
	case strings.TrimSpace(uid) != uid:
		return "", "", errors.New("uid has spaces at the start or end: remove them")
	}
	timestamp = strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha1.New, key)
	mac.Write([]byte(timestamp + "_" + uid))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil)), timestamp, nil
}

// DecodeAccountSecret decodes a Gigya account (partner) secret given in
// standard base64, padded or not, surrounding whitespace ignored. The error
// never quotes the secret.
func DecodeAccountSecret(secretBase64 string) ([]byte, error) {
	s := strings.TrimSpace(secretBase64)
	if s == "" {
		return nil, errors.New("the account secret is empty: give the base64 secret of the account (from stdin or the environment)")
	}
	key, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		key, err = base64.RawStdEncoding.Strict().DecodeString(strings.TrimRight(s, "="))
	}
	if err != nil || len(key) == 0 {
		return nil, errors.New("the account secret is not standard base64: give it exactly as the account console shows it (A-Z, a-z, 0-9, + and /, maybe ending in =)")
	}
	return key, nil
}
