package tokenclient

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMaskValuesMasksWholeValuesOnly(t *testing.T) {
	t.Parallel()
	cases := []struct {
		s, want string
		values  []string
	}{
		// A one-letter secret is never substituted inside words.
		{"connection refused by 127.0.0.1:9", "connection refused by 127.0.0.1:9", []string{"s"}},
		// ... and a text where it stands alone is not shown.
		{"bad secret s for client", NotShown, []string{"s"}},
		{`{"error":"invalid secret","got":"abc"}`, NotShown, []string{"abc"}},
		// 4 to 11 bytes: whole words only.
		{"connection refused", "connection refused", []string{"used"}},
		{"the secret hunter2 is wrong", "the secret " + Mask + " is wrong", []string{"hunter2"}},
		{`clientSecret=hunter2&x=1`, `clientSecret=` + Mask + `&x=1`, []string{"hunter2"}},
		{`"hunter2"`, `"` + Mask + `"`, []string{"hunter2"}},
		{"hunter2x and hunter2", "hunter2x and " + Mask, []string{"hunter2"}},
		// 12 bytes or more: everywhere, glued to other characters too.
		{"%22SECRET-0123456789%22", "%22" + Mask + "%22", []string{"SECRET-0123456789"}},
		{"", "", []string{"x", ""}},
		{"nothing to hide", "nothing to hide", nil},
	}
	for _, c := range cases {
		if got := MaskValues(c.s, c.values...); got != c.want {
			t.Errorf("MaskValues(%q, %q) = %q, want %q", c.s, c.values, got, c.want)
		}
	}
}

// TestShortSecretDoesNotMangleANetworkError: with the client secret "s", a
// refused connection still reads "connection refused".
func TestShortSecretDoesNotMangleANetworkError(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := New(Options{BaseURL: "http://" + addr})
	req := TokenRequest{ClientKey: "key", ClientSecret: "s", DeviceID: "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d", NetworkType: "other",
		DeviceInfo: "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0="}
	_, err = c.Issue(context.Background(), req)
	var ne *NetworkError
	if !errors.As(err, &ne) {
		t.Fatalf("%v", err)
	}
	if !strings.Contains(err.Error(), "connection refused") || strings.Contains(err.Error(), Mask) {
		t.Errorf("%q", err)
	}
}

// TestErrorExcerptWithAShortSecretSaysItIsNotShown: a body that echoes a
// secret too short to mask is withheld, and the error says so.
func TestErrorExcerptWithAShortSecretSaysItIsNotShown(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"message":"unknown secret xy for this client"}`))
	}))
	defer srv.Close()
	c := New(Options{BaseURL: srv.URL})
	req := TokenRequest{ClientKey: "key", ClientSecret: "xy", DeviceID: "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d", NetworkType: "other",
		DeviceInfo: "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0="}
	_, err := c.Issue(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), NotShown) || strings.Contains(err.Error(), " xy ") {
		t.Errorf("%v", err)
	}
}
