package tokenclient

import (
	"errors"
	"testing"
)

func TestNotSentReadsAValidationErrorsText(t *testing.T) {
	t.Parallel()
	noSecret := TokenRequest{ClientKey: "k", DeviceID: "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d", NetworkType: "other",
		DeviceInfo: "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwIn0="}
	twoProblems := noSecret
	twoProblems.ClientKey = ""
	badID := noSecret
	badID.ClientSecret, badID.DeviceID = "s", "nope"
	for _, c := range []struct {
		text              string
		notSent, noSecret bool
	}{
		{noSecret.Validate().Error(), true, true},
		{twoProblems.Validate().Error(), true, true},
		{badID.Validate().Error(), true, false},
		{"connection refused by 127.0.0.1:1; is the server running and the port right?", false, false},
		{"status 401: invalid request: clientSecret: is required", false, false},
		{"", false, false},
	} {
		notSent, noSec := NotSent(c.text)
		if notSent != c.notSent || noSec != c.noSecret {
			t.Errorf("NotSent(%q) = %v, %v; want %v, %v", c.text, notSent, noSec, c.notSent, c.noSecret)
		}
	}
	var ve *ValidationError
	if !errors.As(noSecret.Validate(), &ve) {
		t.Fatal("not a ValidationError")
	}
}
