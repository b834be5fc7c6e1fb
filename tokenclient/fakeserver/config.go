package fakeserver

import (
	"io"
	"time"
)

// The demo client registered when Config.Clients is empty. The `--demo`
// console and `authdeck fake-server` without --client use it.
const (
	DemoClientKey    = "authdeck-demo-client-key-0000001"
	DemoClientSecret = "authdeck-demo-secret"
)

// DemoSigningKey signs access tokens when Config.SigningKey is empty, and
// DemoUIDKey verifies uid signatures when Config.UIDKey is empty. They are
// fixed so a demo session can check what the fake server hands out.
// DemoAccountSecret is DemoUIDKey in standard base64, the form a Gigya
// account secret is handed out in (what tokenclient.SignUID and
// `authdeck sign` take).
const (
	DemoSigningKey    = "authdeck-fakeserver-demo-signing-key"
	DemoUIDKey        = "authdeck-fakeserver-demo-uid-key"
	DemoAccountSecret = "YXV0aGRlY2stZmFrZXNlcnZlci1kZW1vLXVpZC1rZXk="
)

// Defaults for the zero Config.
const (
	DefaultTTL        = 3600 * time.Second  // access-token lifetime
	DefaultRefreshTTL = 30 * 24 * time.Hour // refresh-token lifetime
	MaxBodySize       = 64 << 10            // larger request bodies get 413
	UIDSignatureSkew  = 300 * time.Second   // allowed distance of signatureTimestamp from Now (Strict only)
	Issuer            = "NFL"               // the iss claim, as in real tokens
)

// Config sets up a Server. The zero value serves the demo client with the
// demo keys, a 3600 s token lifetime, no rate limit and the real clock.
type Config struct {
	// Clients maps client key to client secret. Empty means the demo client
	// (DemoClientKey, DemoClientSecret).
	Clients map[string]string
	// TTL is the access-token lifetime; default DefaultTTL.
	TTL time.Duration
	// RateLimit is the number of requests allowed per client key in any 60 s
	// window; 0 turns the limit off.
	RateLimit int
	// UIDKey is the HMAC-SHA1 key for uid signatures: the base64-decoded
	// account secret (Gigya scheme; see DecodeAccountSecret in tokenclient
	// for reading one); default DemoUIDKey.
	UIDKey []byte
	// Strict turns on checks whose real behaviour is unknown: a refresh
	// token is bound to the deviceId it was issued to, it is single-use,
	// and signatureTimestamp must be within UIDSignatureSkew of Now. Off by
	// default (the CLI's --strict).
	Strict bool
	// SigningKey is the HS256 key for access tokens; default DemoSigningKey.
	SigningKey []byte
	// Now is the server clock; default time.Now.
	Now func() time.Time
	// Latency is added before every request is handled (see SetLatency).
	Latency time.Duration
	// Accounts are people who can sign in on the activation page, in
	// addition to the built-in DemoAccounts (see ParseAccounts).
	Accounts []Account
	// Log, when set, gets one line per request: time, method, path, status,
	// duration, masked client key and, for failures, the error message.
	Log io.Writer
}

// withDefaults returns c with every zero field filled in and the maps and
// slices copied, so later changes by the caller do not reach the server.
func (c Config) withDefaults() Config {
	clients := make(map[string]string, len(c.Clients))
	for k, v := range c.Clients {
		clients[k] = v
	}
	if len(clients) == 0 {
		clients[DemoClientKey] = DemoClientSecret
	}
	c.Clients = clients
	if c.TTL <= 0 {
		c.TTL = DefaultTTL
	}
	if c.RateLimit < 0 {
		c.RateLimit = 0
	}
	c.UIDKey = cloneOr(c.UIDKey, DemoUIDKey)
	c.SigningKey = cloneOr(c.SigningKey, DemoSigningKey)
	if c.Now == nil {
		c.Now = time.Now
	}
	accounts := DemoAccounts(c.Now())
	for _, a := range c.Accounts {
		a.fill()
		accounts = append(accounts, a)
	}
	c.Accounts = accounts
	return c
}

func cloneOr(b []byte, def string) []byte {
	if len(b) == 0 {
		return []byte(def)
	}
	return append([]byte(nil), b...)
}
