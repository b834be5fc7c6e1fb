package tokens

import (
	"encoding/json"
	"testing"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

func TestRequestIsTheProfilesOwn(t *testing.T) {
	p := sampleProfile("a")
	p.UID = "uid-1"
	p.Fields = []tokenclient.Field{{Name: "peacockUUID", Value: json.RawMessage(`"x"`)}}
	p.Headers = []tokenclient.Header{{Name: "X-A", Value: "1"}}
	sec := store.Secrets{ClientSecret: testClientSecret, UIDSignature: "sig", SignatureTimestamp: "1700000000"}
	req := Request(&p, sec)
	if req.ClientKey != p.ClientKey || req.ClientSecret != testClientSecret || req.DeviceID != p.DeviceID ||
		req.NetworkType != p.NetworkType || req.DeviceInfo != p.DeviceInfoBase64() || req.DeviceInfo == "" ||
		req.UID != "uid-1" || req.UIDSignature != "sig" || req.SignatureTimestamp != "1700000000" {
		t.Errorf("Request = %+v", req)
	}
	// The request owns its slices: changing it leaves the profile alone.
	req.Fields[0].Name, req.Headers[0].Value = "changed", "2"
	if p.Fields[0].Name != "peacockUUID" || p.Headers[0].Value != "1" {
		t.Error("the request shares its slices with the profile")
	}
	own := Request(&p, sec)
	if !Own(p.Endpoint, own, p.Endpoint, Request(&p, sec)) {
		t.Error("the profile's own request is not its own")
	}
	if Own(p.Endpoint, own, "http://127.0.0.1:1", own) {
		t.Error("a request to another endpoint counts as the profile's own")
	}
	other := Request(&p, sec)
	other.NetworkType = "cellular"
	if Own(p.Endpoint, own, p.Endpoint, other) {
		t.Error("a changed request counts as the profile's own")
	}
}
