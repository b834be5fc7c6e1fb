package tokenclient

import (
	"encoding/base64"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestTokenRequestValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*TokenRequest)
		fields []string // fields with a problem, in order
		says   map[string]string
	}{
		{name: "valid", edit: func(*TokenRequest) {}},
		{name: "valid upper-case uuid", edit: func(r *TokenRequest) { r.DeviceID = strings.ToUpper(testDeviceID) }},
		{name: "all empty", edit: func(r *TokenRequest) { *r = TokenRequest{} },
			fields: []string{"clientKey", "clientSecret", "deviceId", "deviceInfo", "networkType"},
			says:   map[string]string{"clientKey": "is required", "deviceId": "UUID", "networkType": "other, wifi, cellular, ethernet"}},
		{name: "key with trailing newline", edit: func(r *TokenRequest) { r.ClientKey += "\n" },
			fields: []string{"clientKey"}, says: map[string]string{"clientKey": "start or end"}},
		{name: "secret with leading space", edit: func(r *TokenRequest) { r.ClientSecret = " " + r.ClientSecret },
			fields: []string{"clientSecret"}, says: map[string]string{"clientSecret": "remove them"}},
		{name: "secret with inner tab", edit: func(r *TokenRequest) { r.ClientSecret = "ab\tcd" },
			fields: []string{"clientSecret"}, says: map[string]string{"clientSecret": "control characters"}},
		{name: "device id not a uuid", edit: func(r *TokenRequest) { r.DeviceID = "device-1" },
			fields: []string{"deviceId"}, says: map[string]string{"deviceId": `"device-1" is not a UUID`}},
		{name: "device id without dashes", edit: func(r *TokenRequest) { r.DeviceID = strings.ReplaceAll(testDeviceID, "-", "") },
			fields: []string{"deviceId"}, says: map[string]string{"deviceId": "8-4-4-4-12"}},
		{name: "device id non-hex", edit: func(r *TokenRequest) { r.DeviceID = "3cfdef35-c7fe-4f2d-8630-1ec72f52b44g" },
			fields: []string{"deviceId"}},
		{name: "device info not base64", edit: func(r *TokenRequest) { r.DeviceInfo = "not base64!" },
			fields: []string{"deviceInfo"}, says: map[string]string{"deviceInfo": "not standard padded base64"}},
		{name: "device info unpadded", edit: func(r *TokenRequest) { r.DeviceInfo = strings.TrimRight(testDeviceInfo, "=") },
			fields: []string{"deviceInfo"}, says: map[string]string{"deviceInfo": "unpadded"}},
		{name: "device info not json", edit: func(r *TokenRequest) { r.DeviceInfo = b64("hello") },
			fields: []string{"deviceInfo"}, says: map[string]string{"deviceInfo": "not JSON"}},
		{name: "device info an array", edit: func(r *TokenRequest) { r.DeviceInfo = b64(`["desktop"]`) },
			fields: []string{"deviceInfo"}, says: map[string]string{"deviceInfo": "not an object"}},
		{name: "device info missing osVersion", edit: func(r *TokenRequest) {
			r.DeviceInfo = b64(`{"model":"desktop","version":"Chrome","osName":"Windows"}`)
		}, fields: []string{"deviceInfo"}, says: map[string]string{"deviceInfo": `"osVersion"`}},
		{name: "network type unknown", edit: func(r *TokenRequest) { r.NetworkType = "lte" },
			fields: []string{"networkType"}, says: map[string]string{"networkType": `"lte" is not allowed`}},
		{name: "network type wrong case", edit: func(r *TokenRequest) { r.NetworkType = "WiFi" },
			fields: []string{"networkType"}},
		{name: "several at once", edit: func(r *TokenRequest) { r.ClientKey = ""; r.DeviceID = "x"; r.NetworkType = "5g" },
			fields: []string{"clientKey", "deviceId", "networkType"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validIssue()
			tt.edit(&r)
			err := r.Validate()
			checkProblems(t, err, tt.fields, tt.says)
		})
	}
}

func TestRefreshRequestValidate(t *testing.T) {
	signed := func(r *RefreshRequest) {
		r.UID = "user-42"
		r.UIDSignature = testUIDSignature
		r.SignatureTimestamp = "1758729047"
	}
	tests := []struct {
		name   string
		edit   func(*RefreshRequest)
		fields []string
		says   map[string]string
	}{
		{name: "valid anonymous", edit: func(*RefreshRequest) {}},
		{name: "valid signed in", edit: signed},
		{name: "missing refresh token", edit: func(r *RefreshRequest) { r.RefreshToken = "" },
			fields: []string{"refreshToken"}, says: map[string]string{"refreshToken": "is required"}},
		{name: "refresh token with space", edit: func(r *RefreshRequest) { r.RefreshToken += " " },
			fields: []string{"refreshToken"}},
		{name: "issue fields checked too", edit: func(r *RefreshRequest) { r.ClientSecret = ""; r.RefreshToken = "" },
			fields: []string{"clientSecret", "refreshToken"}},
		{name: "uid alone", edit: func(r *RefreshRequest) { r.UID = "user-42" }},
		{name: "signature without uid and timestamp", edit: func(r *RefreshRequest) { r.UIDSignature = testUIDSignature },
			fields: []string{"uid", "signatureTimestamp"}, says: map[string]string{"uid": "required when uidSignature", "signatureTimestamp": "required when uidSignature"}},
		{name: "timestamp without signature", edit: func(r *RefreshRequest) { r.UID = "u"; r.SignatureTimestamp = "1758729047" },
			fields: []string{"uidSignature"}, says: map[string]string{"uidSignature": "uid alone is a valid"}},
		{name: "uid not UTF-8", edit: func(r *RefreshRequest) { r.UID = "u\xff" },
			fields: []string{"uid"}, says: map[string]string{"uid": "UTF-8"}},
		{name: "timestamp not a number", edit: func(r *RefreshRequest) { signed(r); r.SignatureTimestamp = "yesterday" },
			fields: []string{"signatureTimestamp"}, says: map[string]string{"signatureTimestamp": "unix time"}},
		{name: "signature not base64", edit: func(r *RefreshRequest) { signed(r); r.UIDSignature = "%%%" },
			fields: []string{"uidSignature"}, says: map[string]string{"uidSignature": "base64"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validRefresh()
			tt.edit(&r)
			checkProblems(t, r.Validate(), tt.fields, tt.says)
		})
	}
}

func checkProblems(t *testing.T, err error, fields []string, says map[string]string) {
	t.Helper()
	if len(fields) == 0 {
		if err != nil {
			t.Fatalf("Validate() = %v, want nil", err)
		}
		return
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate() = %v, want *ValidationError", err)
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.Field)
		if p.Message == "" {
			t.Errorf("field %s has an empty message", p.Field)
		}
		if !strings.Contains(err.Error(), p.Field+": ") {
			t.Errorf("Error() does not name field %s: %s", p.Field, err)
		}
	}
	if !reflect.DeepEqual(got, fields) {
		t.Errorf("problem fields = %v, want %v (%v)", got, fields, err)
	}
	for f, want := range says {
		if msg := ve.For(f); !strings.Contains(msg, want) {
			t.Errorf("For(%q) = %q, want it to contain %q", f, msg, want)
		}
	}
	if ve.For("noSuchField") != "" {
		t.Error(`For("noSuchField") should be ""`)
	}
	assertNoSecrets(t, err)
}

func TestValidateNeverQuotesSecrets(t *testing.T) {
	r := validRefresh()
	r.ClientSecret = " " + testSecret
	r.RefreshToken = testRefreshToken + "\n"
	r.UIDSignature = testUIDSignature + "!"
	r.UID = "u"
	r.SignatureTimestamp = "1"
	err := r.Validate()
	if err == nil {
		t.Fatal("want problems")
	}
	assertNoSecrets(t, err)
}
