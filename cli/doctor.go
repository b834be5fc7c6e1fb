package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
)

// Doctor check statuses. Only fail makes doctor exit 1.
const (
	doctorOK   = "ok"
	doctorWarn = "warn"
	doctorFail = "fail"
	doctorInfo = "info"
)

// doctorCheck is one row of `authdeck doctor`.
type doctorCheck struct {
	Check  string `json:"check"`
	Status string `json:"status"`
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

// doctorOptions are the flags of doctor.
type doctorOptions struct {
	output  string
	timeout time.Duration
}

// newDoctorCmd builds `authdeck doctor`.
func newDoctorCmd(a *app) *cobra.Command {
	var o doctorOptions
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the keyring, files, endpoints, clock and terminal, with a fix for each problem",
		Long: "Run a list of checks and say how to fix each problem: the OS keyring, the config directory and file\n" +
			"modes, profiles.json, state.db integrity, each profile endpoint (DNS, TCP connect, TLS handshake and\n" +
			"the clock against its Date header) and the terminal (colours, OSC 52 clipboard, mouse). No credential\n" +
			"is sent and no token is requested.\n\n" +
			"Exit status: 0 nothing failed (warnings allowed), 1 a check failed, 2 bad input.",
		Example: "  authdeck doctor\n  authdeck doctor --output json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.output != "table" && o.output != "json" {
				return usageError(fmt.Errorf("--output %q is not one of table, json", o.output))
			}
			if o.timeout <= 0 {
				return usageError(fmt.Errorf("--timeout %s must be positive, e.g. 5s", o.timeout))
			}
			checks := a.doctor(cmd.Context(), o.timeout)
			failed := slices.ContainsFunc(checks, func(c doctorCheck) bool { return c.Status == doctorFail })
			var err error
			if o.output == "json" {
				err = writeDoctorJSON(a.stdout, checks, !failed)
			} else {
				err = writeDoctorTable(a.stdout, checks)
			}
			if err != nil {
				return err
			}
			if failed {
				return errReported
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&o.output, "output", "o", "table", "print as table or json")
	cmd.Flags().DurationVar(&o.timeout, "timeout", 5*time.Second, "give up on an endpoint after this duration")
	_ = cmd.RegisterFlagCompletionFunc("output", completeValues("table", "json"))
	return cmd
}

// doctor runs every check, in the order shown.
func (a *app) doctor(ctx context.Context, timeout time.Duration) []doctorCheck {
	var checks []doctorCheck
	opts, err := a.env.storeOptions(io.Discard)
	if err != nil {
		return append(checks, doctorCheck{"settings", doctorFail, sanitize.Line(err.Error()), "set $" + envSecretStore + " to keyring or file, or unset it"})
	}
	dir := opts.Dir
	if dir == "" {
		if dir, err = store.DefaultDir(); err != nil {
			return append(checks, doctorCheck{"config directory", doctorFail, sanitize.Line(err.Error()), "set $" + envConfigDir})
		}
	}
	// Modes first: opening the store tightens them (and says so on stderr).
	checks = append(checks, modeChecks(dir)...)

	// The store's own warnings (a mode it tightened) go to stderr as usual.
	opts.Warn = a.stderr
	opts.Dir = dir
	st, err := store.Open(opts)
	if err != nil {
		return append(checks, doctorCheck{"profiles file", doctorFail, sanitize.Line(err.Error()), "fix the problem named, or move the directory aside"})
	}
	defer st.Close()
	checks = append(checks, keyringCheck(st, opts.SecretStore))

	profiles, err := st.List()
	if err != nil {
		fix := "fix it by hand where the error says, or run `authdeck profiles repair` to move it aside (its secrets are kept)"
		checks = append(checks, doctorCheck{"profiles file", doctorFail, sanitize.Line(err.Error()), fix})
	} else {
		checks = append(checks, doctorCheck{"profiles file", doctorOK, fmt.Sprintf("%s: %d profiles, valid", sanitize.Line(st.Path()), len(profiles)), ""})
	}
	if err := st.CheckState(); err != nil {
		checks = append(checks, doctorCheck{"state.db", doctorFail, sanitize.Line(err.Error()), "run `authdeck profiles repair` to move it aside (history starts empty)"})
	} else {
		checks = append(checks, doctorCheck{"state.db", doctorOK, "integrity check passed", ""})
	}
	// Each endpoint is probed through the transport of the client a token
	// request would use (its proxy from the environment, its TLS settings).
	transportFor := func(endpoint string) http.RoundTripper { return a.newClient(endpoint, timeout, false).Transport() }
	checks = append(checks, endpointChecks(ctx, profiles, timeout, transportFor)...)
	checks = append(checks, terminalChecks(a.stdout, a.env.terminal)...)
	return checks
}

// modeChecks checks the directory (0700) and the store files (0600): no
// access for group or others, no symbolic links.
func modeChecks(dir string) []doctorCheck {
	shown := sanitize.Line(dir)
	st, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return []doctorCheck{{"config directory", doctorOK, shown + " does not exist yet (created on first save)", ""}}
	case err != nil:
		return []doctorCheck{{"config directory", doctorFail, sanitize.Line(err.Error()), "check the permissions of its parent directory"}}
	case st.Mode()&fs.ModeSymlink != 0:
		return []doctorCheck{{"config directory", doctorWarn, shown + " is a symbolic link", "keep the directory itself there if others can change the link"}}
	case !st.IsDir():
		return []doctorCheck{{"config directory", doctorFail, shown + " is not a directory", "move it aside or set $" + envConfigDir}}
	}
	if runtime.GOOS == "windows" {
		return []doctorCheck{{"config directory", doctorOK, shown + " (modes are not checked on Windows)", ""}}
	}
	var out []doctorCheck
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		out = append(out, doctorCheck{"config directory", doctorFail, fmt.Sprintf("%s is mode %04o: others can list it", shown, perm), "chmod 700 " + pathArg(dir)})
	} else {
		out = append(out, doctorCheck{"config directory", doctorOK, fmt.Sprintf("%s is mode %04o", shown, perm), ""})
	}
	var bad []string
	var fixes []string
	checked := 0
	onlyFiles := true // every problem is a top-level file, which opening the store tightens
	// check judges one file or directory against the mode it must have.
	check := func(name, p string, fst fs.FileInfo, dir bool, mode fs.FileMode) {
		checked++
		switch {
		case fst.Mode()&fs.ModeSymlink != 0:
			bad = append(bad, name+" is a symbolic link")
			fixes = append(fixes, "replace "+name+" with the file itself")
		case dir && !fst.IsDir():
			bad = append(bad, name+" is not a directory")
			fixes = append(fixes, "move "+name+" aside")
		case !dir && !fst.Mode().IsRegular():
			bad = append(bad, name+" is not a regular file")
			fixes = append(fixes, "move "+name+" aside")
		case fst.Mode().Perm()&0o077 != 0: // group or others have access
			bad = append(bad, fmt.Sprintf("%s is mode %04o", name, fst.Mode().Perm()))
			fixes = append(fixes, fmt.Sprintf("chmod %o %s", mode, pathArg(p)))
		}
	}
	// The store says which files it keeps (store.Files), so doctor checks
	// the same ones: the per-profile locks in token-locks/ among them.
	for _, f := range store.Files() {
		p := filepath.Join(dir, f.Name)
		fst, err := os.Lstat(p)
		if err != nil {
			continue
		}
		before := len(bad)
		check(f.Name, p, fst, f.Dir, f.Mode)
		if !f.Dir {
			continue
		}
		onlyFiles = onlyFiles && len(bad) == before
		if !fst.IsDir() {
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			onlyFiles = false
			bad = append(bad, f.Name+" cannot be listed: "+plainNetError(err))
			fixes = append(fixes, fmt.Sprintf("chmod %o %s", f.Mode, pathArg(p)))
			continue
		}
		for _, e := range entries {
			info, err := e.Info()
			if err != nil {
				continue // removed meanwhile (a lock released)
			}
			before := len(bad)
			check(f.Name+"/"+e.Name(), filepath.Join(p, e.Name()), info, false, f.EntryMode)
			onlyFiles = onlyFiles && len(bad) == before
		}
	}
	switch {
	case len(bad) > 0:
		fix := sanitize.Line(strings.Join(fixes, "; "))
		if onlyFiles {
			fix += " (authdeck also tightens these modes when it opens the store; run doctor again to confirm)"
		}
		out = append(out, doctorCheck{"file modes", doctorFail, sanitize.Line(strings.Join(bad, "; ")), fix})
	default:
		out = append(out, doctorCheck{"file modes", doctorOK, fmt.Sprintf("%d files, each readable by you only", checked), ""})
	}
	return out
}

// keyringCheck says whether the OS keyring answers, and whether that
// matters for the secret store in use.
func keyringCheck(st *store.Store, forced store.SecretStore) doctorCheck {
	if forced == store.SecretFile {
		return doctorCheck{"keyring", doctorInfo, "not used: $" + envSecretStore + "=file keeps secrets in secrets.json (0600)", ""}
	}
	err := st.ProbeKeyring()
	if err == nil {
		return doctorCheck{"keyring", doctorOK, "the OS keyring answers", ""}
	}
	why := sanitize.Line(err.Error())
	fix := "start or unlock the keyring (Secret Service on Linux, e.g. gnome-keyring; Keychain on macOS), or set " +
		envSecretStore + "=file"
	if forced == store.SecretKeyring {
		return doctorCheck{"keyring", doctorFail, why, fix}
	}
	return doctorCheck{"keyring", doctorWarn, why + "; new secrets go to secrets.json (0600)", fix}
}

// endpointChecks checks every distinct profile endpoint at once (a few at a
// time): DNS, TCP connect, TLS, clock. One row per endpoint, in first-seen
// order.
func endpointChecks(ctx context.Context, profiles []store.Profile, timeout time.Duration, transportFor func(string) http.RoundTripper) []doctorCheck {
	var endpoints []string
	count := map[string]int{}
	for _, p := range profiles {
		if count[p.Endpoint] == 0 {
			endpoints = append(endpoints, p.Endpoint)
		}
		count[p.Endpoint]++
	}
	if len(endpoints) == 0 {
		return []doctorCheck{{"endpoints", doctorInfo, "no profiles saved: nothing to reach", ""}}
	}
	out := make([][]doctorCheck, len(endpoints))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, ep := range endpoints {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i] = probeEndpoint(ctx, ep, count[ep], timeout, transportFor(ep))
		}()
	}
	wg.Wait()
	var flat []doctorCheck
	for _, c := range out {
		flat = append(flat, c...)
	}
	return flat
}

// probeEndpoint checks one endpoint without sending any credential: one
// HEAD request through rt, the token client's transport, so it goes the
// way a token request goes (through $HTTPS_PROXY or $HTTP_PROXY when they
// apply). A trace times the steps (DNS, TCP connect, TLS handshake; to the
// proxy when there is one) and names the one that failed; the answer's
// Date header is compared with the local clock. It returns the
// reachability row and, when an answer came, the clock row.
func probeEndpoint(ctx context.Context, endpoint string, profiles int, timeout time.Duration, rt http.RoundTripper) []doctorCheck {
	u, err := url.Parse(endpoint)
	name := "endpoint " + sanitize.Line(endpointHost(endpoint))
	used := fmt.Sprintf(" (%d profiles)", profiles)
	if profiles == 1 {
		used = " (1 profile)"
	}
	if err != nil || u.Hostname() == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return []doctorCheck{{name, doctorFail, "not an http(s) URL: " + sanitize.Line(endpoint) + used, "fix the profiles' endpoint: `authdeck profiles save NAME --endpoint URL`"}}
	}
	c, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var p probeTrace
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(c, p.trace()), http.MethodHead, u.Scheme+"://"+u.Host+"/", nil)
	if err != nil {
		return []doctorCheck{{name, doctorFail, "not a usable URL: " + sanitize.Line(err.Error()) + used, "fix the profiles' endpoint: `authdeck profiles save NAME --endpoint URL`"}}
	}
	req.Header.Set("User-Agent", "authdeck/"+versionNumber()+" (doctor)")
	via := ""
	if t, ok := rt.(*http.Transport); ok && t.Proxy != nil {
		if pu, perr := t.Proxy(req); perr == nil && pu != nil {
			via = " via proxy " + sanitize.Line(pu.Host)
		}
	}
	resp, err := rt.RoundTrip(req)
	received := time.Now()
	if resp != nil {
		resp.Body.Close()
	}
	if t, ok := rt.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil && !p.gotConn {
		return []doctorCheck{p.failure(name, u, via, used, err)}
	}
	rows := []doctorCheck{{name, doctorOK, p.detail() + via + used, ""}}

	clock := "clock vs " + sanitize.Line(endpointHost(endpoint))
	if err != nil {
		return append(rows, doctorCheck{clock, doctorWarn, "no answer to HEAD: " + sanitize.Line(plainNetError(err)), "try again; the clock could not be compared"})
	}
	off, ok := tokenclient.ClockSkew(&tokenclient.Result{Header: resp.Header, Received: received})
	switch {
	case !ok:
		rows = append(rows, doctorCheck{clock, doctorInfo, "the server sent no Date header; the clock could not be compared", ""})
	case off.Abs() > tokenclient.SkewThreshold:
		rows = append(rows, doctorCheck{clock, doctorFail, skewWarning(off, endpoint), "sync your clock (enable NTP: timedatectl set-ntp true, or the OS date settings)"})
	default:
		rows = append(rows, doctorCheck{clock, doctorOK, fmt.Sprintf("within %s of the server (offset %s)", tokenclient.SkewThreshold, off), ""})
	}
	return rows
}

// probeTrace records the steps of one probe request.
type probeTrace struct {
	mu                            sync.Mutex
	dnsStart, connStart, tlsStart time.Time
	dns, conn, tls                time.Duration
	addrs                         int
	tlsVersion                    uint16
	dnsErr, connErr, tlsErr       error
	connAddr                      string
	gotConn                       bool
}

// trace is the httptrace hooks that fill p.
func (p *probeTrace) trace() *httptrace.ClientTrace {
	lock := func(f func()) { p.mu.Lock(); defer p.mu.Unlock(); f() }
	return &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { lock(func() { p.dnsStart = time.Now() }) },
		DNSDone: func(i httptrace.DNSDoneInfo) {
			lock(func() { p.dns, p.addrs, p.dnsErr = time.Since(p.dnsStart), len(i.Addrs), i.Err })
		},
		ConnectStart: func(_, addr string) { lock(func() { p.connStart, p.connAddr = time.Now(), addr }) },
		ConnectDone: func(_, addr string, err error) {
			lock(func() {
				if err == nil || p.connErr == nil { // the last address tried names the failure
					p.conn, p.connAddr, p.connErr = time.Since(p.connStart), addr, err
				}
			})
		},
		TLSHandshakeStart: func() { lock(func() { p.tlsStart = time.Now() }) },
		TLSHandshakeDone: func(st tls.ConnectionState, err error) {
			lock(func() { p.tls, p.tlsVersion, p.tlsErr = time.Since(p.tlsStart), st.Version, err })
		},
		GotConn: func(httptrace.GotConnInfo) { lock(func() { p.gotConn = true }) },
	}
}

// detail is "DNS 2ms (1 addresses), connect 1ms, TLS 9ms (TLS 1.3)", the
// steps that ran.
func (p *probeTrace) detail() string {
	var parts []string
	if !p.dnsStart.IsZero() {
		parts = append(parts, fmt.Sprintf("DNS %s (%d addresses)", p.dns.Round(time.Millisecond), p.addrs))
	}
	if !p.connStart.IsZero() {
		parts = append(parts, "connect "+p.conn.Round(time.Millisecond).String())
	}
	if !p.tlsStart.IsZero() {
		parts = append(parts, fmt.Sprintf("TLS %s (%s)", p.tls.Round(time.Millisecond), tls.VersionName(p.tlsVersion)))
	}
	if len(parts) == 0 {
		return "answered"
	}
	return strings.Join(parts, ", ")
}

// failure is the row of a probe that got no connection: the step that
// failed, in plain words, with its fix.
func (p *probeTrace) failure(name string, u *url.URL, via, used string, err error) doctorCheck {
	host := sanitize.Line(u.Hostname())
	switch {
	case p.dnsErr != nil:
		return doctorCheck{name, doctorFail, "DNS: " + sanitize.Line(plainNetError(p.dnsErr)) + via + used,
			"check the host name in the endpoint, your network, or your DNS settings"}
	case p.connErr != nil:
		return doctorCheck{name, doctorFail, "connect to " + sanitize.Line(p.connAddr) + ": " + sanitize.Line(plainNetError(p.connErr)) + via + used,
			"check the port and that the server is up; a firewall or VPN may block it"}
	case p.tlsErr != nil:
		return doctorCheck{name, doctorFail, "TLS handshake: " + sanitize.Line(plainNetError(p.tlsErr)) + via + used,
			"the certificate must be valid for " + host + " and issued by a trusted CA; check the clock too"}
	case via != "":
		return doctorCheck{name, doctorFail, "through the proxy: " + sanitize.Line(plainNetError(err)) + via + used,
			"check $HTTPS_PROXY / $HTTP_PROXY and $NO_PROXY, and that the proxy lets you reach " + host}
	}
	return doctorCheck{name, doctorFail, sanitize.Line(plainNetError(err)) + used, "check the endpoint URL and your network"}
}

// plainNetError is the innermost message of a network error, without the
// Go-style "dial tcp ...:" prefixes.
func plainNetError(err error) string {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		if dnsErr.IsNotFound {
			return "no such host " + dnsErr.Name
		}
		if dnsErr.IsTimeout {
			return "lookup of " + dnsErr.Name + " timed out"
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		err = opErr.Err
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.HasPrefix(msg, "connect") {
		msg = msg[i+2:]
	}
	return msg
}

// terminalChecks describes the terminal from the environment: colours
// (colorprofile), OSC 52 clipboard and mouse support (best guesses by
// terminal; never a failure).
func terminalChecks(stdout io.Writer, env []string) []doctorCheck {
	get := func(k string) string {
		for _, kv := range env {
			if v, ok := strings.CutPrefix(kv, k+"="); ok {
				return v
			}
		}
		return ""
	}
	termName := sanitize.Line(get("TERM"))
	var rows []doctorCheck
	tty := isTerminal(stdout)
	prof := colorprofile.Env(env)
	colours := map[colorprofile.Profile]string{
		colorprofile.TrueColor: "true colour (24-bit)", colorprofile.ANSI256: "256 colours", colorprofile.ANSI: "16 colours",
		colorprofile.Ascii: "no colours (text attributes only)", colorprofile.NoTTY: "no colours",
	}[prof]
	if colours == "" {
		colours = prof.String()
	}
	detail := colours + " from TERM=" + orDash(termName)
	if ct := get("COLORTERM"); ct != "" {
		detail += ", COLORTERM=" + sanitize.Line(ct)
	}
	if get("NO_COLOR") != "" {
		detail += "; NO_COLOR is set"
	}
	if !tty {
		detail += "; output is not a terminal here"
	}
	fix := ""
	if prof <= colorprofile.ANSI && get("NO_COLOR") == "" && termName != "dumb" {
		fix = "for more colours set COLORTERM=truecolor (if your terminal supports it) or TERM=xterm-256color"
	}
	rows = append(rows, doctorCheck{"terminal colours", doctorInfo, detail, fix})

	prog := strings.ToLower(get("TERM_PROGRAM"))
	lterm := strings.ToLower(termName)
	osc52 := "unknown"
	osc52Fix := "if copying (c) does nothing, use a terminal with OSC 52 (kitty, WezTerm, iTerm2, Ghostty, foot, Windows Terminal, Alacritty)"
	switch {
	case lterm == "dumb" || lterm == "":
		osc52 = "unlikely (TERM is dumb or unset)"
	case get("TMUX") != "":
		osc52 = "likely only with tmux's set-clipboard on"
		osc52Fix = "add `set -g set-clipboard on` to ~/.tmux.conf"
	case get("STY") != "":
		osc52 = "unlikely inside screen"
		osc52Fix = "use tmux with set-clipboard on, or run outside screen"
	case containsAny(prog, "iterm", "wezterm", "ghostty", "vscode", "tabby", "rio") ||
		containsAny(lterm, "kitty", "alacritty", "foot", "wezterm", "ghostty", "contour") || get("WT_SESSION") != "":
		osc52, osc52Fix = "likely ("+orDash(sanitize.Line(get("TERM_PROGRAM")))+", TERM="+termName+")", ""
	case prog == "apple_terminal":
		osc52 = "not supported by Terminal.app"
		osc52Fix = "use iTerm2, Ghostty or WezTerm to copy tokens with c"
	case strings.HasPrefix(lterm, "xterm") || strings.HasPrefix(lterm, "screen") || strings.HasPrefix(lterm, "tmux"):
		osc52 = "possible (TERM=" + termName + "; depends on the terminal's settings)"
	}
	if get("SSH_TTY") != "" {
		osc52 += "; over SSH the copy reaches your local terminal when it supports OSC 52"
	}
	rows = append(rows, doctorCheck{"clipboard (OSC 52)", doctorInfo, osc52, osc52Fix})

	mouse := "likely (SGR mouse reporting)"
	mouseFix := ""
	if lterm == "dumb" || lterm == "" {
		mouse, mouseFix = "unlikely (TERM is dumb or unset)", "use the keyboard; every action has a key"
	}
	rows = append(rows, doctorCheck{"mouse", doctorInfo, mouse, mouseFix})
	return rows
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// pathArg is a path for a command the user may paste: bare when it is
// plain, else single-quoted; sanitised either way.
func pathArg(s string) string {
	s = sanitize.Line(s)
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		return s
	}
	return shellQuote(s)
}

// writeDoctorTable prints CHECK, STATUS, DETAIL, FIX. Lines are not cut to
// the terminal: a fix is advice to be read whole.
func writeDoctorTable(w io.Writer, checks []doctorCheck) error {
	t := newTable("CHECK", "STATUS", "DETAIL", "FIX")
	for _, c := range checks {
		t.row(c.Check, c.Status, c.Detail, c.Fix)
	}
	return t.write(w)
}

// writeDoctorJSON prints {"ok": ..., "checks": [...]}.
func writeDoctorJSON(w io.Writer, checks []doctorCheck, ok bool) error {
	return writeJSON(w, struct {
		OK     bool          `json:"ok"`
		Checks []doctorCheck `json:"checks"`
	}{ok, checks})
}
