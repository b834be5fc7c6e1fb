package profiles

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokens"
	"github.com/authdeck/authdeck/ui/goldentest"
	"github.com/authdeck/authdeck/ui/styles"
)

// longNames are three profiles with 60-character names and no token, on
// the fake server, as an adversarial tester saved them.
func longNames() []store.Profile {
	var ps []store.Profile
	for i := range 3 {
		ps = append(ps, store.Profile{
			Name:     fmt.Sprintf("tv-%02d-", i) + strings.Repeat("abcdefghij", 6)[:54],
			Endpoint: "http://127.0.0.1:8765", ClientKey: "authdeck-demo-client-key-0000001",
			NetworkType: "wifi", SecretStore: store.SecretFile,
		})
	}
	return ps
}

// checkingAll is the pane of longNames during a check of all of them (alt+a)
// with one result in.
func checkingAll(t *testing.T, w, h int, dark bool) Model {
	t.Helper()
	m := New(styles.New(dark, false), DefaultKeyMap())
	m.SetSize(w, h)
	ps := longNames()
	m.SetProfiles(ps, clock)
	m, msgs := send(t, m, "alt+a")
	if len(msgs) != 1 {
		t.Fatalf("alt+a did not ask for a check: %#v", msgs)
	}
	m.StartCheck(msgs[0].(CheckMsg).Names)
	m.SetCheckResult(tokens.CheckResult{Profile: ps[0].Name, Kind: tokens.CheckOK, Latency: 12 * time.Millisecond})
	return m
}

// TestColumnsGiveLongNamesTheRoom: the padding columns are as wide as their
// widest cell (TOKEN holds "none", so it is as wide as its heading), and
// the name gets what is left before the host: at the pane sizes of a
// 60x20 and an 80x24 console (the frame takes 4 columns and 2 lines).
func TestColumnsGiveLongNamesTheRoom(t *testing.T) {
	t.Parallel()
	for _, sz := range []struct{ w, h, nameAtLeast int }{{56, 18, 12}, {76, 22, 30}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w+4, sz.h+2), func(t *testing.T) {
			t.Parallel()
			v := goldentest.Themes(t, func(dark bool) string { return checkingAll(t, sz.w, sz.h, dark).View() })
			rows := 0
			for _, l := range strings.Split(ansi.Strip(v), "\n") {
				if !strings.Contains(l, "tv-0") {
					continue
				}
				rows++
				if strings.Contains(l, "none"+strings.Repeat(" ", 4)) { // "none", 1 to the heading's width, the gap
					t.Errorf("TOKEN padded past its widest cell: %q", l)
				}
				name := strings.Fields(strings.TrimLeft(l, "›● "))[0]
				if n := ansi.StringWidth(strings.TrimSuffix(name, "…")); n < sz.nameAtLeast {
					t.Errorf("name cut to %d cells (%q), want at least %d: %q", n, name, sz.nameAtLeast, l)
				}
				if strings.Contains(l, "  …  ") {
					t.Errorf("a column shows only …: %q", l)
				}
			}
			if rows != 3 {
				t.Fatalf("%d rows, want 3:\n%s", rows, ansi.Strip(v))
			}
		})
	}
}

// TestTokenColumnWidthBoundsEveryStatus: validW is at least the width of
// every status a token expiring within d shows, and the TOKEN column of a
// list holds each of its rows' statuses.
func TestTokenColumnWidthBoundsEveryStatus(t *testing.T) {
	t.Parallel()
	cases := 0
	for d := time.Second; d < 800*24*time.Hour; d = d*11/10 + time.Second {
		for _, x := range []time.Duration{d, d / 2, d / 3, d * 9 / 10} {
			if x <= 0 {
				continue
			}
			cases++
			meta := &store.TokenMeta{ExpiresAt: clock.Add(x)}
			if got, bound := len(tokens.TokenStatus(meta, clock)), validW(d); got > bound {
				t.Fatalf("status %q of a token expiring in %s is wider than validW(%s) = %d", tokens.TokenStatus(meta, clock), x, d, bound)
			}
		}
	}
	if cases < 400 {
		t.Fatalf("ran %d cases", cases)
	}
	m := newPane(sample(), 120, 24)
	c := m.layout(120)
	for i := range m.profiles {
		if s := tokens.TokenStatus(m.profiles[i].Token, clock); len(s) > c.token {
			t.Errorf("status %q is wider than the TOKEN column (%d)", s, c.token)
		}
	}
}

// TestKeyColumnHoldsEveryMaskedKey: the CLIENT KEY column is as wide as
// the widest masked key or its heading, wide characters included.
func TestKeyColumnHoldsEveryMaskedKey(t *testing.T) {
	t.Parallel()
	ps := longNames()
	ps[1].ClientKey = "鍵鍵鍵鍵鍵鍵鍵鍵鍵鍵鍵鍵"
	m := newPane(ps, 200, 24)
	c := m.layout(200)
	for _, p := range ps {
		if w := ansi.StringWidth(tokenclient.MaskKey(p.ClientKey)); w > c.key {
			t.Errorf("masked key %q (%d cells) is wider than the column (%d)", tokenclient.MaskKey(p.ClientKey), w, c.key)
		}
	}
	if c.key != ansi.StringWidth(tokenclient.MaskKey(ps[1].ClientKey)) {
		t.Errorf("key column %d cells, want the widest masked key", c.key)
	}
}
