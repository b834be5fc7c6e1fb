package device

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

const (
	publicJSON   = `{"model":"desktop","version":"Chrome","osName":"Windows","osVersion":"10"}`
	publicBase64 = "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0="
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestEncodePublicExample(t *testing.T) {
	info := Info{Model: "desktop", Version: "Chrome", OSName: "Windows", OSVersion: "10"}
	if got := string(info.JSON()); got != publicJSON {
		t.Fatalf("JSON() = %s\nwant      %s", got, publicJSON)
	}
	if got := Encode(info); got != publicBase64 {
		t.Fatalf("Encode() = %s\nwant        %s", got, publicBase64)
	}
}

func TestDecodePublicExample(t *testing.T) {
	got, err := Decode(publicBase64)
	if err != nil {
		t.Fatal(err)
	}
	want := Info{Model: "desktop", Version: "Chrome", OSName: "Windows", OSVersion: "10"}
	if got.Model != want.Model || got.Version != want.Version || got.OSName != want.OSName ||
		got.OSVersion != want.OSVersion || len(got.Extra) != 0 {
		t.Fatalf("Decode = %+v, want %+v", got, want)
	}
}

func TestJSONDoesNotEscapeHTML(t *testing.T) {
	info := Info{Model: "a<b>&c", Version: `q"uote\`, OSName: "é", OSVersion: "1"}
	want := `{"model":"a<b>&c","version":"q\"uote\\","osName":"é","osVersion":"1"}`
	if got := string(info.JSON()); got != want {
		t.Fatalf("JSON() = %s, want %s", got, want)
	}
}

func TestRoundTripWithExtraKeys(t *testing.T) {
	cases := []string{
		`{"model":"phone","version":"7.2.1","osName":"Android","osVersion":"14","vendor":"Pixel","sdk":34,"flags":[1,"a<b",{"x":null}],"tv":false}`,
		`{"model":"desktop","version":"Chrome","osName":"Windows","osVersion":"10","z":"1","a":"2","m":{"k":"v"}}`,
		publicJSON,
	}
	for _, js := range cases {
		enc := b64(js)
		info, err := Decode(enc)
		if err != nil {
			t.Fatalf("Decode(%s): %v", js, err)
		}
		if got := Encode(info); got != enc {
			t.Errorf("round trip changed %s\n  got JSON %s", js, info.JSON())
		}
	}
	info, _ := Decode(b64(cases[1]))
	var keys []string
	for _, f := range info.Extra {
		keys = append(keys, f.Key)
	}
	if strings.Join(keys, ",") != "z,a,m" {
		t.Errorf("extra key order = %v, want z,a,m", keys)
	}
}

func TestDecodeNormalisesOrderAndSpace(t *testing.T) {
	in := " {\n \"extra\" : [ 1, 2 ],\n \"osVersion\":\"10\", \"osName\":\"Windows\",\"version\":\"Chrome\",\"model\":\"desktop\" }\n"
	info, err := Decode("  " + b64(in) + "\n")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"model":"desktop","version":"Chrome","osName":"Windows","osVersion":"10","extra":[1,2]}`
	if got := string(info.JSON()); got != want {
		t.Fatalf("JSON() = %s, want %s", got, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		want    error
		mention string
	}{
		{"not base64", "not base64!", ErrNotBase64, "base64"},
		{"url-safe base64", "eyJ-_w==", ErrNotBase64, "URL-safe"},
		{"missing padding", strings.TrimRight(publicBase64, "="), ErrNotBase64, "padding"},
		{"garbage is not told to pad", "garbage!!!", ErrNotBase64, `'!' at position 8, which is not in the base64 alphabet`},
		{"space inside", "eyJt ZGVs", ErrNotBase64, `' ' at position 5`},
		{"non-ASCII", "eyJtö2Rl", ErrNotBase64, "U+00F6 at position 5"},
		{"empty", "", ErrNotJSON, "empty"},
		{"not JSON", b64("model=desktop"), ErrNotJSON, "JSON"},
		{"truncated JSON", b64(`{"model":"desktop"`), ErrNotJSON, "JSON"},
		{"two values", b64(`{} {}`), ErrNotJSON, "JSON"},
		{"array", b64(`["desktop"]`), ErrNotObject, "an array"},
		{"string", b64(`"desktop"`), ErrNotObject, "a string"},
		{"number", b64(`42`), ErrNotObject, "a number"},
		{"null", b64(`null`), ErrNotObject, "null"},
		{"missing model", b64(`{"version":"Chrome","osName":"Windows","osVersion":"10"}`), ErrMissingKey, `"model"`},
		{"missing osVersion", b64(`{"model":"desktop","version":"Chrome","osName":"Windows"}`), ErrMissingKey, `"osVersion"`},
		{"number osVersion", b64(`{"model":"desktop","version":"Chrome","osName":"Windows","osVersion":10}`), ErrNotString, `"osVersion" holds a JSON number`},
		{"null model", b64(`{"model":null,"version":"Chrome","osName":"Windows","osVersion":"10"}`), ErrNotString, `"model" holds a JSON null`},
		{"object osName", b64(`{"model":"d","version":"Chrome","osName":{},"osVersion":"10"}`), ErrNotString, `"osName" holds a JSON object`},
	}
	all := []error{ErrNotBase64, ErrNotJSON, ErrNotObject, ErrMissingKey, ErrNotString}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(c.in)
			if err == nil {
				t.Fatal("Decode succeeded, want error")
			}
			for _, e := range all {
				if errors.Is(err, e) != (e == c.want) {
					t.Errorf("errors.Is(%v, %v) = %v", err, e, errors.Is(err, e))
				}
			}
			if !strings.Contains(err.Error(), c.mention) {
				t.Errorf("error %q does not mention %q", err, c.mention)
			}
			if c.want == ErrNotBase64 && c.name != "missing padding" && strings.Contains(err.Error(), "add the = padding") {
				t.Errorf("error %q advises padding for a character problem", err)
			}
		})
	}
}

func TestMissingKeyErrorAs(t *testing.T) {
	_, err := Decode(b64(`{"model":"desktop","version":"Chrome","osVersion":"10"}`))
	var mk *MissingKeyError
	if !errors.As(err, &mk) || mk.Key != "osName" {
		t.Fatalf("err = %v, want *MissingKeyError{osName}", err)
	}
	_, err = Decode(b64(`{"model":"desktop","version":true,"osName":"x","osVersion":"10"}`))
	var kt *KeyTypeError
	if !errors.As(err, &kt) || kt.Key != "version" || kt.Kind != "boolean" {
		t.Fatalf("err = %v, want *KeyTypeError{version, boolean}", err)
	}
}

func TestJSONInvalidExtraIsStillJSON(t *testing.T) {
	info := Info{Model: "m", Version: "v", OSName: "o", OSVersion: "1",
		Extra: []ExtraField{{Key: "bad", Value: json.RawMessage("{nope")}, {Key: "empty"}}}
	out := info.JSON()
	if !json.Valid(out) {
		t.Fatalf("JSON() = %s, not valid JSON", out)
	}
	want := `{"model":"m","version":"v","osName":"o","osVersion":"1","bad":"{nope","empty":""}`
	if string(out) != want {
		t.Fatalf("JSON() = %s, want %s", out, want)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(publicBase64)
	f.Add(b64(`{"model":"phone","version":"1","osName":"Android","osVersion":"14","x":[1,{"y":"<&>"}]}`))
	f.Add(b64(`{"model":"\u2028","version":"\ud800","osName":"a","osVersion":"b"}`))
	f.Add(b64(`[]`))
	f.Add("%%%")
	f.Fuzz(func(t *testing.T, s string) {
		info, err := Decode(s)
		if err != nil {
			return
		}
		enc := Encode(info)
		again, err := Decode(enc)
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(%q))) failed: %v", s, err)
		}
		if !sameInfo(info, again) {
			t.Fatalf("round trip changed info:\n %+v\n %+v", info, again)
		}
		if Encode(again) != enc {
			t.Fatalf("Encode not stable after one round trip")
		}
	})
}

func sameInfo(a, b Info) bool {
	if a.Model != b.Model || a.Version != b.Version || a.OSName != b.OSName || a.OSVersion != b.OSVersion ||
		len(a.Extra) != len(b.Extra) {
		return false
	}
	for n := range a.Extra {
		if a.Extra[n].Key != b.Extra[n].Key || string(a.Extra[n].Value) != string(b.Extra[n].Value) {
			return false
		}
	}
	return true
}

func BenchmarkEncode(b *testing.B) {
	info := Info{Model: "desktop", Version: "Chrome", OSName: "Windows", OSVersion: "10"}
	b.ReportAllocs()
	for b.Loop() {
		_ = Encode(info)
	}
}

func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(publicBase64); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzJSONString checks JSON() writes every string exactly as encoding/json
// does with HTML escaping off.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"plain", "a<b>&c", "q\"\\", "\x00\x1f\x7f", "\u2028\u2029", "\xff\xfe", "é漢🙂", "\b\f\n\r\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		w := strings.TrimSuffix(want.String(), "\n")
		got := string(Info{Model: s, Version: s, OSName: s, OSVersion: s}.JSON())
		exp := `{"model":` + w + `,"version":` + w + `,"osName":` + w + `,"osVersion":` + w + `}`
		if got != exp {
			t.Fatalf("JSON() = %s\nwant     %s", got, exp)
		}
	})
}
