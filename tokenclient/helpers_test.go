package tokenclient

import (
	"strings"
	"testing"
)

// Test credentials. They are long and distinctive so a leak into an error
// text is caught by a substring check.
const (
	testKey          = "4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g"
	testSecret       = "S3cr3t-CZuvCL49d9OwfGsR"
	testRefreshToken = "rt-0f5452b5-7f40-4c8e-9801-cf7fd2830de3"
	testAccessToken  = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXRlc3Q"
	testDeviceID     = "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d"
	testDeviceInfo   = "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0="
	testUIDSignature = "c2lnbmF0dXJlLW9mLXRoZS11aWQtMTIz"
)

func validIssue() TokenRequest {
	return TokenRequest{
		ClientKey:    testKey,
		ClientSecret: testSecret,
		DeviceID:     testDeviceID,
		DeviceInfo:   testDeviceInfo,
		NetworkType:  "wifi",
	}
}

func validRefresh() RefreshRequest {
	return RefreshRequest{TokenRequest: validIssue(), RefreshToken: testRefreshToken}
}

// assertNoSecrets fails when an error text contains a credential or token.
func assertNoSecrets(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	for _, s := range []string{testSecret, testRefreshToken, testAccessToken, testUIDSignature} {
		if strings.Contains(msg, s) {
			t.Errorf("error text leaks a secret %q: %s", s[:6]+"…", msg)
		}
	}
}
