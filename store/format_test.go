package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient/device"
)

func TestFormatRoundTripEveryField(t *testing.T) {
	s, _ := openTest(t, Options{})
	p := fullProfile("every-field")
	sec := Secrets{ClientSecret: testClientSecret, UIDSignature: "sig-SECRET", SignatureTimestamp: "1700000000"}
	if err := s.Save(p, &sec, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get("every-field")
	if err != nil {
		t.Fatal(err)
	}
	want := p
	want.Created, want.Updated = got.Created, got.Updated
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\nwant %#v\ngot  %#v", want, got)
	}
	if gs, _ := s.Secrets("every-field"); gs != sec {
		t.Errorf("secrets %+v", gs)
	}
	data, _ := os.ReadFile(s.Path())
	for _, want := range []string{`"version": 2`, `"uid": "uid-1234"`, `"peacockUUID"`, `"X-Client"`, `"web <1>"`, `"encoding": "form"`, `"userAgent": "Mozilla/5.0"`, `"jsonStyle": "python"`, `"order": [`, `"refreshOrder": [`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("profiles.json lacks %s:\n%s", want, data)
		}
	}
	if strings.Contains(string(data), "sig-SECRET") {
		t.Error("the uid signature is in profiles.json")
	}
}

func TestFormatIsStableAndDiffable(t *testing.T) {
	s, _ := openTest(t, Options{})
	for _, n := range []string{"c", "a", "b"} {
		if err := s.Save(sampleProfile(n), nil, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := os.ReadFile(s.Path())
	p := sampleProfile("b")
	p.Note = "changed"
	if err := s.Save(p, nil, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(s.Path())
	bl, al := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	if len(bl) != len(al) {
		t.Fatalf("line count changed %d → %d", len(bl), len(al))
	}
	var changed []string
	for i := range bl {
		if bl[i] != al[i] {
			changed = append(changed, al[i])
		}
	}
	if len(changed) != 2 || !strings.Contains(changed[0], `"note": "changed"`) || !strings.Contains(changed[1], `"updated"`) {
		t.Errorf("a one-field change changed these lines: %q", changed)
	}
	if i, j := strings.Index(string(after), `"name": "a"`), strings.Index(string(after), `"name": "c"`); i < 0 || i > j {
		t.Error("profiles not sorted by name")
	}
}

func TestVerbatimDeviceInfo(t *testing.T) {
	s, _ := openTest(t, Options{})
	// Another key order than the canonical one: kept byte for byte.
	raw := base64Std(`{"osName":"Android","model":"Pixel","version":"1","osVersion":"14","carrier":"x"}`)
	got, err := s.Update("android", UpdateOptions{}, func(p *Profile, sec *Secrets) error {
		p.Endpoint = "https://api.example.com"
		return p.SetDeviceInfoBase64(raw)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.DeviceInfoBase64() != raw || !got.DeviceInfoVerbatim() || got.DeviceInfo.Model != "Pixel" {
		t.Errorf("verbatim not kept: %q", got.DeviceInfoBase64())
	}
	read, _ := s.Get("android")
	if read.DeviceInfoBase64() != raw {
		t.Errorf("verbatim not read back: %q", read.DeviceInfoBase64())
	}
	// Editing a structured field re-encodes.
	got, err = s.Update("android", UpdateOptions{}, func(p *Profile, sec *Secrets) error {
		p.DeviceInfo.Model = "Pixel 2"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.DeviceInfoVerbatim() || got.DeviceInfoBase64() != device.Encode(got.DeviceInfo) {
		t.Errorf("after an edit: %q", got.DeviceInfoBase64())
	}
	data, _ := os.ReadFile(s.Path())
	if strings.Contains(string(data), "deviceInfoBase64") {
		t.Errorf("stale verbatim text kept:\n%s", data)
	}
	// A canonical base64 is not stored twice.
	var p Profile
	if err := p.SetDeviceInfoBase64(device.Encode(got.DeviceInfo)); err != nil || p.DeviceInfoVerbatim() {
		t.Errorf("canonical input marked verbatim: %v", err)
	}
	if err := p.SetDeviceInfoBase64("%%%"); err == nil || !strings.Contains(err.Error(), "deviceInfo") {
		t.Errorf("bad base64: %v", err)
	}
}

func TestCorruptFilesAreReportedAndLeftAlone(t *testing.T) {
	cases := map[string]struct{ doc, want string }{
		"unknown key":     {"{\"version\": 2, \"profiles\": [\n  {\"name\": \"a\", \"endpoint\": \"https://x\", \"clientKey\": \"\", \"deviceId\": \"\", \"deviceInfo\": null, \"created\": \"2025-01-01T00:00:00Z\", \"updated\": \"2025-01-01T00:00:00Z\", \"colour\": 1}]}", `unknown key "colour"`},
		"duplicate key":   {"{\"version\": 2,\n \"profiles\": [{\"name\": \"a\",\n   \"name\": \"b\"}]}", `profiles.json:3:4: key "name" appears twice`},
		"duplicate name":  {`{"version": 2, "profiles": [{"name": "a", "endpoint": "https://x", "clientKey": "", "deviceId": "", "deviceInfo": null, "created": "2025-01-01T00:00:00Z", "updated": "2025-01-01T00:00:00Z"}, {"name": "a", "endpoint": "https://x", "clientKey": "", "deviceId": "", "deviceInfo": null, "created": "2025-01-01T00:00:00Z", "updated": "2025-01-01T00:00:00Z"}]}`, `two profiles are named "a"`},
		"wrong type":      {"{\"version\": 2,\n \"profiles\": [{\"name\": 7}]}", `profiles.json:2:`},
		"truncated":       {`{"version": 2, "profiles": [`, "ends too early"},
		"not json":        {`hello`, "not valid JSON"},
		"newer version":   {`{"version": 3, "profiles": []}`, "upgrade"},
		"no version":      {`{"profiles": []}`, `"version" is missing`},
		"trailing":        {`{"version": 2, "profiles": []} {}`, "after the end"},
		"order unknown":   {`{"version": 2, "profiles": [{"name": "a", "endpoint": "https://x", "clientKey": "", "deviceId": "", "deviceInfo": null, "order": ["clientKey", "peacockUUID"], "created": "2025-01-01T00:00:00Z", "updated": "2025-01-01T00:00:00Z"}]}`, `order[1] "peacockUUID" is not a body field`},
		"order twice":     {`{"version": 2, "profiles": [{"name": "a", "endpoint": "https://x", "clientKey": "", "deviceId": "", "deviceInfo": null, "refreshOrder": ["uid", "uid"], "created": "2025-01-01T00:00:00Z", "updated": "2025-01-01T00:00:00Z"}]}`, `refreshOrder[1] names "uid" twice`},
		"order type":      {"{\"version\": 2,\n \"profiles\": [{\"name\": \"a\", \"order\": \"clientKey\"}]}", `profiles.json:2:`},
		"bad json style":  {`{"version": 2, "profiles": [{"name": "a", "endpoint": "https://x", "clientKey": "", "deviceId": "", "deviceInfo": null, "jsonStyle": "pretty", "created": "2025-01-01T00:00:00Z", "updated": "2025-01-01T00:00:00Z"}]}`, `jsonStyle "pretty" is not a JSON style`},
		"bom":             {"\ufeff{\"version\": 2}", "byte order mark"},
		"invalid utf8":    {"{\"version\": 2, \"profiles\": [{\"name\": \"\xff\"}]}", "not valid UTF-8"},
		"bad name":        {`{"version": 2, "profiles": [{"name": "a b", "endpoint": "https://x", "clientKey": "", "deviceId": "", "deviceInfo": null, "created": "2025-01-01T00:00:00Z", "updated": "2025-01-01T00:00:00Z"}]}`, "contains a space"},
		"secrets in file": {`{"version": 2, "profiles": [{"name": "a", "endpoint": "https://x", "clientKey": "", "deviceId": "", "deviceInfo": null, "created": "2025-01-01T00:00:00Z", "updated": "2025-01-01T00:00:00Z", "secrets": {"clientSecret": "x", "accessToken": "", "refreshToken": ""}}]}`, `"secrets"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			s, _ := openTest(t, Options{})
			if err := os.WriteFile(s.Path(), []byte(c.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := s.List()
			var ce *CorruptError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want a *CorruptError containing %q", err, c.want)
			}
			if err := s.Save(sampleProfile("z"), nil, SaveOptions{}); !errors.As(err, &ce) {
				t.Errorf("a write to a corrupt store: %v", err)
			}
			if data, _ := os.ReadFile(s.Path()); string(data) != c.doc {
				t.Error("the corrupt file was changed")
			}
		})
	}
}

func TestCorruptSecretsFile(t *testing.T) {
	s, _ := openTest(t, Options{})
	if err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	bad := []byte(`{"version": 1, "secrets": {"a": {"clientSecret": "x", "clientSecret": "y"}}}`)
	if err := os.WriteFile(s.secretsPath(), bad, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.Secrets("a")
	var ce *CorruptError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "secrets.json:1:") {
		t.Errorf("got %v", err)
	}
	assertNoSecret(t, "error", err.Error())
}

func TestMissingOrEmptyFileIsEmptyStore(t *testing.T) {
	for _, content := range []string{"", "  \n"} {
		s, _ := openTest(t, Options{})
		if content != "" {
			os.WriteFile(s.Path(), []byte(content), 0o600)
		}
		if ps, err := s.List(); err != nil || len(ps) != 0 {
			t.Errorf("%q: %v %v", content, ps, err)
		}
	}
}

func TestSecretsFileRoundTrip(t *testing.T) {
	m := map[string]Secrets{"b": testSecrets, "a": {ClientSecret: "x <&>", UIDSignature: "s", SignatureTimestamp: "1"}}
	data, err := encodeSecretsFile(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeSecretsFile(data)
	if err != nil || !reflect.DeepEqual(got, m) {
		t.Errorf("got %v %v", got, err)
	}
	if !bytes.Contains(data, []byte("x <&>")) || !json.Valid(data) {
		t.Errorf("not readable JSON:\n%s", data)
	}
}
