package store

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
		says string
	}{
		{"prod", true, ""},
		{"staging-2.eu_west", true, ""},
		{"A", true, ""},
		{strings.Repeat("x", 64), true, ""},
		{"...", true, ""},
		{"", false, "is empty"},
		{strings.Repeat("x", 65), false, "65 characters"},
		{".", false, "path component"},
		{"..", false, "path component"},
		{"a/b", false, "a slash"},
		{`a\b`, false, "a slash"},
		{"../x", false, "a slash"},
		{"my profile", false, "a space"},
		{"tab\there", false, "control character"},
		{"nul\x00", false, "control character"},
		{"é", false, `'é'`},
		{"a:b", false, `':'`},
	} {
		err := ValidateName(tc.name)
		if (err == nil) != tc.ok {
			t.Errorf("ValidateName(%q) = %v, want ok=%v", tc.name, err, tc.ok)
			continue
		}
		if err != nil {
			var ne *NameError
			if !errors.As(err, &ne) {
				t.Errorf("ValidateName(%q): %T, want *NameError", tc.name, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.says) || !strings.Contains(msg, "letters, digits, '.', '_' or '-'") {
				t.Errorf("ValidateName(%q) = %q; want it to say %q and what is allowed", tc.name, msg, tc.says)
			}
		}
	}
}

func TestValidateEndpoint(t *testing.T) {
	for _, tc := range []struct {
		url  string
		ok   bool
		says string
	}{
		{"https://api.nfl.com", true, ""},
		{"https://api.example.com:8443/base/", true, ""},
		{"http://localhost:8080", true, ""},
		{"http://LOCALHOST", true, ""},
		{"http://127.0.0.1:41234", true, ""},
		{"http://127.255.0.9", true, ""},
		{"http://[::1]:9000", true, ""},
		{"https://10.0.0.1", true, ""},
		{"http://api.example.com", false, "not loopback"},
		{"http://10.0.0.1", false, "not loopback"},
		{"http://128.0.0.1", false, "not loopback"},
		{"http://localhost.evil.com", false, "not loopback"},
		{"http://localhost.:8765", false, "not loopback"}, // a trailing dot goes to DNS
		{"http://x.localhost", false, "not loopback"},
		{"http://127.1", false, "not loopback"}, // not an IP literal Go parses: resolved by DNS
		{"https://api.example.com:0", false, "port 0"},
		{"https://api.example.com:65536", false, "port 65536"},
		{"http://127.0.0.1:99999", false, "port 99999"},
		{"https://api.example.com:65535", true, ""},
		{"https://api.nfl.com/identity/v3/token", false, "save the base URL https://api.nfl.com instead"},
		{"https://api.nfl.com/identity/v3/token/", false, "save the base URL https://api.nfl.com instead"},
		{"https://gw.example/nfl/identity/v3/token/refresh", false, "save the base URL https://gw.example/nfl instead"},
		{"https://api.nfl.com/identity/v3", true, ""},
		{"ftp://api.example.com", false, `scheme "ftp"`},
		{"api.example.com", false, "no scheme"},
		{"", false, "is empty"},
		{"https://", false, "no host"},
		{"https://user:pw@api.example.com", false, "user info"},
		{"https://user@api.example.com", false, "user info"},
		{"https://api.example.com?x=1", false, "query"},
		{"https://api.example.com#frag", false, "fragment"},
		{" https://api.example.com", false, "spaces"},
		{"https://exa mple.com", false, "not a URL"},
	} {
		err := ValidateEndpoint(tc.url)
		if (err == nil) != tc.ok {
			t.Errorf("ValidateEndpoint(%q) = %v, want ok=%v", tc.url, err, tc.ok)
			continue
		}
		if err != nil {
			msg := err.Error()
			if !strings.Contains(msg, tc.says) || !strings.Contains(msg, "use an https:// base URL") {
				t.Errorf("ValidateEndpoint(%q) = %q; want it to say %q and what is allowed", tc.url, msg, tc.says)
			}
			if strings.Contains(msg, ":pw@") {
				t.Errorf("ValidateEndpoint(%q) repeats the password: %q", tc.url, msg)
			}
		}
	}
}

func TestSaveValidatesFields(t *testing.T) {
	s, _ := openTest(t, Options{})
	bad := map[string]func(p *Profile){
		"name":        func(p *Profile) { p.Name = "a b" },
		"endpoint":    func(p *Profile) { p.Endpoint = "http://example.com" },
		"networkType": func(p *Profile) { p.NetworkType = "5g" },
		"extra json":  func(p *Profile) { p.DeviceInfo.Extra[0].Value = []byte("{") },
		"extra dup":   func(p *Profile) { p.DeviceInfo.Extra[0].Key = "model" },
		"utf8":        func(p *Profile) { p.Note = "\xff" },
		"jsonStyle":   func(p *Profile) { p.JSONStyle = "pretty" },
		"order":       func(p *Profile) { p.Order = []string{"clientKey", "peacockUUID"} },
		"order twice": func(p *Profile) { p.RefreshOrder = []string{"uid", "uid"} },
	}
	for what, mutate := range bad {
		p := sampleProfile("ok")
		mutate(&p)
		if err := s.Save(p, nil, SaveOptions{}); err == nil {
			t.Errorf("%s: Save accepted an invalid profile", what)
		}
	}
	if ps, _ := s.List(); len(ps) != 0 {
		t.Errorf("invalid saves wrote %d profiles", len(ps))
	}
}
