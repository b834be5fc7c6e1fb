package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// TestResendFromHistoryDetails: a checked profile's call shows its masked
// request and response in the history details, and alt+s sends it again
// with the profile's saved secret (the fake server accepts it, so the
// masked copy was not used): a second call in the history, no secret on
// screen.
func TestResendFromHistoryDetails(t *testing.T) {
	st, _ := checkStore(t)
	m := checkModel(t, st, 120, 40)
	m = press(t, m, keyCtrlP)
	m = typeText(t, m, "good")
	m, cmd := updateCmd(m, keyCheck)
	p := newPumper()
	m = p.run(t, m, cmd, func(m *Model) bool { return m.check == nil && checkedAll(m) })
	m = p.run(t, m, nil, func(*Model) bool { return false })

	m = press(t, m, keyCtrl('l'), keyEnter)
	v := plain(m)
	for _, want := range []string{"> POST http://127.0.0.1:", `"clientSecret":"` + tokenclient.Mask + `"`, "< 200 OK", "alt+s sends this issue again"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the details lack %q:\n%s", want, v)
		}
	}
	m, cmd = updateCmd(m, tea.KeyPressMsg{Code: 's', Mod: tea.ModAlt})
	m = p.run(t, m, cmd, func(m *Model) bool { return strings.Contains(plain(m), "sent again") })
	m = p.run(t, m, nil, func(*Model) bool { return false })
	v = plain(m)
	if !strings.Contains(v, "sent again: ok") || strings.Contains(v, "secret-of-") {
		t.Fatalf("after alt+s:\n%s", v)
	}
	h, err := st.History(store.HistoryQuery{Profile: "good", Exchanges: true})
	if err != nil || len(h) != 2 || h[0].Status != 200 || h[0].Exchange == nil ||
		!strings.Contains(h[0].Exchange.Request.Body, `"clientSecret":"`+tokenclient.Mask+`"`) {
		t.Fatalf("history after resending: %+v, %v", h, err)
	}
}
