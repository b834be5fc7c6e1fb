package fakeserver

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"
)

// SignUID returns the uid signature the server accepts for uid at
// signatureTimestamp ts (unix seconds as a decimal string): standard base64
// of HMAC-SHA1 over "<ts>_<uid>" with key, the base64-decoded account
// secret (the server's Config.UIDKey, or DemoUIDKey by default). It is the
// Gigya scheme; tokenclient.SignUID makes the same signature from the
// base64 secret.
func SignUID(key []byte, uid, ts string) string {
	mac := hmac.New(sha1.New, key)
	mac.Write([]byte(ts + "_" + uid))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// checkUIDSignature verifies uidSignature, when given, against uid and
// signatureTimestamp (already checked to be an integer) and, in strict
// mode, the clock (within UIDSignatureSkew). uid alone is accepted.
func (s *Server) checkUIDSignature(req *wireRequest, now time.Time) *apiError {
	if req.UIDSignature == "" {
		return nil
	}
	got, err := base64.StdEncoding.DecodeString(req.UIDSignature)
	if err != nil {
		return errSignature("uidSignature", "uidSignature is not standard padded base64")
	}
	want, _ := base64.StdEncoding.DecodeString(SignUID(s.cfg.UIDKey, req.UID, req.SignatureTimestamp))
	if !hmac.Equal(got, want) {
		return errSignature("uidSignature",
			"uidSignature does not match: it must be base64 HMAC-SHA1 over \"<signatureTimestamp>_<uid>\" with the server's uid key")
	}
	if !s.cfg.Strict {
		return nil
	}
	ts, _ := strconv.ParseInt(req.SignatureTimestamp, 10, 64)
	skew := now.Sub(time.Unix(ts, 0))
	if skew > UIDSignatureSkew || skew < -UIDSignatureSkew {
		return errSignature("signatureTimestamp", "signatureTimestamp is "+
			strconv.FormatInt(int64(skew.Abs()/time.Second), 10)+" s from the server's clock; it must be within "+
			strconv.Itoa(int(UIDSignatureSkew/time.Second))+" s, so sign again")
	}
	return nil
}

func errSignature(field, msg string) *apiError {
	return newError(http.StatusForbidden, CodeInvalidSignature, field, msg)
}
