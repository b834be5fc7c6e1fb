package ui

import (
	"errors"

	"charm.land/bubbles/v2/key"

	tea "charm.land/bubbletea/v2"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/device"
)

// The demo profile: with Deps.Demo, a Store and Deps.Initial.Name set, the
// console keeps Initial as that saved profile, so tokens, history and the
// profiles pane work in the demo. After the first frame a command looks the
// profile up (and, to create it, detects the device); Update then fills the
// form and saves it with an ordinary store operation: created with a fresh
// device id and the detected device info, or updated to the session's
// endpoint and client credentials, keeping its device id and device info.

// demoFoundMsg is the demo profile as found in the store: old is nil when it
// does not exist yet; d is the detection for the device info when the
// profile is created (or has none).
type demoFoundMsg struct {
	old *openProfile
	d   device.Detection
	err error
}

// isDemoProfile reports whether the loaded profile is the session's demo
// profile.
func (m *Model) isDemoProfile() bool {
	return m.deps.Demo != nil && m.profile != "" && m.profile == m.deps.Initial.Name
}

// demoPending reports whether the session's demo profile is still to be
// saved: the header names it meanwhile.
func (m *Model) demoPending() bool { return m.demoName != "" }

// demoCmd looks the demo profile up, detecting the device when the profile
// must be created or has no device info.
func demoCmd(s Store, name string, detect func() device.Detection) tea.Cmd {
	return func() tea.Msg {
		snap, err := s.Snapshot(name)
		switch {
		case err == nil && snap.Current != nil:
			old := openedFrom(*snap.Current, snap.Secrets)
			msg := demoFoundMsg{old: &old}
			if old.Request.DeviceInfo == "" {
				msg.d = detect()
			}
			return msg
		case err == nil, errors.Is(err, store.ErrNotFound):
			return demoFoundMsg{d: detect()}
		default:
			return demoFoundMsg{err: err}
		}
	}
}

// handleDemoFound saves the demo profile: the form (Initial plus the
// detection) as a new profile, or the stored one pointed at this session's
// server. The form shows it at once; the save reports like any other.
func (m *Model) handleDemoFound(msg demoFoundMsg) (tea.Model, tea.Cmd) {
	name := m.demoName
	if msg.err != nil {
		m.demoName = ""
		m, status := m.setHint(true, "demo profile not saved ("+lit(firstLine(msg.err.Error()))+"); %s still works, the token is just not kept", m.here(m.keys.Send))
		var detect tea.Cmd
		if !m.form.HasDeviceInfo() {
			detect = detectCmd(m.deps.Detect, false)
		}
		return m, tea.Batch(status, detect)
	}
	init := m.deps.Initial
	if msg.old == nil {
		m.form.ApplyDetection(msg.d)
		m.updatePreview()
		m.loaded = m.formState() // detection is not an edit
		return m.runOp(storeOp{kind: opSaveAs, name: name, state: m.formState(), notice: demoNotice, noticeKeys: m.demoNoticeKeys()})
	}
	p := *msg.old
	p.Name = name
	if p.Endpoint == init.Endpoint && p.Request.ClientKey == init.ClientKey &&
		p.Request.ClientSecret == m.deps.InitialSecrets.ClientSecret {
		m.demoName = ""
		return m.handleLoaded(profileLoadedMsg{p: p})
	}
	// Another session's server: its token is useless here (the store drops
	// it on this save).
	p.Endpoint = init.Endpoint
	p.Request.ClientKey, p.Request.ClientSecret = init.ClientKey, m.deps.InitialSecrets.ClientSecret
	p.Token = nil
	m.applyProfile(p)
	if !m.form.HasDeviceInfo() {
		m.form.ApplyDetection(msg.d)
		m.updatePreview()
		m.loaded = m.formState()
	}
	return m.runOp(storeOp{kind: opSaveOver, name: name, state: m.formState(),
		ifUnchangedSince: msg.old.Updated, notice: demoNotice, noticeKeys: m.demoNoticeKeys()})
}

// demoNotice is what a saved demo profile says: a setHint format for
// demoNoticeKeys.
const demoNotice = "demo profile saved: %s gets a token, %s lists it"

// demoNoticeKeys are the keys demoNotice names.
func (m *Model) demoNoticeKeys() []key.Binding { return []key.Binding{m.keys.Send, m.keys.Profiles} }
