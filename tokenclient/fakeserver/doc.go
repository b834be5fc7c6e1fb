// Package fakeserver is a faithful local stand-in for the device-auth identity
// service, shaped like net/http/httptest: New returns an http.Handler, Start
// and StartAt serve it on a loopback port, fakeservertest.New does that for
// one test.
//
// It implements both endpoints of ../shared/identity-api.yaml (revision 2).
// A body is read as a form when its Content-Type is
// application/x-www-form-urlencoded, else as a JSON object. Fields the
// server does not know (peacockUUID, mvpdIdp, ...) are ignored, and their
// names (never their values) are logged. A request is checked in this
// order, stopping at the first failure:
//
//  1. path known (404), method POST (405, with Allow: POST)
//  2. body at most 64 KiB (413) and a JSON object or a form (400)
//  3. each required field present, a string and non-empty (400 naming it);
//     uid, uidSignature and signatureTimestamp, when present, strings, and a
//     uidSignature comes with uid and signatureTimestamp (400)
//  4. networkType one of other, wifi, cellular, ethernet (400)
//  5. deviceInfo standard padded base64 of a JSON object (400)
//  6. deviceId a UUID in its 36-character form (400)
//  7. signatureTimestamp, when given, integer unix seconds (400)
//  8. clientKey registered and clientSecret right (401, constant-time compare)
//  9. rate limit per client key, when set (429 with Retry-After in seconds)
//  10. on refresh: refreshToken known, issued to this clientKey and not
//     expired (401); with Config.Strict also issued to this deviceId and not
//     yet used
//  11. with uidSignature, on either endpoint: base64 HMAC-SHA1 over
//     "<signatureTimestamp>_<uid>" keyed with Config.UIDKey, the
//     base64-decoded account secret (the Gigya scheme; 403); with
//     Config.Strict the timestamp must also be within 300 s of the server
//     clock. uid alone (a signed-in refresh) is accepted.
//
// Config.Strict holds the checks whose real behaviour is unknown; it is off
// by default. The rate limit is charged only to a client that proved its
// secret, so a caller who merely knows a key cannot use up a real client's
// quota.
//
// Error bodies are our own invention — the real service publishes none — and
// look like {"error":"invalid_request","field":"networkType","message":
// "networkType must be one of other, wifi, cellular, ethernet"}. Clients must
// rely on the status code, as they must against the real service.
//
// A success is {"accessToken","expiresIn","refreshToken"}: an HS256 JWT
// shaped like a real one (see Claims: iss "NFL", clientId, clientKey,
// deviceId, plans as objects, DisplayName and formFactor derived from
// deviceInfo, exp; no iat, jti or sub), its exp as absolute unix seconds,
// and a new UUID refresh token bound to the client key and device id.
//
// Test knobs on *Server — FailNext, SetLatency, SetNow, Requests,
// IssueCount, RequestCount — are safe for concurrent use. Neither the request
// log nor Config.Log ever records a client secret, access token, refresh
// token, uid signature or the value of an ignored field.
package fakeserver
