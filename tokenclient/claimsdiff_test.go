package tokenclient

import (
	"encoding/base64"
	"strings"
	"testing"
)

// jwtWith builds an unsigned JWT around claims (a JSON object).
func jwtWith(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(claims)) + ".c2ln"
}

func TestDiffClaims(t *testing.T) {
	old := DecodeJWT(jwtWith(`{"iss":"NFL","exp":1795776291,"plans":[{"plan":"free","status":"ACTIVE"}],"id":12345678901234567890,"jti":"a"}`))
	new := DecodeJWT(jwtWith(`{"exp":1795779891,"iss":"NFL","plans":[{"status":"ACTIVE","plan":"free"}],"id":12345678901234567891,"roles":["free"]}`))
	got, err := DiffClaims(old, new)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range got {
		lines = append(lines, c.Claim+" "+string(c.Kind)+" "+string(c.Old)+" "+string(c.New))
	}
	want := []string{
		"exp changed 1795776291 1795779891",
		"id changed 12345678901234567890 12345678901234567891",
		"jti removed \"a\" ",
		"roles added  [\"free\"]",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("DiffClaims:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	same, err := DiffClaims(old, old)
	if err != nil || same != nil {
		t.Errorf("a token against itself: %v, %v; want no changes", same, err)
	}
	if _, err := DiffClaims(DecodeJWT("opaque"), new); err == nil || !strings.Contains(err.Error(), "first token") {
		t.Errorf("an opaque first token: error %v, want one naming the first token", err)
	}
}
