package store

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// assertAllSet fails when any field of v (recursively through structs and
// pointers) is zero, so the round-trip fixtures cover every field.
func assertAllSet(t *testing.T, path string, v reflect.Value) {
	t.Helper()
	if v.IsZero() {
		t.Errorf("fixture leaves %s unset; the round-trip test would not cover it", path)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		assertAllSet(t, path, v.Elem())
	case reflect.Struct:
		if v.Type().PkgPath() == "time" {
			return
		}
		for i := range v.NumField() {
			assertAllSet(t, path+"."+v.Type().Field(i).Name, v.Field(i))
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Struct {
			for i := range v.Len() {
				assertAllSet(t, path, v.Index(i))
			}
		}
	}
}

func TestFormatRoundTripEveryField(t *testing.T) {
	p := fullProfile("prod")
	p.History[0].Error = "first failure"
	assertAllSet(t, "Profile", reflect.ValueOf(p))
	sec := testSecrets
	assertAllSet(t, "Secrets", reflect.ValueOf(sec))

	data := encodeProfiles([]Profile{p}, []*Secrets{&sec})
	got, gotSec, err := decodeProfiles(data, true)
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, data)
	}
	if len(got) != 1 || !reflect.DeepEqual(got[0], p) {
		t.Fatalf("profile changed in the round trip:\nwant %#v\ngot  %#v\n%s", p, got, data)
	}
	if *gotSec[0] != sec {
		t.Errorf("secrets changed in the round trip: got %+v", *gotSec[0])
	}
	if again := encodeProfiles(got, gotSec); again != data {
		t.Errorf("second write differs:\n%s\n---\n%s", data, again)
	}
	// The profiles.json form holds no secret and refuses a "secrets" key.
	plain := encodeProfiles([]Profile{p}, nil)
	assertNoSecret(t, "profiles.json", plain)
	if _, _, err := decodeProfiles(data, false); err == nil || !strings.Contains(err.Error(), `unknown key "secrets"`) {
		t.Errorf("profiles.json with secrets: got %v, want an unknown key error", err)
	}
}

func TestSecretsFileRoundTrip(t *testing.T) {
	m := map[string]Secrets{"b": testSecrets, "a": {ClientSecret: "x\"\n\\y"}}
	data := encodeSecretsFile(m)
	got, err := decodeSecretsFile(data)
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, data)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("got %+v, want %+v", got, m)
	}
}

func TestFormatIsHandEditable(t *testing.T) {
	// A hand-written minimal profile, keys in any order, loads.
	doc := `{
  "profiles": [
    {"clientKey": "k", "name": "mine", "endpoint": "http://localhost:8080",
     "deviceInfo": {"osName": "Linux", "model": "PC", "extra": [1, 2]}}
  ],
  "version": 1
}`
	ps, _, err := decodeProfiles(doc, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Name != "mine" || ps[0].DeviceInfo.OSName != "Linux" ||
		len(ps[0].DeviceInfo.Extra) != 1 || string(ps[0].DeviceInfo.Extra[0].Value) != "[1, 2]" {
		t.Errorf("got %+v", ps)
	}
	// The writer puts one key per line.
	out := encodeProfiles(ps, nil)
	if !strings.Contains(out, "\n      \"name\": \"mine\",\n") || !strings.Contains(out, "\"version\": 1,\n") {
		t.Errorf("not pretty-printed:\n%s", out)
	}
}

func validDoc() string {
	return encodeProfiles([]Profile{fullProfile("a"), fullProfile("b")}, nil)
}

// corruptCases are the bad profiles.json contents and a phrase the error
// must contain.
func corruptCases() []struct{ name, data, want string } {
	valid := validDoc()
	return []struct{ name, data, want string }{
		{"garbage", "this is not json at all", "expected the top level"},
		{"binary", "\x00\x01\x02", "unexpected byte 0x00"},
		{"truncated", valid[:len(valid)/2], "truncated"},
		{"invalid UTF-8", strings.Replace(valid, `"Pixel 9"`, "\"Pixel \xff\"", 1), "invalid UTF-8"},
		{"duplicate top-level key", `{"version": 1, "version": 1, "profiles": []}`, `duplicate key "version"`},
		{"duplicate profile key", `{"version": 1, "profiles": [{"name": "a", "name": "b"}]}`, `duplicate key "name"`},
		{"duplicate device key", `{"version": 1, "profiles": [{"name": "a", "deviceInfo": {"x": 1, "x": 2}}]}`, `duplicate key "x"`},
		{"unknown top-level key", `{"version": 1, "profiles": [], "extra": true}`, `unknown key "extra"`},
		{"unknown profile key", `{"version": 1, "profiles": [{"name": "a", "colour": "red"}]}`, `unknown key "colour"`},
		{"newer version", `{"version": 2, "profiles": []}`, "newer authdeck"},
		{"missing version", `{"profiles": []}`, `no "version"`},
		{"trailing data", `{"version": 1, "profiles": []} {}`, "after the end"},
		{"not an object", `[]`, "expected the top level"},
		{"duplicate profile names", `{"version": 1, "profiles": [{"name": "a"}, {"name": "a"}]}`, `both named "a"`},
		{"bad name", `{"version": 1, "profiles": [{"name": "../etc"}]}`, "profile name"},
		{"bad time", `{"version": 1, "profiles": [{"name": "a", "created": "yesterday"}]}`, "not a time"},
		{"string for number", `{"version": "1", "profiles": []}`, "expected a number"},
		{"too big", `{"version": 1, "profiles": []}` + strings.Repeat(" ", MaxFileSize), "larger than"},
	}
}

func TestCorruptFilesAreReportedAndLeftAlone(t *testing.T) {
	for _, tc := range corruptCases() {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTest(t, Options{})
			if err := os.WriteFile(s.Path(), []byte(tc.data), 0o600); err != nil {
				t.Fatal(err)
			}
			before := fileHash(t, s.Path())

			_, err := s.List()
			var ce *CorruptError
			if !errors.As(err, &ce) {
				t.Fatalf("List: got %v, want a *CorruptError", err)
			}
			if ce.Path != s.Path() || !strings.Contains(err.Error(), s.Path()) {
				t.Errorf("error does not name the file %s: %v", s.Path(), err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			// No command writes while the file is broken.
			writes := map[string]error{
				"Save":   s.Save(sampleProfile("new"), &testSecrets, SaveOptions{}),
				"Delete": s.Delete("a"),
				"Rename": s.Rename("a", "c"),
				"Copy":   s.Copy("a", "c"),
			}
			_, writes["Import"] = s.Import([]byte(encodeProfiles([]Profile{sampleProfile("z")}, nil)), true)
			_, writes["Get"] = s.Get("a")
			for op, err := range writes {
				if !errors.As(err, &ce) {
					t.Errorf("%s on a broken file: got %v, want a *CorruptError", op, err)
				}
			}
			if after := fileHash(t, s.Path()); after != before {
				t.Fatal("the broken file was changed")
			}
			if _, err := os.Stat(s.secretsPath()); err == nil {
				t.Error("secrets.json was written although profiles.json is broken")
			}
		})
	}
}

func TestCorruptSecretsFile(t *testing.T) {
	s, _ := openTest(t, Options{})
	if err := s.Save(sampleProfile("a"), &testSecrets, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	bad := []byte(`{"version": 1, "secrets": {"a": {"clientSecret": "` + testClientSecret + `", "clientSecret": "x"}}}`)
	if err := os.WriteFile(s.secretsPath(), bad, 0o600); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, s.secretsPath())
	_, err := s.Secrets("a")
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Path != s.secretsPath() {
		t.Fatalf("got %v, want a *CorruptError naming secrets.json", err)
	}
	assertNoSecret(t, "error", err.Error())
	if err := s.Save(sampleProfile("a"), &Secrets{ClientSecret: "new"}, SaveOptions{}); !errors.As(err, &ce) {
		t.Errorf("Save: got %v, want a *CorruptError", err)
	}
	if fileHash(t, s.secretsPath()) != before {
		t.Error("the broken secrets file was changed")
	}
}

func TestMissingOrEmptyFileIsEmptyStore(t *testing.T) {
	for _, content := range []*string{nil, new(string), ptr(" \n\t")} {
		s, _ := openTest(t, Options{})
		if content != nil {
			if err := os.WriteFile(s.Path(), []byte(*content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		ps, err := s.List()
		if err != nil || len(ps) != 0 {
			t.Errorf("content %v: got %v, %v; want an empty store", content, ps, err)
		}
		if err := s.Save(sampleProfile("a"), nil, SaveOptions{}); err != nil {
			t.Errorf("Save into an empty store: %v", err)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestErrorPositions(t *testing.T) {
	doc := "{\n  \"version\": 1,\n  \"profiles\": [\n    {\"name\": \"a\", \"bogus\": 1}\n  ]\n}\n"
	_, _, err := decodeProfiles(doc, false)
	ce := corrupt("f.json", doc, err)
	if ce.Line != 4 || ce.Column != 19 {
		t.Errorf("got line %d column %d (%v), want 4:19", ce.Line, ce.Column, ce)
	}
}

func FuzzParseProfiles(f *testing.F) {
	f.Add([]byte(validDoc()))
	f.Add([]byte(encodeProfiles([]Profile{fullProfile("x")}, []*Secrets{&testSecrets})))
	f.Add([]byte(`{"version": 1, "profiles": [{"name": "a", "note": "\ud83d\ude00 \ud800 \u0000", "deviceInfo": {"k": {"n": [1.5e3, -0]}}}]}`))
	f.Add([]byte(`{"version": 1, "profiles": [{"name": "a", "history": [{"time": "2026-01-01T00:00:00+05:00", "duration": "1h"}]}]}`))
	f.Add([]byte(""))
	for _, tc := range corruptCases() {
		if len(tc.data) < 4096 {
			f.Add([]byte(tc.data))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, withSecrets := range []bool{false, true} {
			ps, secs, err := decodeProfiles(string(data), withSecrets)
			if err != nil {
				continue
			}
			if !withSecrets {
				secs = nil
			}
			out := encodeProfiles(ps, secs)
			ps2, secs2, err := decodeProfiles(out, withSecrets)
			if err != nil {
				t.Fatalf("written file does not parse: %v\n%s", err, out)
			}
			if !withSecrets {
				secs2 = nil
			}
			if out2 := encodeProfiles(ps2, secs2); out != out2 {
				t.Fatalf("parse → write → parse changed the data:\n%s\n---\n%s", out, out2)
			}
		}
		if m, err := decodeSecretsFile(string(data)); err == nil {
			out := encodeSecretsFile(m)
			m2, err := decodeSecretsFile(out)
			if err != nil || !reflect.DeepEqual(m, m2) {
				t.Fatalf("secrets round trip: %v\n%s", err, out)
			}
		}
	})
}
