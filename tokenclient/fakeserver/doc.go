// Package fakeserver is a faithful local stand-in for the device-auth identity
// service, shaped like net/http/httptest: New returns an http.Handler, Start
// and StartAt serve it on a loopback port, fakeservertest.New does that for
// one test.
//
// It implements the token endpoints of ../shared/identity-api.yaml and the
// device activation calls of its revision 3 (see below).
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
// Device activation: GET /utilities/v1/regcode, PUT and GET
// /keystore/v1/mvpd/{regCode} need "Authorization: Bearer <accessToken>"
// with an unexpired token this server issued (401 invalid_token). A code is
// six characters from A–Z and 2–9 without O and I (the real format is not
// known); it lives CodeTTL until announced, then the announced ttl
// (milliseconds, default 600000). Polling a code that is unknown, expired
// or not yet announced answers 404; before activation the record is the
// announce (regCode, deviceId, ctvDevice, platform, nflAccount, expiresIn,
// idp) — the real status and shape before activation are not known, and
// clients must treat anything without the awaited fields as "not yet".
// The activation page GET /account/activate?regCode=CODE (HTML, no
// script) offers the accounts; POST /account/activate with the form fields
// regCode and account approves the code, as does Server.Approve. Once
// approved the record carries uid, uidSignature (signed with Config.UIDKey)
// and signatureTimestamp for an NFL announce, or idp, userId and uuid for a
// TV provider or partner announce.
//
// Accounts: the DemoAccounts (free, plus, premium, cancelled, expired,
// tv-provider) and Config.Accounts. A signed-in issue (uid with a verified
// signature) or refresh (uid, with or without a signature) of a known uid,
// or a refresh with a partner user id (mvpdUserId, amazonPrimeUserId,
// peacockUserId, youTubeUserId), gets that account's plans, networks,
// dmaCode and countryCode; a signed-in request for an unknown uid is
// still signed in (its uid claim) with the free plan. A partner
// refresh also gets additionalInfo [{"data": {"idp", "newUUID"}}].
//
// Test knobs on *Server — FailNext, SetLatency, SetNow, Requests,
// IssueCount, RequestCount — are safe for concurrent use. Neither the request
// log nor Config.Log ever records a client secret, access token, refresh
// token, uid signature or the value of an ignored field.
package fakeserver
