package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/ui"
)

// write10kProfiles writes a profiles file of n profiles into dir, as
// another authdeck would have; profile "client-05000" is the last used.
func write10kProfiles(b *testing.B, dir string, n int) {
	b.Helper()
	var sb strings.Builder
	sb.WriteString("{\n  \"version\": 1,\n  \"profiles\": [\n")
	for i := range n {
		if i > 0 {
			sb.WriteString(",\n")
		}
		last := ""
		if i == n/2 {
			last = `, "lastUsed": "2026-11-27T09:00:00Z"`
		}
		fmt.Fprintf(&sb, `    {"name": "client-%05d", "endpoint": "https://api%d.region%d.example.com", "clientKey": "K%07dW6DmwJpzT9L7LrG3qRAcABG5s%02d", "deviceId": "26d627ac-f421-41c0-97b2-f2b08c66f164", "deviceInfo": {"model": "desktop", "version": "Chrome", "osName": "Linux", "osVersion": "12"}, "networkType": "wifi", "secretStore": "file", "created": "2026-11-27T08:00:00Z", "updated": "2026-11-27T08:00:00Z"%s}`,
			i, i%13, i%5, i, i%97, last)
	}
	sb.WriteString("\n  ]\n}\n")
	if err := os.WriteFile(filepath.Join(dir, "profiles.json"), []byte(sb.String()), 0o600); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkOpenConsole10k opens the console on a real store of 10 000
// profiles in a temporary directory: deps via consoleDeps, ui.New, the
// startup commands (load the last-used profile, list the profiles, detect
// the device) run and fed back, and the first View at 120x40 (target ≤ 100 ms).
func BenchmarkOpenConsole10k(b *testing.B) {
	c := newCLI(b)
	write10kProfiles(b, c.env[envConfigDir], 10000)
	b.ReportAllocs()
	for b.Loop() {
		deps, cleanup, err := testApp(c).consoleDeps(consoleOptions{}, &bytes.Buffer{})
		if err != nil {
			b.Fatal(err)
		}
		var m tea.Model = ui.New(deps)
		m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		msgs := make(chan tea.Msg, 16)
		var launch func(tea.Cmd)
		launch = func(cmd tea.Cmd) {
			go func() {
				msg := cmd()
				if batch, ok := msg.(tea.BatchMsg); ok {
					for _, c := range batch {
						if c != nil {
							launch(c)
						}
					}
					return
				}
				msgs <- msg
			}()
		}
		launch(m.Init())
		// Feed messages until the profile is loaded: one snapshot brings
		// the profile and the list (the two-second revision tick is left
		// behind).
		for loaded := false; !loaded; {
			msg := <-msgs
			loaded = fmt.Sprintf("%T", msg) == "ui.profileLoadedMsg"
			m, _ = m.Update(msg)
		}
		v := m.View().Content
		if !strings.Contains(v, "client-05000") {
			b.Fatalf("the console did not open on the last-used profile:\n%s", v)
		}
		cleanup()
	}
}
