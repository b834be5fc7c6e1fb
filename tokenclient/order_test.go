package tokenclient

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestOrderPutsNamedFieldsFirst(t *testing.T) {
	t.Parallel()
	r := RefreshRequest{TokenRequest: TokenRequest{ClientKey: "k", ClientSecret: "s", DeviceID: "d", DeviceInfo: "i", NetworkType: "other",
		UID: "u", Fields: []Field{{Name: "peacockUUID", Value: json.RawMessage(`"x"`)}},
		RefreshOrder: []string{"networkType", "peacockUUID", "nosuch", "refreshToken"}}, RefreshToken: "rt"}
	var names []string
	for _, p := range r.pairs() {
		names = append(names, p.name)
	}
	if got := strings.Join(names, ","); got != "networkType,peacockUUID,refreshToken,clientKey,clientSecret,deviceId,deviceInfo,uid" {
		t.Errorf("order %s", got)
	}
	if err := (TokenRequest{Order: []string{"uid", "uid", ""}, JSONStyle: "yaml"}).Validate(); err == nil ||
		!strings.Contains(err.Error(), `order: names "uid" twice`) || !strings.Contains(err.Error(), "order: has an empty name") ||
		!strings.Contains(err.Error(), `jsonStyle: "yaml" is not a JSON style`) {
		t.Errorf("a bad order or style: %v", err)
	}
}

func TestPythonJSONStyle(t *testing.T) {
	t.Parallel()
	c := New(Options{BaseURL: "http://127.0.0.1:1"})
	req := TokenRequest{ClientKey: "k", ClientSecret: "s3cret", DeviceID: "d", DeviceInfo: "i", NetworkType: "other", JSONStyle: JSONPython,
		Fields: []Field{{Name: "nested", Value: json.RawMessage(`{"a":[1,"é, 😀: x"]}`)}}}
	p := c.PrepareIssue(req)
	want := `{"clientKey": "k", "clientSecret": "s3cret", "deviceId": "d", "deviceInfo": "i", "networkType": "other", "nested": {"a": [1, "\u00e9, \ud83d\ude00: x"]}}`
	if string(p.Body) != want {
		t.Errorf("python style:\n got %s\nwant %s", p.Body, want)
	}
	if red := p.Redacted(); strings.Contains(string(red.Body), "s3cret") || !strings.Contains(string(red.Body), `"clientSecret": "••••`) {
		t.Errorf("redacted python body: %s", red.Body)
	}
}

func TestSendDecodesTheBodyWhenTheRequestChoseTheEncoding(t *testing.T) {
	t.Parallel()
	const body = `{"accessToken":"a.b.c","expiresIn":1795773600,"refreshToken":"r"}`
	encoders := map[string]func([]byte) []byte{
		"gzip": func(b []byte) []byte {
			var out bytes.Buffer
			w := gzip.NewWriter(&out)
			_, _ = w.Write(b)
			_ = w.Close()
			return out.Bytes()
		},
		"deflate": func(b []byte) []byte {
			var out bytes.Buffer
			w := zlib.NewWriter(&out)
			_, _ = w.Write(b)
			_ = w.Close()
			return out.Bytes()
		},
		"raw-deflate": func(b []byte) []byte {
			var out bytes.Buffer
			w, _ := flate.NewWriter(&out, flate.DefaultCompression)
			_, _ = w.Write(b)
			_ = w.Close()
			return out.Bytes()
		},
		"br": func(b []byte) []byte {
			var out bytes.Buffer
			w := brotli.NewWriter(&out)
			_, _ = w.Write(b)
			_ = w.Close()
			return out.Bytes()
		},
		"compress": func(b []byte) []byte { return b },
	}
	ran := 0
	for name, enc := range encoders {
		coding := strings.TrimPrefix(name, "raw-")
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", coding)
			_, _ = w.Write(enc([]byte(body)))
		}))
		c := New(Options{BaseURL: srv.URL})
		req := TokenRequest{ClientKey: "k", ClientSecret: "s", DeviceID: "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d", DeviceInfo: "eyJ9", NetworkType: "other",
			Headers: []Header{{Name: "Accept-Encoding", Value: "gzip, compress, deflate, br"}}}
		res, err := c.Send(context.Background(), c.PrepareIssue(req))
		srv.Close()
		switch {
		case name == "compress":
			if err == nil || !strings.Contains(err.Error(), "compress-encoded") {
				t.Errorf("compress: %v, want an error naming the coding", err)
			}
		case err != nil || res.Token.AccessToken != "a.b.c":
			t.Errorf("%s: %v %+v", name, err, res)
		}
		ran++
	}
	if ran != 5 {
		t.Fatalf("ran %d", ran)
	}
}
