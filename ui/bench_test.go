package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// BenchmarkFormKeystroke measures one key press into a text field of the
// form (Update, which also re-prepares the preview, plus View) at 120x40.
func BenchmarkFormKeystroke(b *testing.B) {
	m := newTestModel(b, testDeps(&recorder{}), 120, 40, true)
	m = update(m, keyTab) // the client key field
	keys := []tea.KeyPressMsg{keyRune('x'), {Code: tea.KeyBackspace}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m = update(m, keys[i%2])
		_ = m.View()
	}
}

// manyProfiles is n saved profiles as store.List returns them.
func manyProfiles(n int) []store.Profile {
	nets := device.NetworkTypes
	ps := make([]store.Profile, n)
	for i := range ps {
		ps[i] = store.Profile{
			Name:        fmt.Sprintf("client-%05d", i),
			Endpoint:    fmt.Sprintf("https://api%d.region%d.example.com", i%13, i%5),
			ClientKey:   fmt.Sprintf("K%07dW6DmwJpzT9L7LrG3qRAcABG5s%02d", i, i%97),
			NetworkType: nets[i%len(nets)],
			SecretStore: store.SecretKeyring,
		}
		if i%3 == 0 {
			ps[i].Token = &store.TokenMeta{ExpiresAt: testNow.Add(time.Duration(i%90-30) * time.Minute)}
		}
	}
	return ps
}

// console10k is a 120x40 console whose profiles pane holds 10 000 profiles.
func console10k(b *testing.B) *Model {
	d := testDeps(&recorder{})
	d.Store = newTestStore(b)
	m := newTestModel(b, d, 120, 40, true)
	return update(m, listedMsg{list: manyProfiles(10000), rev: store.Revision{Exists: true}})
}

// BenchmarkFormKeystroke10k is BenchmarkFormKeystroke with 10 000 profiles
// loaded in the pane.
func BenchmarkFormKeystroke10k(b *testing.B) {
	m := console10k(b)
	m = update(m, keyTab)
	keys := []tea.KeyPressMsg{keyRune('x'), {Code: tea.KeyBackspace}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m = update(m, keys[i%2])
		_ = m.View()
	}
}

// BenchmarkPaneFilterKeystroke10k measures one key typed into the profiles
// pane's filter through the root (Update + View) with 10 000 profiles:
// the filter grows and shrinks by one character.
func BenchmarkPaneFilterKeystroke10k(b *testing.B) {
	m := console10k(b)
	m = update(m, keyCtrlP)
	m = update(m, listedMsg{list: manyProfiles(10000), rev: store.Revision{Exists: true}})
	m = typeText(b, m, "client-0")
	keys := []tea.KeyPressMsg{keyRune('7'), {Code: tea.KeyBackspace}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m = update(m, keys[i%2])
		_ = m.View()
	}
}

// BenchmarkPaneScroll10k measures one page down in the pane through the
// root with 10 000 profiles.
func BenchmarkPaneScroll10k(b *testing.B) {
	m := console10k(b)
	m = update(m, keyCtrlP)
	m = update(m, listedMsg{list: manyProfiles(10000), rev: store.Revision{Exists: true}})
	keys := []tea.KeyPressMsg{{Code: tea.KeyPgDown}, {Code: tea.KeyPgDown}, {Code: tea.KeyHome}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m = update(m, keys[i%3])
		_ = m.View()
	}
}
