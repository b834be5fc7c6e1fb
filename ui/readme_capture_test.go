package ui

import (
	"context"
	"image/color"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/ui/goldentest"
)

// memTransport answers requests with an http.Handler in memory: the fake
// server's real answers at a fixed URL, without a socket.
type memTransport struct{ h http.Handler }

func (t memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	res := rec.Result()
	res.Request = r
	return res, nil
}

// steadySender is the real client against the in-memory fake server with
// the measured times fixed, so the capture is the same on every run.
type steadySender struct{ *tokenclient.Client }

func (s steadySender) Send(ctx context.Context, p *tokenclient.Prepared) (*tokenclient.Result, error) {
	res, err := s.Client.Send(ctx, p)
	if res != nil {
		res.Received = testNow
		res.Timing = tokenclient.Timing{Connect: 700 * time.Microsecond, FirstByte: 2100 * time.Microsecond, Total: 3100 * time.Microsecond}
	}
	return res, err
}

// readmeTokenView is `authdeck --demo` after ctrl+s at 120x40, dark: the
// demo profile saved, a token from the fake server (its real claims, at a
// fixed clock) on screen.
func readmeTokenView(t *testing.T) string {
	t.Helper()
	srv := fakeserver.New(fakeserver.Config{Now: func() time.Time { return testNow }})
	d := testDeps(&recorder{})
	d.NewClient = func(baseURL string, timeout time.Duration) Sender {
		return steadySender{tokenclient.New(tokenclient.Options{BaseURL: baseURL, Timeout: timeout, Transport: memTransport{srv}})}
	}
	d.InitialSecrets = store.Secrets{ClientSecret: fakeserver.DemoClientSecret}
	d.Store, d.Initial.Name = newTestStore(t), "demo"
	m := newModel(d)
	m = update(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = update(m, tea.BackgroundColorMsg{Color: color.Black})
	m, _ = settle(t, m, m.Init())
	m = press(t, m, keyCtrlS)
	if m.result.Token() == nil {
		t.Fatalf("no token from the fake server: %s", ansi.Strip(m.result.Content()))
	}
	return m.View().Content
}

// readmeCheckView is the profiles pane at 120x40 in the middle of a check.
func readmeCheckView(t *testing.T) string {
	t.Helper()
	m := midCheck(t, storeModel(t, sampleStore(t), 120, 40, true))
	return m.View().Content
}

// emptyPaneRow is a row of a pane frame with nothing in it.
var emptyPaneRow = regexp.MustCompile(`^(│ *│)+$`)

// capture is a golden as the README shows it: no colours, no trailing
// spaces, runs of empty pane rows cut to one.
func capture(screen string) string {
	var out []string
	for _, l := range strings.Split(ansi.Strip(screen), "\n") {
		l = strings.TrimRight(l, " ")
		if emptyPaneRow.MatchString(l) && len(out) > 0 && emptyPaneRow.MatchString(out[len(out)-1]) {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n") + "\n"
}

// TestReadmeCaptures renders the README's pictures of the console as
// goldens and fails when README.md shows anything else: the token view
// after ctrl+s and the check in the profiles pane. `go test ./ui -run
// ReadmeCaptures -update` rewrites the goldens and the README's blocks.
func TestReadmeCaptures(t *testing.T) {
	const path = "../README.md"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	update := goldentest.Updating()
	for _, c := range []struct {
		name   string
		marker string // the README line just before the block's fence
		render func(*testing.T) string
	}{
		{"token-120x40", "<!-- capture: TestReadmeCaptures/token-120x40 -->", readmeTokenView},
		{"check-120x40", "<!-- capture: TestReadmeCaptures/check-120x40 -->", readmeCheckView},
	} {
		t.Run(c.name, func(t *testing.T) {
			screen := c.render(t)
			goldentest.Layout(t, screen)
			if strings.Contains(screen, fakeserver.DemoClientSecret) || strings.Contains(screen, testSecret) {
				t.Fatal("a secret is in the capture")
			}
			want := "```text\n" + capture(screen) + "```\n"
			i := strings.Index(text, c.marker+"\n")
			if i < 0 {
				t.Fatalf("README.md has no %s before the capture", c.marker)
			}
			start := i + len(c.marker) + 1
			end := strings.Index(text[start+3:], "```\n")
			if !strings.HasPrefix(text[start:], "```") || end < 0 {
				t.Fatalf("no fenced block after %s", c.marker)
			}
			end += start + 3 + len("```\n")
			if text[start:end] == want {
				return
			}
			if update {
				text = text[:start] + want + text[end:]
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			t.Fatalf("README.md's capture %s differs from its golden (go test ./ui -run ReadmeCaptures -update rewrites it):\nREADME:\n%s\ngolden:\n%s", c.name, text[start:end], want)
		})
	}
}
