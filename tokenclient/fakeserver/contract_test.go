package fakeserver_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
)

// TestSharedTypesMatchTheServer sends the client's own request types and
// reads the client's response type: the server decodes with its own
// contract-named fields, so a wrong JSON tag on either side fails here.
func TestSharedTypesMatchTheServer(t *testing.T) {
	clock := &fakeClock{t0}
	srv := fakeserver.New(testConfig(clock))
	if fakeserver.IssuePath != tokenclient.IssuePath || fakeserver.RefreshPath != tokenclient.RefreshPath {
		t.Fatalf("paths differ: server %s %s, client %s %s",
			fakeserver.IssuePath, fakeserver.RefreshPath, tokenclient.IssuePath, tokenclient.RefreshPath)
	}
	issue := tokenclient.TokenRequest{
		ClientKey: testKey, ClientSecret: testSecret, DeviceID: testDeviceID,
		DeviceInfo: testInfo, NetworkType: tokenclient.NetworkType("cellular"),
	}
	rec := post(t, srv, tokenclient.IssuePath, issue)
	var first tokenclient.TokenResponse
	if err := json.Unmarshal(tokenOfRaw(t, rec), &first); err != nil {
		t.Fatal(err)
	}
	if first.AccessToken == "" || first.RefreshToken == "" || first.ExpiresIn != t0.Unix()+3600 {
		t.Fatalf("TokenResponse %+v misses fields", first)
	}

	ts := strconv.FormatInt(t0.Unix(), 10)
	refresh := tokenclient.RefreshRequest{TokenRequest: issue, RefreshToken: first.RefreshToken}
	refresh.UID, refresh.SignatureTimestamp = "user-42", ts
	refresh.UIDSignature = fakeserver.SignUID([]byte("test-uid-key"), "user-42", ts)
	var second tokenclient.TokenResponse
	if err := json.Unmarshal(tokenOfRaw(t, post(t, srv, tokenclient.RefreshPath, refresh)), &second); err != nil {
		t.Fatal(err)
	}
	if second.RefreshToken == first.RefreshToken {
		t.Error("refresh token did not rotate")
	}
	// A wrong signature through the shared type is refused, so the server
	// really read uidSignature from the client's field name.
	refresh.RefreshToken = second.RefreshToken
	refresh.UIDSignature = fakeserver.SignUID([]byte("wrong"), "user-42", ts)
	if rec := post(t, srv, tokenclient.RefreshPath, refresh); rec.Code != 403 {
		t.Errorf("bad signature via RefreshRequest: status %d, want 403", rec.Code)
	}
}
