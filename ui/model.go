// Package ui is the authdeck console: one root Bubble Tea model (Model) that
// owns the form, the preview, the result view and the profiles pane.
// Build it with New(Deps) and run it with Run or tea.NewProgram.
package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/google/uuid"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/ui/form"
	"github.com/authdeck/authdeck/ui/preview"
	"github.com/authdeck/authdeck/ui/profiles"
	"github.com/authdeck/authdeck/ui/result"
	"github.com/authdeck/authdeck/ui/styles"
)

// focusArea is the part of the screen that receives key presses.
type focusArea int

const (
	focusForm     focusArea = iota // the credential form (preview beside it)
	focusResult                    // the result pane
	focusProfiles                  // the profiles pane (over the whole body)
	focusPreview                   // the preview, to scroll and search it
)

// Model is the root model of the console. It is used as a pointer (New
// returns *Model and every method has a pointer receiver): Update changes
// the one model in place, so no stale copy can share (and disagree with)
// its children.
type Model struct {
	deps   Deps
	keys   KeyMap
	styles styles.Styles
	width  int
	height int

	// Children are pointers too: the form alone is over 100 kB, and the
	// pane's Update returns a value that is stored back through them.
	form    *form.Model
	preview *preview.Model
	result  *result.Model
	// profiles is the profiles pane; it holds the list (10 000 profiles
	// are fine: it only formats the visible rows).
	profiles *profiles.Model
	help     help.Model
	spinner  spinner.Model

	focus focusArea
	// paneAt is the area the profiles pane was last sized for (see
	// sizePane).
	paneAt   rect
	showHelp bool
	// helpOffset is the key overlay's first visible line.
	helpOffset int
	// profile is the loaded saved profile's name, "" for an unsaved one.
	profile string
	// loaded is what the form held right after it was loaded or saved:
	// the form has unsaved edits when it differs (see dirty).
	loaded formState
	// loadedUpdated is the stored version of the loaded profile, for the
	// clobber check (store.SaveOptions.IfUnchangedSince).
	loadedUpdated time.Time
	// secretStore is where the loaded profile's secrets live.
	secretStore store.SecretStore
	// keyringFallback is the store's reason for keeping secrets in a file
	// (store.KeyringFallback), shown as a badge.
	keyringFallback string
	// rev is the profiles file's revision when the list was last read;
	// revKnown is false until then.
	rev      store.Revision
	revKnown bool
	// listing is true while a list read is in flight.
	listing bool
	// opErr is the last failed store action's error, kept on screen
	// across background list reloads until the next action or opening.
	opErr error
	// storeBusy counts store commands in flight (saves, renames, ...).
	storeBusy int
	// foreignUpdated / foreignGone remember that the user was told the
	// loaded profile changed (or vanished) in another terminal.
	foreignUpdated time.Time
	foreignGone    bool
	// pending is what to do once the form is saved (or the edits
	// discarded): load another profile, start a new one, quit.
	pending *pendingAction
	// ask is a question the root asks outside the profiles pane (unsaved
	// edits on quit, a clobber after such a save); askID names it.
	ask   *profiles.Confirm
	askID string
	// sendProfile is the profile the request in flight belongs to;
	// sendState is the form it was sent from.
	sendProfile string
	sendState   formState
	// sendAt is when the request in flight started; sendCached says
	// whether its outcome goes to sendProfile's token cache (the form was
	// exactly the saved profile when it was sent).
	sendAt     time.Time
	sendCached bool
	// got is the last successful call, kept so that saving exactly the
	// form it was sent from stores its token with the profile too.
	got *gotToken
	// demoName is the demo profile while it is being saved (see demo.go).
	demoName string
	// tempDir is where the pager and editor files go ("" = the system's
	// temp directory); Run makes a private one and removes it on return.
	tempDir string
	// runCtx is Run's context: a pager or editor still open when it is
	// done is stopped. context.Background() outside Run.
	runCtx context.Context

	// client is the Sender for clientURL, rebuilt when the endpoint changes.
	client    Sender
	clientURL string
	// prepared is the issue request the form describes right now: the
	// preview renders it, the curl copy prints it and ctrl+s sends it.
	prepared *tokenclient.Prepared
	// previewRefresh is true while the preview shows the refresh request
	// (after ctrl+r, or alt+r); shown is the request the preview shows
	// and the curl copy prints: prepared, or the refresh request when
	// previewRefresh and a refresh token is at hand.
	previewRefresh bool
	shown          *tokenclient.Prepared

	sending bool
	cancel  context.CancelFunc
	sendSeq int
	// refreshToken is the last refresh token received (or loaded).
	refreshToken string
	// presetIdx is the next preset ctrl+t applies.
	presetIdx int

	tickSeq int
	ticking bool
	// now is the clock as of the last message that read it (a tick, a
	// send, a load): View shows times relative to it and reads no clock.
	now time.Time
	// after schedules the timers (ticks, status expiry, revision checks).
	after timerFunc

	status    string
	statusBad bool
	statusSeq int
	// statusSteps are the keys the status names (setHint), for tests.
	statusSteps []hintStep

	// searching is true while the search prompt of the focused scroller
	// (result or preview) is open; searchText is what was typed.
	searching  bool
	searchText string
	// tokens is every token shown in this session by profile ("" for an
	// unsaved form), oldest first, for the claims diff (claims_diff.go);
	// shownProfile is the profile of the token on screen.
	tokens       map[string][]seenToken
	shownProfile string
	// auto is the auto-refresh of the shown token (autorefresh.go).
	auto autoRefresh
	// check is the check from the profiles pane in flight (check.go), nil
	// when none; checkSeq numbers the checks.
	check    *checkRun
	checkSeq int
	// act is the device activation in flight or its failure on screen
	// (activate.go), nil when none; activationSeq numbers them.
	act           *activationRun
	activationSeq int
}

// New builds the console from its dependencies, filling defaults for nil
// funcs. It does no I/O: detection and loading run as commands after the
// first frame.
func New(d Deps) *Model {
	if d.NewClient == nil {
		d.NewClient = func(baseURL string, timeout time.Duration) Sender {
			return tokenclient.New(tokenclient.Options{BaseURL: baseURL, Timeout: timeout})
		}
	}
	if d.Detect == nil {
		d.Detect = device.Detect
	}
	if d.NewDeviceID == nil {
		d.NewDeviceID = uuid.NewString
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = time.Local
	}
	if d.Getenv == nil {
		d.Getenv = func(string) string { return "" }
	}
	if d.Timeout == 0 {
		d.Timeout = tokenclient.DefaultTimeout
	}
	if d.PollInterval <= 0 {
		d.PollInterval = tokenclient.DefaultPollInterval
	}
	if d.AutoRefreshBefore <= 0 {
		d.AutoRefreshBefore = DefaultAutoRefreshBefore
	}
	if d.Initial.Endpoint == "" {
		// One story for a fresh start: the field, its placeholder, the
		// preview and the send all say the production service.
		d.Initial.Endpoint = tokenclient.DefaultBaseURL
	}
	st := styles.New(true, d.NoColor)
	keys := DefaultKeyMap()
	f, p, r := form.New(st), preview.New(st), result.New(st, d.Location)
	pane := profiles.New(st, keys.Pane)
	m := &Model{
		deps:     d,
		keys:     keys,
		styles:   st,
		form:     &f,
		preview:  &p,
		result:   &r,
		profiles: &pane,
		help:     help.New(),
		now:      d.Now(),
		runCtx:   context.Background(),
		after:    teaTimer,
		spinner:  spinner.New(spinner.WithSpinner(spinner.Dot)),
	}
	m.applyStyles(st)
	if d.Demo != nil {
		m.form.SetDemoAccountSecret(d.Demo.AccountSecret)
	}
	init := d.Initial
	if d.Demo != nil && d.Store != nil && init.Name != "" {
		m.demoName, init.Name = init.Name, "" // saved after the first frame
	}
	if init.DeviceID == "" {
		init.DeviceID = d.NewDeviceID()
	}
	if init.NetworkType == "" {
		init.NetworkType = device.NetworkOther
	}
	m.applyProfile(openedFrom(init, d.InitialSecrets))
	return m
}

// Init asks for the background colour, then detects the device and loads
// the profile to open on.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	switch {
	case m.demoPending():
		cmds = append(cmds, demoCmd(m.deps.Store, m.demoName, m.deps.Detect))
	case !m.form.HasDeviceInfo():
		cmds = append(cmds, detectCmd(m.deps.Detect, false))
	}
	if m.deps.Store != nil {
		if m.deps.Profile != "" || m.deps.Demo == nil {
			// One snapshot: the profile to open and the list beside it.
			cmds = append(cmds, loadCmd(m.deps.Store, m.deps.Profile))
		} else {
			cmds = append(cmds, listCmd(m.deps.Store))
		}
		cmds = append(cmds, revisionTickCmd(m.deps.Store, m.after))
	}
	if m.result.Ticking() {
		cmds = append(cmds, tickCmd(m.after, m.tickSeq, m.deps.Now))
	}
	return tea.Batch(cmds...)
}

// applyStyles hands styles to every child.
func (m *Model) applyStyles(st styles.Styles) {
	m.styles = st
	m.form.SetStyles(st)
	m.preview.SetStyles(st)
	m.result.SetStyles(st)
	m.profiles.SetStyles(st)
	if m.ask != nil {
		m.ask.SetStyles(st)
	}
	m.help.Styles = help.DefaultStyles(st.IsDark)
	m.help.Styles.ShortKey = st.HelpKey
	m.help.Styles.FullKey = st.HelpKey
	m.help.Styles.ShortDesc = st.HelpDesc
	m.help.Styles.FullDesc = st.HelpDesc
	m.spinner.Style = st.Title
}

// applyProfile fills the form, preview and token view from a profile and
// takes it as the loaded snapshot: the form is clean.
func (m *Model) applyProfile(p openProfile) {
	m.profile, m.loadedUpdated, m.secretStore = p.Name, p.Updated, p.SecretStore
	m.form.Load(p.Endpoint, p.Request)
	m.refreshToken = ""
	if !m.sending {
		// A fresh token view: no token of the previous profile stays.
		r := result.New(m.styles, m.deps.Location)
		if m.width > 0 {
			_, _, rw, rh := m.paneSizes()
			r.SetSize(inner(rw, rh))
		}
		m.result = &r
	}
	if p.Token != nil {
		m.refreshToken = p.Token.RefreshToken
		if !m.sending {
			m.result.ShowCached(*p.Token, p.Expiry, m.clock())
			m.shownProfile = p.Name
			m.rememberToken(p.Name, p.Token.AccessToken, m.now)
		}
	}
	m.updatePreview()
	m.loaded = m.formState()
	m.profiles.SetLoaded(m.profile, false)
}

// clock reads the clock, keeping the time for View.
func (m *Model) clock() time.Time {
	m.now = m.deps.Now()
	return m.now
}

// formState is what the form holds that a saved profile stores.
type formState struct {
	endpoint string
	req      tokenclient.TokenRequest
}

// equal reports whether a and b hold the same endpoint and request.
func (a formState) equal(b formState) bool {
	return a.endpoint == b.endpoint && a.req.Equal(b.req)
}

// formState captures the form's endpoint and request.
func (m *Model) formState() formState {
	return formState{endpoint: m.form.Endpoint(), req: m.form.Request()}
}

// dirty reports whether the form differs from what was loaded or last
// saved: derived each time, so it cannot drift from the form.
func (m *Model) dirty() bool { return !m.formState().equal(m.loaded) }

// gotToken is a successful call and the form it was sent from. savedTo
// names the profile its token is stored with ("" when none).
type gotToken struct {
	state   formState
	kind    result.CallKind
	res     *tokenclient.Result
	savedTo string
}

// pendingAction is what to do after the unsaved-edits question is answered
// with save (once saved) or discard.
type pendingAction struct {
	kind actionKind
	name string // the profile to load (actLoad)
}

// actionKind is what a pendingAction does.
type actionKind int

// The actions that wait for the unsaved-edits question.
const (
	actLoad actionKind = iota + 1 // load the profile pendingAction.name
	actNew                        // start a new, unsaved profile
	actQuit                       // leave the console
)

// updatePreview prepares the form's request and shows it: one Prepared value
// for the preview, the curl copy and the send.
func (m *Model) updatePreview() {
	ep := m.form.Endpoint()
	if m.client == nil || ep != m.clientURL {
		m.client, m.clientURL = m.deps.NewClient(ep, m.deps.Timeout), ep
	}
	req := m.form.Request()
	m.prepared = m.client.PrepareIssue(req)
	m.shown = m.prepared
	refresh := m.previewRefresh && m.refreshToken != ""
	if refresh {
		m.shown = m.client.PrepareRefresh(m.form.RefreshRequest(m.refreshToken))
	}
	m.preview.SetRefresh(refresh)
	m.preview.Set(req.DeviceInfo, m.shown, m.form.Revealed())
}

// togglePreviewKind switches the preview and the curl copy between the
// issue request and the refresh request (there must be a refresh token).
func (m *Model) togglePreviewKind() (tea.Model, tea.Cmd) {
	if !m.previewRefresh && m.refreshToken == "" {
		return m.setHint(true, "no refresh token yet, so no refresh request to show: get a token first (%s)", m.here(m.keys.Send))
	}
	m.previewRefresh = !m.previewRefresh
	m.updatePreview()
	which := "issue"
	if m.previewRefresh {
		which = "refresh"
	}
	if m.focus == focusResult {
		return m.setHint(false, "the preview shows the "+which+" request (%s copies it as curl)", m.here(m.keys.CopyCurl))
	}
	return m.setHint(false, "the preview shows the "+which+" request (%s, then %s, copies it as curl)",
		m.here(m.keys.Output), hintStep{m.keys.CopyCurl, focusResult})
}
