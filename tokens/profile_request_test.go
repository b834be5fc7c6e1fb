package tokens

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// fullRequest is a valid request with every field set, so that a field the
// conversions do not carry shows as lost.
func fullRequest(t *testing.T) tokenclient.TokenRequest {
	t.Helper()
	req := tokenclient.TokenRequest{
		ClientKey:    "4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g",
		ClientSecret: "client-secret",
		DeviceID:     "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d",
		DeviceInfo: device.Encode(device.Info{Model: "Pixel 9", Version: "15", OSName: "Android", OSVersion: "15.0.1",
			Extra: []device.ExtraField{{Key: "zeta", Value: json.RawMessage(`1`)}}}),
		NetworkType:        device.NetworkWifi,
		UID:                "uid-1",
		UIDSignature:       "MDEyMzQ1Njc4OWFiY2RlZmdoaWo=", // 20 bytes, the size of an HMAC-SHA1
		SignatureTimestamp: "1700000000",
		Fields:             []tokenclient.Field{{Name: "peacockUUID", Value: json.RawMessage(`"abc"`)}},
		Headers:            []tokenclient.Header{{Name: "X-Client", Value: "web"}},
		UserAgent:          "agent/1",
		Encoding:           tokenclient.EncodingForm,
		JSONStyle:          tokenclient.JSONPython,
		Order:              []string{"peacockUUID", "clientKey"},
		RefreshOrder:       []string{"refreshToken", "peacockUUID"},
	}
	v := reflect.ValueOf(req)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("fullRequest leaves TokenRequest.%s zero: give it a valid value", v.Type().Field(i).Name)
		}
	}
	if err := req.Validate(); err != nil {
		t.Fatalf("fullRequest is not valid: %v", err)
	}
	return req
}

// sameFields reports each field of want that got does not carry.
func sameFields(t *testing.T, how string, got, want tokenclient.TokenRequest) int {
	t.Helper()
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range w.NumField() {
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			t.Errorf("%s loses TokenRequest.%s: got %v, want %v", how, w.Type().Field(i).Name, g.Field(i), w.Field(i))
		}
	}
	return w.NumField()
}

func TestSetRequestAndRequestCarryEveryField(t *testing.T) {
	want := fullRequest(t)
	var p store.Profile
	sec := store.Secrets{AccessToken: "at", RefreshToken: "rt"}
	if err := SetRequest(&p, want, &sec); err != nil {
		t.Fatal(err)
	}
	if n := sameFields(t, "SetRequest then Request", Request(&p, sec), want); n < 12 {
		t.Fatalf("compared %d fields, want at least 12", n)
	}
	if sec.AccessToken != "at" || sec.RefreshToken != "rt" {
		t.Errorf("SetRequest dropped the tokens: %+v", sec)
	}

	s, _ := openTest(t, store.Options{})
	if _, err := s.Update("p", store.UpdateOptions{}, func(p *store.Profile, sec *store.Secrets) error {
		p.Endpoint = "https://api.example.com"
		return SetRequest(p, want, sec)
	}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get("p")
	if err != nil {
		t.Fatal(err)
	}
	stored, err := s.Secrets("p")
	if err != nil {
		t.Fatal(err)
	}
	sameFields(t, "saving and reading the profile", Request(&got, stored), want)
}

func TestSetRequestRefusesBadDeviceInfoAndChangesNothing(t *testing.T) {
	p := sampleProfile("a")
	sec := store.Secrets{ClientSecret: "s"}
	req := fullRequest(t)
	req.DeviceInfo = "not base64!"
	err := SetRequest(&p, req, &sec)
	var fe *store.FieldError
	if !errors.As(err, &fe) || fe.Field != "deviceInfo" {
		t.Fatalf("err = %v, want a deviceInfo FieldError", err)
	}
	if !reflect.DeepEqual(p, sampleProfile("a")) || sec.ClientSecret != "s" {
		t.Errorf("a refused request changed the profile: %+v %+v", p, sec)
	}
}

// A client preset's refresh order may name a field only its refresh sends
// (griddy's peacockUUID); the profile keeps the rest of the order, which
// the store accepts, and sends the same bytes.
func TestSetRequestLeavesOutOrderNamesTheRequestLacks(t *testing.T) {
	req := fullRequest(t)
	req.Fields = nil
	s, _ := openTest(t, store.Options{})
	saved, err := s.Update("p", store.UpdateOptions{}, func(p *store.Profile, sec *store.Secrets) error {
		p.Endpoint = "https://api.example.com"
		return SetRequest(p, req, sec)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(saved.Order, []string{"clientKey"}) || !reflect.DeepEqual(saved.RefreshOrder, []string{"refreshToken"}) {
		t.Errorf("saved orders %v and %v, want [clientKey] and [refreshToken]", saved.Order, saved.RefreshOrder)
	}
	got := Request(&saved, store.Secrets{ClientSecret: req.ClientSecret, UIDSignature: req.UIDSignature, SignatureTimestamp: req.SignatureTimestamp})
	c := tokenclient.New(tokenclient.Options{BaseURL: "https://api.example.com"})
	if a, b := c.PrepareIssue(got).Body, c.PrepareIssue(req).Body; !bytes.Equal(a, b) {
		t.Errorf("the saved profile sends %s, the request %s", a, b)
	}
	ra, rb := tokenclient.RefreshRequest{TokenRequest: got, RefreshToken: "rt"}, tokenclient.RefreshRequest{TokenRequest: req, RefreshToken: "rt"}
	if a, b := c.PrepareRefresh(ra).Body, c.PrepareRefresh(rb).Body; !bytes.Equal(a, b) {
		t.Errorf("the saved profile refreshes with %s, the request with %s", a, b)
	}
}
