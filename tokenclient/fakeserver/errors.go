package fakeserver

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// Error codes in the "error" member of an error body. The real service
// publishes no error format; these follow OAuth 2.0's names where one fits.
const (
	CodeInvalidRequest   = "invalid_request"    // 400: a field is missing or malformed
	CodeInvalidClient    = "invalid_client"     // 401: unknown client key or wrong secret
	CodeInvalidGrant     = "invalid_grant"      // 401: refresh token unknown, spent, expired or not this client's
	CodeInvalidSignature = "invalid_signature"  // 403: uid signature wrong or stale
	CodeInvalidToken     = "invalid_token"      // 401: activation call without a Bearer token this server issued
	CodeNotFound         = "not_found"          // 404
	CodeMethodNotAllowed = "method_not_allowed" // 405
	CodeTooLarge         = "request_too_large"  // 413
	CodeRateLimited      = "rate_limited"       // 429
	CodeServerError      = "server_error"       // 500, scripted or real
)

// ErrorBody is the JSON body of every non-200 response. Field names the
// request field at fault, when there is one. Messages never contain a
// secret, token or signature.
type ErrorBody struct {
	Error   string `json:"error"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// apiError is a refusal: the status, the body and any headers it needs.
type apiError struct {
	Status     int
	Body       ErrorBody
	Message    string        // == Body.Message, kept for the log
	RetryAfter time.Duration // 429: sent as Retry-After in whole seconds
	allow      string        // 405: the Allow header; default POST
}

func newError(status int, code, field, msg string) *apiError {
	return &apiError{Status: status, Body: ErrorBody{Error: code, Field: field, Message: msg}, Message: msg}
}

func badRequest(field, msg string) *apiError {
	return newError(http.StatusBadRequest, CodeInvalidRequest, field, msg)
}

func errNotFound() *apiError {
	return newError(http.StatusNotFound, CodeNotFound, "",
		"no such endpoint; use POST "+IssuePath+" or POST "+RefreshPath)
}

func errMethod(method string) *apiError {
	return newError(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "",
		"method "+strconv.Quote(method)+" is not allowed; use POST")
}

func errBody(err error) *apiError {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return newError(http.StatusRequestEntityTooLarge, CodeTooLarge, "",
			"body is larger than "+strconv.Itoa(MaxBodySize)+" bytes")
	}
	return badRequest("", "could not read the body: "+err.Error())
}

// errRefusedClient is FailClient's answer: what a wrong secret gets.
func errRefusedClient() *apiError {
	return newError(http.StatusUnauthorized, CodeInvalidClient, "clientSecret",
		"clientSecret is wrong for this clientKey")
}

func errRateLimited(wait time.Duration, limit int) *apiError {
	e := newError(http.StatusTooManyRequests, CodeRateLimited, "",
		"more than "+strconv.Itoa(limit)+" requests a minute for this clientKey; retry after the Retry-After seconds")
	e.RetryAfter = wait
	return e
}

// retryAfterSeconds rounds d up to whole seconds, at least 1.
func retryAfterSeconds(d time.Duration) int64 {
	s := int64((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// writeError sends e as JSON with the headers its status needs.
func writeError(w http.ResponseWriter, e *apiError) {
	switch e.Status {
	case http.StatusMethodNotAllowed:
		allow := http.MethodPost
		if e.allow != "" {
			allow = e.allow
		}
		w.Header().Set("Allow", allow)
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", strconv.FormatInt(retryAfterSeconds(e.RetryAfter), 10))
	}
	writeJSON(w, e.Status, e.Body)
}

// writeJSON sends v as an application/json body with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil { // only our own fixed types reach here
		status = http.StatusInternalServerError
		data = []byte(`{"error":"server_error","message":"could not encode the response"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(data)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}
