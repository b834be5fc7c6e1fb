package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/tokenclient"
)

// seenToken is a token shown in this session, for the claims diff.
type seenToken struct {
	access string
	jwt    tokenclient.JWT
	at     time.Time
}

// maxSeen is how many tokens per profile the session keeps for the diff.
const maxSeen = 20

// rememberToken notes a token shown for profile ("" for an unsaved form).
func (m *Model) rememberToken(profile, access string, at time.Time) {
	if access == "" {
		return
	}
	if m.tokens == nil {
		m.tokens = map[string][]seenToken{}
	}
	list := m.tokens[profile]
	if n := len(list); n > 0 && list[n-1].access == access {
		return
	}
	list = append(list, seenToken{access: access, jwt: tokenclient.DecodeJWT(access), at: at})
	if len(list) > maxSeen {
		list = list[len(list)-maxSeen:]
	}
	m.tokens[profile] = list
}

// showDiff toggles the comparison of the shown token's claims with the
// previous token of the same profile seen in this session.
func (m *Model) showDiff() (tea.Model, tea.Cmd) {
	t := m.result.Token()
	if t == nil {
		return m.sendFirst("no token to compare yet")
	}
	if m.result.ShowsDiff() {
		m.result.HideDiff()
		return m, nil
	}
	list := m.tokens[m.shownProfile]
	idx := -1
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].access == t.AccessToken {
			idx = i
			break
		}
	}
	if idx < 1 {
		who := "this form"
		if m.shownProfile != "" {
			who = "profile " + m.shownProfile
		}
		return m.setHint(true, "no earlier token of "+lit(who)+" in this session to compare with: %s (or %s) gets another",
			m.here(m.keys.Send), m.here(m.keys.Refresh))
	}
	prev := list[idx-1]
	changes, err := tokenclient.DiffClaims(prev.jwt, m.result.JWT())
	m.result.ShowDiff(changes, err, prev.at)
	return m, nil
}
