package cli

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

const publicDeviceJSON = `{"model":"desktop","version":"Chrome","osName":"Windows","osVersion":"10"}`

func TestDeviceEncodeDecode(t *testing.T) {
	c := newCLI(t)
	if got := c.run("device", "encode", publicDeviceJSON).want(t, exitOK).stdout; got != testDeviceInfo+"\n" {
		t.Errorf("encode printed %q, want %q", got, testDeviceInfo)
	}
	if got := c.run("device", "decode", testDeviceInfo).want(t, exitOK).stdout; got != publicDeviceJSON+"\n" {
		t.Errorf("decode printed %q, want %q", got, publicDeviceJSON)
	}
	if got := c.runStdin(testDeviceInfo+"\n", "device", "decode", "-").want(t, exitOK).stdout; got != publicDeviceJSON+"\n" {
		t.Errorf("decode - printed %q", got)
	}
	// A client's own key order is kept both ways (solthoth/football-picks'
	// DEVICE_INFO puts osName second and version last).
	picks := `{"model":"desktop","osName":"macOS","osVersion":"10.15.7","version":"Chrome Headless"}`
	const picksB64 = "eyJtb2RlbCI6ImRlc2t0b3AiLCJvc05hbWUiOiJtYWNPUyIsIm9zVmVyc2lvbiI6IjEwLjE1LjciLCJ2ZXJzaW9uIjoiQ2hyb21lIEhlYWRsZXNzIn0="
	if got := c.run("device", "encode", "{ \"model\": \"desktop\",\n \"osName\":\"macOS\",\"osVersion\":\"10.15.7\",\"version\":\"Chrome Headless\"}").want(t, exitOK).stdout; got != picksB64+"\n" {
		t.Errorf("encode reordered or kept spaces: %q, want %q", got, picksB64)
	}
	if got := c.run("device", "decode", picksB64).want(t, exitOK).stdout; got != picks+"\n" {
		t.Errorf("decode reordered: %q", got)
	}
	extra := `{"model":"tv","version":"8","osName":"Android","osVersion":"12","brand":"acme"}`
	enc := strings.TrimSpace(c.run("device", "encode", extra).want(t, exitOK).stdout)
	if got := c.run("device", "decode", enc).want(t, exitOK).stdout; got != extra+"\n" {
		t.Errorf("extra keys did not survive encode → decode: %q", got)
	}
}

func TestDeviceBadInput(t *testing.T) {
	c := newCLI(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"device", "decode", "not base64!"}, "base64"},
		{[]string{"device", "decode", "bm90IGpzb24="}, "not JSON"},
		{[]string{"device", "decode", "WzFd"}, "not a JSON object"},
		{[]string{"device", "encode", `{"model":"desktop"}`}, "version"},
		{[]string{"device", "encode", `[1]`}, "object"},
		{[]string{"device", "--output", "yaml"}, "--output"},
	} {
		r := c.run(tc.args...).want(t, exitBadArgs)
		if !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: stderr lacks %q:\n%s", tc.args, tc.want, r.stderr)
		}
	}
}

func TestDeviceShow(t *testing.T) {
	c := newCLI(t)
	out := c.run("device", "--output", "json").want(t, exitOK).stdout
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("device --output json: %v\n%s", err, out)
	}
	for _, k := range []string{"model", "version", "osName", "osVersion", "deviceInfo", "networkType", "sources"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("device --output json lacks %q:\n%s", k, out)
		}
	}
	// The base64 it shows decodes to the values it shows.
	dec := c.run("device", "decode", doc["deviceInfo"].(string)).want(t, exitOK).stdout
	var info map[string]string
	if err := json.Unmarshal([]byte(dec), &info); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"model", "version", "osName", "osVersion"} {
		if info[k] != doc[k] {
			t.Errorf("deviceInfo has %s=%q, the document %q", k, info[k], doc[k])
		}
	}

	text := c.run("device").want(t, exitOK).stdout
	for _, k := range []string{"model", "osName", "networkType", "deviceInfo", doc["deviceInfo"].(string)} {
		if !strings.Contains(text, k) {
			t.Errorf("device text output lacks %q:\n%s", k, text)
		}
	}
}

// TestDeviceDecodeEscapesControls: a deviceInfo whose values hold an
// escape sequence, a C1 CSI and a bidi override decodes to JSON with each
// as a \u escape, never raw.
func TestDeviceDecodeEscapesControls(t *testing.T) {
	t.Parallel()
	info := base64.StdEncoding.EncodeToString([]byte(`{"model":"m\u001b]52;c;eA==\u0007","version":"v\u009b2J","osName":"o\u202e","osVersion":"1"}`))
	r := newCLI(t).run("device", "decode", info).want(t, exitOK)
	assertTerminalSafe(t, "device decode", r.stdout)
	for _, esc := range []string{`\u001b`, `\u009b`, `\u202e`} {
		if !strings.Contains(r.stdout, esc) {
			t.Errorf("device decode lacks %s: %q", esc, r.stdout)
		}
	}
}
