package preview

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/styles"
)

const testSecret = "preview-secret-DO-NOT-LEAK"

var testInfo = device.Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "12",
	Extra: []device.ExtraField{{Key: "screen", Value: []byte(`{"w":1920,"h":1080}`)}}}

// prepared is a complete issue request, prepared by the real client.
func prepared(t testing.TB) (string, *tokenclient.Prepared) {
	t.Helper()
	b64 := device.Encode(testInfo)
	c := tokenclient.New(tokenclient.Options{BaseURL: "http://127.0.0.1:8080"})
	return b64, c.PrepareIssue(tokenclient.TokenRequest{ClientKey: "authdeck-demo-client-key-0000001",
		ClientSecret: testSecret, DeviceID: "3cfdef35-c7fe-4f2d-8630-1ec72f52b44d", DeviceInfo: b64,
		NetworkType: device.NetworkWifi})
}

// shown renders the preview wide enough not to wrap and returns its text.
func shown(t testing.TB, b64 string, p *tokenclient.Prepared, revealed bool) string {
	t.Helper()
	m := New(styles.New(true, false))
	m.SetSize(400, 200)
	m.Set(b64, p, revealed)
	return ansi.Strip(m.Content())
}

func TestShowsDeviceJSONPrettyPrintedAndItsBase64(t *testing.T) {
	t.Parallel()
	b64, p := prepared(t)
	out := shown(t, b64, p, false)
	want := `{
  "model": "desktop",
  "version": "Chrome",
  "osName": "Linux",
  "osVersion": "12",
  "screen": {
    "w": 1920,
    "h": 1080
  }
}`
	if !strings.Contains(out, "Device info (JSON)\n"+want+"\n") {
		t.Errorf("no pretty-printed device JSON:\n%s", out)
	}
	if !strings.Contains(out, "deviceInfo (base64)\n"+b64+"\n") {
		t.Errorf("no base64 %s:\n%s", b64, out)
	}
}

func TestShowsTheRedactedRequestUnlessRevealed(t *testing.T) {
	t.Parallel()
	b64, p := prepared(t)
	masked := shown(t, b64, p, false)
	if !strings.HasSuffix(masked, "(secret masked)\n"+strings.TrimRight(p.Redacted().HTTP(), "\n")) {
		t.Errorf("the request is not Prepared.Redacted().HTTP():\n%s", masked)
	}
	if strings.Contains(masked, testSecret) || !strings.Contains(masked, `"clientSecret":"`+tokenclient.Mask+`"`) {
		t.Errorf("the secret is not masked:\n%s", masked)
	}
	revealed := shown(t, b64, p, true)
	if !strings.HasSuffix(revealed, "secret shown\n"+strings.TrimRight(p.HTTP(), "\n")) {
		t.Errorf("the revealed request is not Prepared.HTTP():\n%s", revealed)
	}
	if !strings.Contains(revealed, `"clientSecret":"`+testSecret+`"`) {
		t.Error("revealed does not show the secret")
	}
	// Hiding it again masks it again.
	m := New(styles.New(true, false))
	m.SetSize(400, 200)
	m.Set(b64, p, true)
	m.Set(b64, p, false)
	if strings.Contains(m.Content(), testSecret) {
		t.Error("the secret stays after hiding it again")
	}
}

func TestBadEmptyAndMissingInputs(t *testing.T) {
	t.Parallel()
	_, p := prepared(t)
	bad := shown(t, "%%%not-base64", p, false)
	if !strings.Contains(bad, styles.SymbolError+" ") || !strings.Contains(bad, "%%%not-base64") || !strings.Contains(bad, "POST /") {
		t.Errorf("bad base64 is not an error next to the text and the request:\n%s", bad)
	}
	empty := shown(t, "", nil, false)
	if strings.Count(empty, "(empty)") != 2 || !strings.Contains(empty, "(no request)") {
		t.Errorf("empty preview:\n%s", empty)
	}
}

func TestNarrowWidthsWrapWithoutLosingTheMask(t *testing.T) {
	t.Parallel()
	b64, p := prepared(t)
	for _, revealed := range []bool{false, true} {
		for w := 0; w <= 40; w++ {
			m := New(styles.New(w%2 == 0, w%3 == 0))
			m.Set(b64, p, revealed)
			m.SetSize(w, 5)
			var all strings.Builder
			for page := 0; page < 400; page++ {
				for _, l := range strings.Split(m.View(), "\n") {
					if sw := ansi.StringWidth(l); sw > w {
						t.Fatalf("width %d: a line is %d wide: %q", w, sw, l)
					}
					all.WriteString(ansi.Strip(l))
				}
				m.PageDown()
			}
			joined := all.String()
			if w > 0 && !revealed && strings.Contains(joined, testSecret) {
				t.Fatalf("width %d: the masked preview shows the secret", w)
			}
			if w >= 10 && revealed && !strings.Contains(joined, testSecret[:8]) {
				t.Fatalf("width %d: the revealed preview lost the secret", w)
			}
		}
	}
}

func TestStyleChangeKeepsTheContent(t *testing.T) {
	t.Parallel()
	b64, p := prepared(t)
	m := New(styles.New(true, false))
	m.SetSize(400, 200)
	m.Set(b64, p, false)
	before := ansi.Strip(m.Content())
	m.SetStyles(styles.New(false, true))
	if after := ansi.Strip(m.Content()); after != before {
		t.Errorf("content changed with the styles:\n%s\n---\n%s", before, after)
	}
}
