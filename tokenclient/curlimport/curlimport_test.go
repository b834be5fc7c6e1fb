package curlimport

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/authdeck/authdeck/tokenclient"
)

// The device info of an Android client: 16 keys, not in the canonical order.
const androidInfo = "eyJjYXBhYmlsaXRpZXMiOnt9LCJjdHZEZXZpY2UiOiJBbmRyb2lkVFYiLCJtb2RlbCI6IlBpeGVsXzUiLCJvc05hbWUiOiJBbmRyb2lkIiwib3NWZXJzaW9uIjoiMTMiLCJ2ZXJzaW9uIjoicmVkZmluIn0="

const webInfo = "eyJtb2RlbCI6ImRlc2t0b3AiLCJ2ZXJzaW9uIjoiQ2hyb21lIiwib3NOYW1lIjoiV2luZG93cyIsIm9zVmVyc2lvbiI6IjEwLjAifQ=="

// webBody is in the order tokenclient sends, so the round trip is exact.
const webBody = `{"clientKey":"4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g","clientSecret":"CZuvCL49d9OwfGsR","deviceId":"3cfdef35-c7fe-4f2d-8630-1ec72f52b44d","deviceInfo":"` + webInfo + `","networkType":"other","peacockUUID":"undefined"}`

// chromeLine is Chrome 128's "Copy as cURL (bash)" of the NFL.com token call.
const chromeLine = `curl 'https://api.nfl.com/identity/v3/token' \
  -H 'accept: */*' \
  -H 'accept-language: en-US,en;q=0.9' \
  -H 'content-type: application/json' \
  -b 'gig_bootstrap_3_Qf=identity_ver4; _ga=GA1.1.1234' \
  -H 'origin: https://www.nfl.com' \
  -H 'priority: u=1, i' \
  -H 'referer: https://www.nfl.com/' \
  -H 'sec-ch-ua: "Chromium";v="128", "Not;A=Brand";v="24", "Google Chrome";v="128"' \
  -H 'sec-ch-ua-mobile: ?0' \
  -H 'sec-ch-ua-platform: "Windows"' \
  -H 'sec-fetch-dest: empty' \
  -H 'sec-fetch-mode: cors' \
  -H 'sec-fetch-site: same-site' \
  -H 'user-agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36' \
  --data-raw '` + webBody + `'`

// firefoxLine is Firefox 130's "Copy as cURL (POSIX)" of the same call, on
// one line, with the headers Firefox adds.
const firefoxLine = `curl 'https://api.nfl.com/identity/v3/token' --compressed -X POST -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0' -H 'Accept: */*' -H 'Accept-Language: en-US,en;q=0.5' -H 'Accept-Encoding: gzip, deflate, br, zstd' -H 'Referer: https://www.nfl.com/' -H 'Content-Type: application/json' -H 'Origin: https://www.nfl.com' -H 'Connection: keep-alive' -H 'Cookie: gig_bootstrap=x; _ga=GA1' -H 'Sec-Fetch-Dest: empty' -H 'Sec-Fetch-Mode: cors' -H 'Sec-Fetch-Site: same-site' -H 'Priority: u=4' -H 'TE: trailers' --data-raw '` + webBody + `'`

// chromeSignedIn uses $'...' (Chrome's form when the body has a quote or
// non-ASCII) and carries the signed-in user's fields.
const chromeSignedIn = `curl 'https://api.nfl.com/identity/v3/token' \
  -H 'content-type: application/json' \
  --data-raw $'{"clientKey":"key","clientSecret":"sec","deviceId":"3cfdef35-c7fe-4f2d-8630-1ec72f52b44d","deviceInfo":"` + webInfo + `","networkType":"other","peacockUUID":"it\'s \\u00e9","signatureTimestamp":"1758729047","uid":"user-42","uidSignature":"qNq0S3RbHPgM1ncXudWaVqwdkyM="}'`

// formLine is a form-encoded Android-style script call with an extra
// header and -A.
var formLine = `curl -X POST https://id.example.test:8443/proxy/identity/v3/token \
  -H "Content-Type: application/x-www-form-urlencoded" \
  -H "X-Client: android" \
  -A 'okhttp/4.12.0' \
  -d 'clientKey=key&clientSecret=s%26c&deviceId=3cfdef35-c7fe-4f2d-8630-1ec72f52b44d' \
  -d "deviceInfo=` + strings.ReplaceAll(androidInfo, "=", "%3D") + `&networkType=wifi&mvpdIdp=comcast&trial=true"`

func TestParseRealisticLines(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, line, base string
		enc              tokenclient.Encoding
		ua               string
		headers          []string // "Name: value"
		fields           []string // name=raw JSON
		dropped          []string // substrings of Dropped
		exactBody        string   // the prepared body must be these bytes
	}{
		{
			name: "chrome json", line: chromeLine, base: "https://api.nfl.com", enc: tokenclient.EncodingJSON,
			ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
			headers: []string{"accept: */*", "accept-language: en-US,en;q=0.9", "origin: https://www.nfl.com", "priority: u=1, i",
				"referer: https://www.nfl.com/", `sec-ch-ua: "Chromium";v="128", "Not;A=Brand";v="24", "Google Chrome";v="128"`,
				"sec-ch-ua-mobile: ?0", `sec-ch-ua-platform: "Windows"`, "sec-fetch-dest: empty", "sec-fetch-mode: cors", "sec-fetch-site: same-site"},
			fields:    []string{`peacockUUID="undefined"`},
			dropped:   []string{"-b (cookies)"},
			exactBody: webBody,
		},
		{
			name: "firefox json", line: firefoxLine, base: "https://api.nfl.com", enc: tokenclient.EncodingJSON,
			ua: "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
			headers: []string{"Accept: */*", "Accept-Language: en-US,en;q=0.5", "Referer: https://www.nfl.com/", "Origin: https://www.nfl.com",
				"Sec-Fetch-Dest: empty", "Sec-Fetch-Mode: cors", "Sec-Fetch-Site: same-site", "Priority: u=4"},
			fields:    []string{`peacockUUID="undefined"`},
			dropped:   []string{"Accept-Encoding header", "Connection header", "Cookie header", "TE header"},
			exactBody: webBody,
		},
		{
			name: "chrome signed in with $'…'", line: chromeSignedIn, base: "https://api.nfl.com", enc: tokenclient.EncodingJSON,
			fields: []string{`peacockUUID="it's \u00e9"`},
		},
		{
			name: "form body, two -d, -A, port and prefix", line: formLine, base: "https://id.example.test:8443/proxy", enc: tokenclient.EncodingForm,
			ua: "okhttp/4.12.0", headers: []string{"X-Client: android"}, fields: []string{`mvpdIdp="comcast"`, `trial="true"`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(c.line)
			if err != nil {
				t.Fatal(err)
			}
			r := got.Request
			if got.BaseURL != c.base || r.Encoding != c.enc || r.UserAgent != c.ua {
				t.Errorf("base %q enc %q ua %q", got.BaseURL, r.Encoding, r.UserAgent)
			}
			var hs []string
			for _, h := range r.Headers {
				hs = append(hs, h.Name+": "+h.Value)
			}
			if strings.Join(hs, "\n") != strings.Join(c.headers, "\n") {
				t.Errorf("headers\n%s\nwant\n%s", strings.Join(hs, "\n"), strings.Join(c.headers, "\n"))
			}
			var fs []string
			for _, f := range r.Fields {
				fs = append(fs, f.Name+"="+string(f.Value))
			}
			if strings.Join(fs, " ") != strings.Join(c.fields, " ") {
				t.Errorf("fields %v, want %v", fs, c.fields)
			}
			all := strings.Join(got.Dropped, "\n")
			for _, d := range c.dropped {
				if !strings.Contains(all, d) {
					t.Errorf("dropped %q does not say %q", all, d)
				}
			}
			if strings.Contains(all, "gig_bootstrap") {
				t.Error("a dropped note holds the cookie's value")
			}
			if err := r.Validate(); err != nil {
				t.Errorf("imported request does not validate: %v", err)
			}
			if c.exactBody != "" {
				p := tokenclient.New(tokenclient.Options{BaseURL: got.BaseURL}).PrepareIssue(r)
				if string(p.Body) != c.exactBody {
					t.Errorf("body sent\n%s\nwant\n%s", p.Body, c.exactBody)
				}
			}
		})
	}
}

// A terminal pastes line breaks as CR (tmux, most terminals in bracketed
// paste), a Windows file has CR LF: the continuations still join.
func TestParseCRLineBreaks(t *testing.T) {
	t.Parallel()
	for _, nl := range []string{"\r", "\r\n"} {
		got, err := Parse(strings.ReplaceAll(chromeLine, "\n", nl))
		if err != nil {
			t.Fatalf("%q line breaks: %v", nl, err)
		}
		if got.BaseURL != "https://api.nfl.com" || len(got.Request.Headers) != 11 {
			t.Fatalf("%q line breaks: %+v", nl, got)
		}
	}
}

func TestParseStandardFields(t *testing.T) {
	t.Parallel()
	got, err := Parse(chromeSignedIn)
	if err != nil {
		t.Fatal(err)
	}
	r := got.Request
	if r.ClientKey != "key" || r.ClientSecret != "sec" || r.DeviceID != "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d" ||
		r.DeviceInfo != webInfo || r.NetworkType != "other" || r.UID != "user-42" ||
		r.UIDSignature != "qNq0S3RbHPgM1ncXudWaVqwdkyM=" || r.SignatureTimestamp != "1758729047" {
		t.Fatalf("%+v", r)
	}
	form, err := Parse(formLine)
	if err != nil {
		t.Fatal(err)
	}
	if form.Request.ClientSecret != "s&c" || form.Request.DeviceInfo != androidInfo || form.Request.NetworkType != "wifi" {
		t.Fatalf("form: %+v", form.Request)
	}
}

func TestParseRefreshCallDropsTheRefreshToken(t *testing.T) {
	t.Parallel()
	got, err := Parse(`curl https://api.nfl.com/identity/v3/token/refresh -H 'Content-Type: application/json' --data-raw '{"clientKey":"k","refreshToken":"rt-SECRET","uid":"u"}'`)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Refresh || got.BaseURL != "https://api.nfl.com" || got.Request.UID != "u" || len(got.Request.Fields) != 0 {
		t.Fatalf("%+v", got)
	}
	if strings.Contains(strings.Join(got.Dropped, " "), "rt-SECRET") || !strings.Contains(strings.Join(got.Dropped, " "), "refreshToken") {
		t.Fatalf("dropped %v", got.Dropped)
	}
}

func TestParseErrorsNameTheProblem(t *testing.T) {
	t.Parallel()
	cases := []struct{ line, want string }{
		{"", "empty"},
		{"wget https://api.nfl.com/identity/v3/token", "first word of the command is not curl"},
		{"curl -H 'a: b' --data-raw '{}'", "no URL"},
		{"curl https://api.nfl.com/identity/v3/token", "no body"},
		{"curl https://api.nfl.com/other -d '{}'", "path (word 2) is not the token call"},
		{"curl ftp://api.nfl.com/identity/v3/token -d '{}'", "not an http"},
		{"curl https://api.nfl.com/identity/v3/token -X PUT -d '{}'", "method (PUT) is not POST"},
		{"curl https://api.nfl.com/identity/v3/token -d \"{\\\"clientSecret\\\":\\\"$SECRET\\\"}\"", "variable ($SECRET)"},
		{"curl https://api.nfl.com/identity/v3/token -d \"$(cat body)\"", "command substitution"},
		{"curl https://api.nfl.com/identity/v3/token -d @body.json", "from a file"},
		{"curl https://api.nfl.com/identity/v3/token --frobnicate -d '{}'", "word 3 is a curl option"},
		{"curl https://api.nfl.com/identity/v3/token -H", "word 3 (-H) needs a value"},
		{"curl https://api.nfl.com/identity/v3/token -H 'nocolon' -d '{}'", "word 4 (the value of -H) is not a header"},
		{"curl https://api.nfl.com/identity/v3/token -d '{\"clientKey\":1}'", "clientKey is not a string: it holds a JSON number"},
		{"curl https://api.nfl.com/identity/v3/token -d '{\"clientSecret\":{\"x\":\"hunter2\"}}'", "clientSecret is not a string"},
		{"curl https://api.nfl.com/identity/v3/token -H 'Content-Type: application/json' -d '[1]'", "not an object"},
		{"curl https://api.nfl.com/identity/v3/token -H 'Content-Type: application/json' -d '{\"a\":'", "not a JSON object"},
		{"curl https://api.nfl.com/identity/v3/token -H 'Content-Type: text/plain' -d 'x'", "neither JSON nor a form"},
		{"curl https://api.nfl.com/identity/v3/token -d '{\"a\":1,\"a\":2}'", "body fields 1 and 2 have the same name"},
		{"curl https://a/identity/v3/token https://b/identity/v3/token -d '{}'", "words 2 and 3 both stand where the URL goes"},
		{"curl 'https://api.nfl.com/identity/v3/token' | jq .", "not a plain curl command"},
		{"curl a; curl b", "more than one command"},
		{"curl 'https://api.nfl.com/identity/v3/token", "does not read as one shell command line"},
		{`curl ^"https://api.nfl.com/identity/v3/token^" ^` + "\n" + ` --data-raw ^"^{^}^"`, "Copy as cURL (bash)"},
		{"curl https://user:pw@api.nfl.com/identity/v3/token -d '{}'", "user name or password"},
	}
	for _, c := range cases {
		_, err := Parse(c.line)
		if err == nil {
			t.Errorf("%q: no error, want one saying %q", c.line, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %q does not say %q", c.line, err, c.want)
		}
		if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "pw@") {
			t.Errorf("%q: error %q quotes a secret", c.line, err)
		}
	}
}

// TestParseErrorsNeverQuoteAWord puts a secret in every place a word can be
// refused and checks that no error repeats it: words are named by their
// position.
func TestParseErrorsNeverQuoteAWord(t *testing.T) {
	t.Parallel()
	const sec = "S3CR3T-hunter2-value"
	const u = "https://api.nfl.com/identity/v3/token"
	lines := []string{
		sec + " " + u + " -d '{}'",                                                                 // the first word
		"curl " + u + " " + sec + " -d '{}'",                                                       // a stray word where the URL goes
		"curl " + sec + " -d '{}'",                                                                 // the only URL
		"curl https://" + sec + ".example/other -d '{}'",                                           // a URL with a wrong path
		"curl 'https://api.nfl.com:99" + sec + "/identity/v3/token' -d '{}'",                       // a URL that does not parse
		"curl ftp://" + sec + "/identity/v3/token -d '{}'",                                         // not http
		"curl https://u:" + sec + "@api.nfl.com/identity/v3/token -d '{}'",                         // user info
		"curl " + u + " -H 'Authorization Bearer " + sec + "' -d '{}'",                             // a malformed header
		"curl " + u + " -H 'Content-Type: " + sec + "' -d 'x'",                                     // an unknown Content-Type
		"curl " + u + " -X " + sec + " -d '{}'",                                                    // a method
		"curl " + u + " -" + sec + " -d '{}'",                                                      // an unknown option
		"curl " + u + " --" + sec + "=x -d '{}'",                                                   // an unknown long option
		"curl " + u + " -d @" + sec,                                                                // a body file
		"curl " + u + " --url " + sec + " -d '{}'",                                                 // two URLs, the second by --url
		"curl " + u + " -d '{\"" + sec + "\":1,\"" + sec + "\":2}'",                                // a field name given twice
		"curl " + u + " -H 'Content-Type: application/x-www-form-urlencoded' -d '" + sec + "=%zz'", // a bad %-escape
		"curl " + u + " -d '{\"clientSecret\":\"" + sec + "\",'",                                   // JSON cut off
		"curl " + u + " -d '" + sec + "",                                                           // an open quote
		"curl " + u + " -d \"" + sec + "$(x)\"",                                                    // a command substitution
		"curl " + u + " -d \"${" + sec + "}\"",                                                     // a variable
		"curl " + u + " -H ':" + sec + ": x' -d '{\"clientKey\":\"k\"}'",                           // a header with no name before its ":"
	}
	errs := 0
	for _, line := range lines {
		got, err := Parse(line)
		if err == nil {
			if d := strings.Join(got.Dropped, "\n"); strings.Contains(d, sec) {
				t.Errorf("%q: Dropped repeats the secret: %s", line, d)
			}
			continue
		}
		errs++
		if strings.Contains(err.Error(), sec) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%q: error repeats the secret: %s", line, err)
		}
	}
	if errs != len(lines) {
		t.Errorf("%d of %d lines were refused, want all", errs, len(lines))
	}
}

// TestParseRefusesTextThatIsNotUTF8: a credential with bytes that are no
// character is refused, never saved with U+FFFD in their place.
func TestParseRefusesTextThatIsNotUTF8(t *testing.T) {
	t.Parallel()
	const u = "https://api.nfl.com/identity/v3/token"
	for line, want := range map[string]string{
		"curl " + u + " -d $'{\"clientKey\":\"k\",\"clientSecret\":\"s\\xff\"}'":                                   "word 4 of the command (line 1) is not valid UTF-8",
		"curl " + u + " -H $'X-A: \\xc3' -d '{}'":                                                                  "word 4 of the command (line 1) is not valid UTF-8",
		"curl " + u + ` -d '{"clientKey":"k","clientSecret":"s\ud800"}'`:                                           "body field 2 holds a \\u escape that is no character",
		"curl " + u + ` -d '{"clientKey":"k","x\udfffy":"v"}'`:                                                     "body field 2 holds a \\u escape that is no character",
		"curl " + u + " -H 'Content-Type: application/x-www-form-urlencoded' -d 'clientKey=k&clientSecret=%FF%FE'": "field 2 of the form body has %-escapes that are not UTF-8",
	} {
		_, err := Parse(line)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want it to say %q", line, err, want)
		}
	}
	// A real U+FFFD, literal or escaped, is text like any other.
	for _, body := range []string{`{"clientKey":"k","clientSecret":"s\ufffd"}`, `{"clientKey":"k","clientSecret":"s` + "\uFFFD" + `"}`} {
		got, err := Parse("curl " + u + " -d '" + body + "'")
		if err != nil || got.Request.ClientSecret != "s\uFFFD" {
			t.Errorf("%s: %+v %v", body, got.Request, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{chromeLine, firefoxLine, chromeSignedIn, formLine, "curl", "curl -d", "curl $'\\x41'", `curl "a\"b"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		got, err := Parse(line)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		// Whatever parses has a usable endpoint and a body that encodes.
		if !strings.HasPrefix(got.BaseURL, "http://") && !strings.HasPrefix(got.BaseURL, "https://") {
			t.Fatalf("base URL %q", got.BaseURL)
		}
		for _, fl := range got.Request.Fields {
			if !json.Valid(fl.Value) {
				t.Fatalf("field %q holds invalid JSON %q", fl.Name, fl.Value)
			}
		}
		tokenclient.New(tokenclient.Options{BaseURL: got.BaseURL}).PrepareIssue(got.Request)
	})
}

// Parse is safe to call from several goroutines (go test -race; the shell
// expander shares a package-level config when given none).
func TestParseConcurrently(t *testing.T) {
	t.Parallel()
	done := make(chan error)
	for range 8 {
		go func() {
			_, err := Parse(chromeSignedIn)
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
