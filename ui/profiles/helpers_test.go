package profiles

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/styles"
)

// clock is the fixed time every test renders against.
var clock = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

// press turns a key name into key presses: "enter", "esc", "up", "ctrl+s",
// a single character, or any other string typed rune by rune.
func press(s string) []tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
		"tab":       {Code: tea.KeyTab},
		"pgdown":    {Code: tea.KeyPgDown},
		"pgup":      {Code: tea.KeyPgUp},
		"home":      {Code: tea.KeyHome},
		"end":       {Code: tea.KeyEnd},
		"delete":    {Code: tea.KeyDelete},
		"backspace": {Code: tea.KeyBackspace},
		"f2":        {Code: tea.KeyF2},
		"f5":        {Code: tea.KeyF5},
		"f8":        {Code: tea.KeyF8},
		"f9":        {Code: tea.KeyF9},
		"f12":       {Code: tea.KeyF12},
	}
	if k, ok := special[s]; ok {
		return []tea.KeyPressMsg{k}
	}
	if len(s) == 5 && s[:4] == "alt+" {
		return []tea.KeyPressMsg{{Code: rune(s[4]), Mod: tea.ModAlt}}
	}
	if len(s) == 6 && s[:5] == "ctrl+" {
		return []tea.KeyPressMsg{{Code: rune(s[5]), Mod: tea.ModCtrl}}
	}
	var out []tea.KeyPressMsg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// send feeds key presses to m and returns the model and the messages its
// commands produced (every command is run).
func send(t testing.TB, m Model, keys ...string) (Model, []tea.Msg) {
	t.Helper()
	var msgs []tea.Msg
	for _, k := range keys {
		for _, kp := range press(k) {
			var cmd tea.Cmd
			m, cmd = m.Update(kp)
			msgs = append(msgs, run(cmd)...)
		}
	}
	return m, msgs
}

// run runs a command (and batches) and collects the messages.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, run(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// intents keeps only the pane's intent messages (drops cursor blinks and
// the like).
func intents(msgs []tea.Msg) []tea.Msg {
	var out []tea.Msg
	for _, m := range msgs {
		switch m.(type) {
		case LoadProfileMsg, SaveAsMsg, SaveOverMsg, NewProfileMsg, RenameMsg, DuplicateMsg, DeleteMsg, RepairMsg, CloseMsg, AnsweredMsg, ResendMsg:
			out = append(out, m)
		}
	}
	return out
}

// sample is a few profiles covering every token status and both secret
// stores, sorted by name as store.List returns them.
func sample() []store.Profile {
	mk := func(name, endpoint, key string, net device.NetworkType, ss store.SecretStore) store.Profile {
		return store.Profile{
			Name: name, Endpoint: endpoint, ClientKey: key, NetworkType: net, SecretStore: ss,
			DeviceID: "0b5e1c2a-7f3e-4a51-9b8e-1d2c3b4a5f60",
			Created:  clock.Add(-72 * time.Hour), Updated: clock.Add(-time.Hour),
		}
	}
	ps := []store.Profile{
		mk("demo", "http://127.0.0.1:8080", "4cFUW6DmwJpzT9L7LrG3qRAcABG5s04g", device.NetworkWifi, store.SecretFile),
		mk("prod-eu", "https://api.eu.example.com", "Zk81mQpL0vXc7TnR2bYh5sWd9JfGa3Ue", device.NetworkEthernet, store.SecretKeyring),
		mk("prod-us", "https://api.us.example.com/v2", "Qa7Rt2Yx9Lm4Nc8Vb1Hj6Kp3Wd5Fs0Ge", device.NetworkCellular, store.SecretKeyring),
		mk("staging", "https://staging.example.net:8443", "Hn3Jd8Ks2Lq7Wm4Xp9Cv1Bz6Ty5Ru0Ei", device.NetworkOther, store.SecretFile),
	}
	ps[0].Token = &store.TokenMeta{ExpiresIn: 3600, ExpiresAt: clock.Add(42*time.Minute + 10*time.Second), ObtainedAt: clock.Add(-18 * time.Minute)}
	ps[1].Token = &store.TokenMeta{ExpiresIn: 3600, ExpiresAt: clock.Add(-5 * time.Minute), ObtainedAt: clock.Add(-65 * time.Minute)}
	ps[2].Token = &store.TokenMeta{ExpiresIn: 86400, ExpiresAt: clock.Add(5*time.Hour + 12*time.Minute), ObtainedAt: clock.Add(-time.Hour)}
	return ps
}

// sampleHistory is the history of sample's demo profile, newest first as
// Store.History returns it.
func sampleHistory() []store.HistoryEntry {
	return []store.HistoryEntry{
		{Time: clock.Add(-18 * time.Minute), Kind: store.KindRefresh, Status: 200, Duration: 1234 * time.Millisecond},
		{Time: clock.Add(-90 * time.Minute), Kind: store.KindIssue, Status: 0, Duration: 30 * time.Second, Error: "timed out after 30s"},
		{Time: clock.Add(-2 * time.Hour), Kind: store.KindIssue, Status: 401, Duration: 95 * time.Millisecond, Error: "401 Unauthorized: invalid_client (wrong client key or secret)"},
		{Time: clock.Add(-3 * time.Hour), Kind: store.KindIssue, Status: 200, Duration: 182 * time.Millisecond},
	}
}

// answerHistory answers the HistoryMsg among msgs as the root does: with
// hist for the demo profile, no calls for any other.
func answerHistory(m *Model, msgs []tea.Msg, hist []store.HistoryEntry) {
	for _, msg := range msgs {
		if h, ok := msg.(HistoryMsg); ok {
			var entries []store.HistoryEntry
			if h.Name == "demo" {
				entries = hist
			}
			m.SetHistory(h.Name, entries)
		}
	}
}

// many is n generated profiles, sorted by name.
func many(n int) []store.Profile {
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
			ps[i].Token = &store.TokenMeta{ExpiresAt: clock.Add(time.Duration(i%90-30) * time.Minute)}
		}
	}
	return ps
}

// newPane is a pane of size w x h holding ps, dark styles without colour
// decisions from the environment.
func newPane(ps []store.Profile, w, h int) Model {
	m := New(styles.New(true, false), DefaultKeyMap())
	m.SetSize(w, h)
	m.SetProfiles(ps, clock)
	return m
}
