package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokens"
	"github.com/authdeck/authdeck/ui/result"
	"github.com/authdeck/authdeck/ui/styles"
)

// send validates the form and sends the previewed request.
func (m *Model) send() (tea.Model, tea.Cmd) {
	if m.sending {
		return m.cancelHint()
	}
	if !m.form.Validate() {
		return m.setStatus(true, problemsText(m.form.ProblemCount()))
	}
	if m.previewRefresh {
		m.previewRefresh = false // the preview shows what is sent
		m.updatePreview()
	}
	return m.start(result.KindIssue, m.prepared)
}

// refresh sends a refresh with the last refresh token.
func (m *Model) refresh() (tea.Model, tea.Cmd) {
	if m.sending {
		return m.cancelHint()
	}
	if m.refreshToken == "" {
		return m.setHint(true, "no refresh token yet: get a token first (%s)", m.here(m.keys.Send))
	}
	if !m.form.ValidateRefresh(m.refreshToken) {
		return m.setStatus(true, problemsText(m.form.ProblemCount()))
	}
	m.previewRefresh = true // the preview (and u) show what was sent
	m.updatePreview()
	return m.start(result.KindRefresh, m.shown)
}

// start puts a prepared request in flight.
func (m *Model) start(kind result.CallKind, p *tokenclient.Prepared) (tea.Model, tea.Cmd) {
	ctx, cancel := context.WithCancel(context.Background())
	m.sending, m.cancel = true, cancel
	m.sendProfile, m.sendState = m.profile, m.formState()
	// One rule with the CLI (tokens.Own): a token is cached under a
	// profile only when the request sent is the saved profile's.
	m.sendCached = m.deps.Store != nil && m.profile != "" &&
		tokens.Own(m.loaded.endpoint, m.loaded.req, m.sendState.endpoint, m.sendState.req)
	m.sendSeq++
	m.sendAt = m.clock()
	m.result.StartSending(kind, p.Method+" "+p.URL, m.sendAt)
	m.result.SetSpinner(m.spinner.View())
	m.focus = focusResult
	m.status = ""
	return m, tea.Batch(sendCmd(ctx, m.client, p, kind, m.sendSeq, m.deps.Now), m.spinner.Tick)
}

// cancelSend abandons the request in flight.
func (m *Model) cancelSend() (tea.Model, tea.Cmd) {
	if m.cancel != nil {
		m.cancel()
	}
	m.sending, m.cancel = false, nil
	at := m.clock()
	m.result.Cancel(at)
	if m.auto.inFlight {
		m.stopAutoRefresh("the renewal was cancelled")
	}
	m, status := m.setStatus(false, styles.SymbolCancel+" request cancelled")
	if !m.sendCached {
		return m, status
	}
	return m, tea.Batch(status, recordCmd(m.deps.Store, m.sendProfile, m.result.Kind(), nil, context.Canceled, at.Sub(m.sendAt)))
}

// handleSent shows a call's outcome and records it with a saved profile.
func (m *Model) handleSent(msg sentMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.sendSeq || !m.sending {
		return m, nil // cancelled or superseded
	}
	if m.cancel != nil {
		m.cancel()
	}
	m.sending, m.cancel = false, nil
	m.now = msg.at
	if errors.Is(msg.err, context.Canceled) {
		m.result.Cancel(msg.at)
		return m, nil
	}
	m.result.Finish(msg.res, msg.err, msg.at)
	m.autoRefreshDone(msg.err)
	recorded := m.sendCached
	m.got = nil
	var cmds []tea.Cmd
	var status tea.Cmd
	if msg.err == nil && msg.res != nil {
		m.got = &gotToken{state: m.sendState, kind: msg.kind, res: msg.res}
		if recorded {
			m.got.savedTo = m.sendProfile
		}
		if msg.res.Token.RefreshToken != "" {
			m.refreshToken = msg.res.Token.RefreshToken
			m.updatePreview() // the refresh request carries the new token
		}
		m.shownProfile = m.sendProfile
		m.rememberToken(m.sendProfile, msg.res.Token.AccessToken, msg.at)
		word := "token received"
		if msg.kind == result.KindRefresh {
			word = "token refreshed"
		}
		if m.deps.Store != nil && m.sendProfile != "" && !recorded {
			word += " · not cached: the form differs from saved profile " + m.sendProfile + " (save it to keep this token with it)"
		}
		m, status = m.setStatus(false, styles.SymbolOK+" "+word)
	} else {
		m, status = m.setStatus(true, "the request failed; see the result pane")
	}
	cmds = append(cmds, status, m.ensureTicking())
	if recorded {
		cmds = append(cmds, recordCmd(m.deps.Store, m.sendProfile, msg.kind, msg.res, msg.err, msg.at.Sub(m.sendAt)))
	}
	return m, tea.Batch(cmds...)
}

// ensureTicking starts the one-second loop when a countdown is on screen.
func (m *Model) ensureTicking() tea.Cmd {
	if !m.result.Ticking() {
		m.ticking = false
		return nil
	}
	m.tickSeq++ // a new loop replaces any running one
	m.ticking = true
	return tickCmd(m.after, m.tickSeq, m.deps.Now)
}

// handleDetected applies a detection: always for the re-detect key, at
// startup only when no profile filled the device fields meanwhile.
func (m *Model) handleDetected(msg detectedMsg) (tea.Model, tea.Cmd) {
	if !msg.manual && m.form.HasDeviceInfo() {
		return m, nil
	}
	clean := !m.dirty()
	m.form.ApplyDetection(msg.d)
	m.updatePreview()
	if clean && !msg.manual {
		// Filling an untouched form at startup (or a new profile) is not
		// an edit.
		m.loaded = m.formState()
	}
	if msg.manual {
		return m.setStatus(false, "device detected again")
	}
	return m, nil
}

// handleLoaded opens a profile loaded from the store.
func (m *Model) handleLoaded(msg profileLoadedMsg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	if msg.fallback != "" && m.keyringFallback == "" {
		m.keyringFallback = msg.fallback
	}
	if msg.err != nil {
		if msg.fromPane {
			m.profiles.SetError(msg.err)
			return m, nil
		}
		return m.setStatus(true, "could not open the profile: "+firstLine(msg.err.Error()))
	}
	if msg.list != nil {
		var listCmd tea.Cmd
		m, listCmd = m.applyList(*msg.list)
		cmds = append(cmds, listCmd)
	}
	if msg.p.Name == "" {
		return m, tea.Batch(cmds...) // no last-used profile: stay on the new one
	}
	m.applyProfile(msg.p)
	m.foreignUpdated, m.foreignGone = time.Time{}, false
	if msg.fromPane {
		m.focus = focusForm
		m.form.FocusField(0)
	}
	cmds = append(cmds, m.ensureTicking())
	if !m.form.HasDeviceInfo() {
		cmds = append(cmds, detectCmd(m.deps.Detect, false))
	}
	word := "opened"
	if msg.fromPane {
		word = "loaded"
	}
	text := word + " profile " + msg.p.Name
	if msg.note != "" {
		text = msg.note
	}
	m, status := m.setStatus(false, text)
	return m, tea.Batch(append(cmds, status)...)
}

// applyNextPreset cycles through the device presets, then "this machine"
// (detection, run as a command), then the first preset again. Each step
// says the preset's name and where its shape comes from.
func (m *Model) applyNextPreset() (tea.Model, tea.Cmd) {
	ps := device.Presets()
	i := m.presetIdx % (len(ps) + 1)
	m.presetIdx = i + 1
	if i == len(ps) {
		detect := m.deps.Detect
		m, st := m.setStatus(false, "this machine: detecting the device…")
		return m, tea.Batch(st, func() tea.Msg { return machinePresetMsg{d: detect()} })
	}
	p := ps[i]
	m.form.ApplyPreset(p)
	m.updatePreview()
	return m.setHint(false, lit(fmt.Sprintf("preset %d/%d %s · source: %s", i+1, len(ps), p.Name, p.Source))+" (%s: next)", m.here(m.keys.Preset))
}

// machinePresetMsg is the "this machine" step of the preset cycle: a
// detection run as a command.
type machinePresetMsg struct{ d device.Detection }

// handleMachinePreset applies the detection of the preset cycle's "this
// machine" step and says where its values come from.
func (m *Model) handleMachinePreset(msg machinePresetMsg) (tea.Model, tea.Cmd) {
	m.form.ApplyMachine(msg.d)
	m.updatePreview()
	if m.focus != focusForm {
		return m.setStatus(false, "this machine · source: device detection, each field says from where")
	}
	return m.setHint(false, "this machine · source: device detection, each field says from where (%s: first preset again)", m.here(m.keys.Preset))
}

// copyToken copies the access token.
func (m *Model) copyToken() (tea.Model, tea.Cmd) {
	t := m.result.Token()
	if t == nil {
		return m.sendFirst("no token to copy yet")
	}
	m2, st := m.copied("access token")
	return m2, tea.Batch(tea.SetClipboard(t.AccessToken), st)
}

// copyAuth copies the Authorization header.
func (m *Model) copyAuth() (tea.Model, tea.Cmd) {
	t := m.result.Token()
	if t == nil {
		return m.sendFirst("no token to copy yet")
	}
	m2, st := m.copied("Authorization header")
	return m2, tea.Batch(tea.SetClipboard("Authorization: Bearer "+t.AccessToken), st)
}

// tokenExpired reports whether the token on screen has expired (as of the
// last tick).
func (m *Model) tokenExpired() bool {
	_, ok := m.result.ExpiresAt()
	return ok && m.result.Remaining(m.now) <= 0
}

// copied confirms a copy of what, warning when the token has expired.
func (m *Model) copied(what string) (*Model, tea.Cmd) {
	if m.tokenExpired() {
		return m.setHint(true, what+" copied, but the token has EXPIRED: the server will refuse it (%s gets a new one)", m.here(m.keys.Send))
	}
	return m.setStatus(false, styles.SymbolOK+" "+what+" copied")
}

// copyCurl copies the previewed request (issue, or refresh after ctrl+r
// or alt+r) as curl, redacted unless revealed.
func (m *Model) copyCurl() (tea.Model, tea.Cmd) {
	p := m.shown
	var m2 *Model
	var st tea.Cmd
	if !m.form.Revealed() {
		p = p.Redacted()
		m2, st = m.setHint(false, styles.SymbolOK+" curl copied, secret redacted (%s then %s includes it)",
			m.here(m.keys.Reveal), m.here(m.keys.CopyCurl))
	} else {
		m2, st = m.setStatus(false, styles.SymbolOK+" curl command copied (with the secret)")
	}
	return m2, tea.Batch(tea.SetClipboard(p.Curl()), st)
}
