package cli

import (
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/tokens"
)

// maxCheckConcurrency bounds --concurrency: more would look like an attack
// to the identity service, and one process gains nothing from it.
const maxCheckConcurrency = 64

// errReported is returned by a command that has already said everything
// (check's table shows which profiles failed): exit 1 with no extra line.
var errReported = errors.New("failures reported above")

// checkOptions are the flags of `authdeck check`.
type checkOptions struct {
	all               bool
	match             string
	concurrency       int
	fresh             bool
	timeout           time.Duration
	maxWait           time.Duration
	output            string
	allowInsecureHTTP bool
	expectPlans       []string
	minLeft           time.Duration
	verbose           bool // print each exchange on stderr; the table is printed once at the end
}

// newCheckCmd builds `authdeck check [NAME...] [--all] [--match PATTERN]`.
func newCheckCmd(a *app) *cobra.Command {
	var o checkOptions
	cmd := &cobra.Command{
		Use:   "check [NAME...]",
		Short: "Check which saved credentials still work, all at once",
		Long: "Get a token for each selected profile (the cached one when it is still valid, unless --fresh) and\n" +
			"report the result, latency, token expiry and where the secret is kept. Requests run " +
			strconv.Itoa(tokens.DefaultCheckConcurrency) + " at a time;\n" +
			"a rate-limited profile waits out a short Retry-After and is tried once more, a long one is reported.\n" +
			"Each request is recorded in the history. Secrets are never printed.\n\n" +
			"PLAN lists the plans the token grants now. For CI, --expect-plan and --min-left make a profile fail\n" +
			"when its token lacks a plan or time, the reason in DETAIL; -o junit prints one test case per profile.\n\n" +
			"Exit status: 0 every profile passed, 1 any failed, 2 bad input (unknown profile, bad pattern, nothing selected).",
		Example: "  authdeck check --all\n" +
			"  authdeck check staging prod --fresh\n" +
			"  authdeck check --match 'android-*' --output json\n" +
			"  authdeck check --all --expect-plan NFL_PLUS --min-left 30m -o junit > check.xml",
		ValidArgsFunction: a.completeProfileArgs(1 << 20),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runCheck(cmd, args, &o)
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&o.all, "all", false, "check every saved profile")
	fs.StringVar(&o.match, "match", "", "check the profiles whose name matches a glob pattern (android-*, *prod*)")
	fs.IntVar(&o.concurrency, "concurrency", tokens.DefaultCheckConcurrency, "requests in flight at once")
	fs.BoolVar(&o.fresh, "fresh", false, "issue a new token for every profile, ignoring cached ones")
	fs.DurationVar(&o.timeout, "timeout", tokenclient.DefaultTimeout, "give up on one request after this duration")
	fs.DurationVar(&o.maxWait, "max-wait", tokens.DefaultMaxRetryWait, "wait out a Retry-After up to this long, then retry once; 0 never waits")
	fs.StringVarP(&o.output, "output", "o", "table", "print as table, json or junit (JUnit XML, one test case per profile)")
	fs.StringSliceVar(&o.expectPlans, "expect-plan", nil, "fail a profile whose token does not grant this plan now (repeat or comma list: NFL_PLUS,free; NFL_PLUS is met by NFL+ Premium too)")
	fs.DurationVar(&o.minLeft, "min-left", 0, "fail a profile whose token has less time left than this (a cached one with less is renewed first)")
	fs.BoolVar(&o.allowInsecureHTTP, "allow-insecure-http", false, "allow plain http to a host that is not loopback (sends client secrets unencrypted)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "print each request as sent (secrets masked) and the response's status, headers and timing on stderr; the table is printed once at the end")
	_ = cmd.RegisterFlagCompletionFunc("output", completeValues("table", "json", "junit"))
	_ = cmd.RegisterFlagCompletionFunc("match", a.completeProfileNames)
	return cmd
}

// runCheck selects the profiles, checks them and prints the results.
func (a *app) runCheck(cmd *cobra.Command, args []string, o *checkOptions) error {
	switch {
	case o.output != "table" && o.output != "json" && o.output != "junit":
		return usageError(fmt.Errorf("--output %q is not one of table, json, junit", o.output))
	case o.minLeft < 0:
		return usageError(fmt.Errorf("--min-left %s must be 0 or more, e.g. 30m", o.minLeft))
	case o.concurrency < 1 || o.concurrency > maxCheckConcurrency:
		return usageError(fmt.Errorf("--concurrency %d must be between 1 and %d", o.concurrency, maxCheckConcurrency))
	case o.timeout <= 0:
		return usageError(fmt.Errorf("--timeout %s must be positive, e.g. 30s", o.timeout))
	case o.maxWait < 0:
		return usageError(fmt.Errorf("--max-wait %s must be 0 or more", o.maxWait))
	case o.all && (len(args) > 0 || o.match != ""):
		return usageError(errors.New("--all checks every profile; give it without names or --match"))
	case !o.all && len(args) == 0 && o.match == "":
		return usageError(errors.New("nothing to check: name profiles, or use --all or --match PATTERN"))
	}
	if o.match != "" {
		if _, err := path.Match(o.match, ""); err != nil {
			return usageError(fmt.Errorf("--match %q is not a valid pattern (use *, ? and [a-z]): %w", sanitize.Line(o.match), err))
		}
	}
	for _, n := range args {
		if err := checkProfileName(n); err != nil {
			return err
		}
	}
	plans, err := expectedPlans(o.expectPlans)
	if err != nil {
		return err
	}
	if cmd.Flags().Changed("expect-plan") && len(plans) == 0 {
		return usageError(errors.New("--expect-plan has no plan name; give names like NFL_PLUS or free, comma-separated"))
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	profiles, err := st.List()
	if err != nil {
		return storeError(err)
	}
	names, err := selectProfiles(profiles, args, o.all, o.match)
	if err != nil {
		return err
	}

	maxWait := o.maxWait
	if maxWait == 0 {
		maxWait = -1 // store: never wait
	}
	opts := tokens.CheckOptions{Concurrency: o.concurrency, Fresh: o.fresh, MaxRetryWait: maxWait, Now: a.now,
		Expect: tokens.Expectations{Plans: plans, MinLeft: o.minLeft}}
	started := a.now()
	issuerFor := func(endpoint string) tokens.Issuer {
		return a.newVerboseClient(endpoint, o.timeout, o.allowInsecureHTTP, o.verbose)
	}

	results := make([]tokens.CheckResult, 0, len(names))
	var live *checkLive
	if o.output == "table" && isTerminal(a.stdout) && !o.verbose {
		live = newCheckLive(a.stdout, names, terminalWidth(a.stdout), plans...)
	}
	var mu sync.Mutex
	err = tokens.New(st).Check(cmd.Context(), names, opts, issuerFor, func(r tokens.CheckResult) {
		mu.Lock()
		defer mu.Unlock()
		results = append(results, r)
		if live != nil {
			live.add(r)
		}
	})
	if live != nil {
		live.finish()
	}
	// Report in the order asked for, whatever the completion order.
	order := make(map[string]int, len(names))
	for i, n := range names {
		order[n] = i
	}
	slices.SortStableFunc(results, func(x, y tokens.CheckResult) int { return order[x.Profile] - order[y.Profile] })

	switch o.output {
	case "json":
		if werr := writeCheckJSON(a.stdout, results); werr != nil {
			return werr
		}
	case "junit":
		if werr := writeCheckJUnit(a.stdout, names, results, started, a.now().Sub(started)); werr != nil {
			return werr
		}
	default:
		if live == nil {
			if werr := writeCheckTable(a.stdout, results, a.now(), terminalWidth(a.stdout)); werr != nil {
				return werr
			}
		}
		fmt.Fprintln(a.stdout, checkSummary(results, len(names)))
		for _, line := range skewLines(results) {
			a.warnf("%s", line)
		}
	}
	if err != nil {
		return fmt.Errorf("check interrupted: %w", err)
	}
	for _, r := range results {
		if !r.OK() {
			return errReported
		}
	}
	return nil
}

// selectProfiles returns the names to check, in profiles order for --all
// and --match, then the named ones in the order given, without repeats.
// An unknown name, or a pattern that matches nothing, is bad input.
func selectProfiles(profiles []store.Profile, args []string, all bool, pattern string) ([]string, error) {
	known := make(map[string]bool, len(profiles))
	for _, p := range profiles {
		known[p.Name] = true
	}
	var names []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	var unknown []string
	for _, n := range args {
		if !known[n] {
			unknown = append(unknown, n)
			continue
		}
		add(n)
	}
	if len(unknown) > 0 {
		all := make([]string, len(profiles))
		for i, p := range profiles {
			all[i] = p.Name
		}
		return nil, unknownProfiles(unknown, all)
	}
	if all || pattern != "" {
		matched := 0
		for _, p := range profiles {
			if ok, _ := path.Match(pattern, p.Name); all || ok {
				add(p.Name)
				matched++
			}
		}
		if matched == 0 {
			if all {
				return nil, badInput(errors.New("no profiles saved; add one with `authdeck profiles save NAME --client-key KEY --client-secret-stdin`"))
			}
			return nil, badInput(fmt.Errorf("no profile name matches %q", sanitize.Line(pattern)))
		}
	}
	return names, nil
}

// expectedPlans reads --expect-plan's values (repeated, or comma lists):
// plan names as the plans claim spells them, each once.
func expectedPlans(values []string) ([]string, error) {
	var out []string
	for _, v := range values {
		v = strings.TrimSpace(v)
		switch {
		case v == "":
			return nil, usageError(errors.New("--expect-plan has an empty plan name; give names like NFL_PLUS or free, comma-separated"))
		case strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f || r > '~' }):
			return nil, usageError(fmt.Errorf("--expect-plan %q is not a plan name (letters, digits, _ and -, like NFL_PLUS)", sanitize.Line(v)))
		}
		if !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, v) }) {
			out = append(out, v)
		}
	}
	return out, nil
}

// checkDetail is the DETAIL cell: why a failed profile failed, in the
// server's words when it answered (see failureDetail), or the expectations
// its token did not meet.
func checkDetail(r tokens.CheckResult) string {
	if r.Kind == tokens.CheckUnmet {
		return tokens.UnmetReasons(r)
	}
	if r.Err == nil {
		return ""
	}
	return failureDetail(r.Err)
}

// checkExpiry is the EXPIRES cell.
func checkExpiry(r tokens.CheckResult, now time.Time) string {
	if r.ExpiresAt.IsZero() {
		return "-"
	}
	left := r.ExpiresAt.Sub(now)
	if left <= 0 {
		return "expired"
	}
	return "in " + tokens.Duration(left.Round(time.Second))
}

// checkRow is one result as table cells.
func checkRow(r tokens.CheckResult, now time.Time) []string {
	latency := "-"
	if !r.Cached && r.Latency > 0 {
		latency = r.Latency.Round(time.Millisecond).String()
	}
	return []string{sanitize.Line(r.Profile), tokens.Describe(r), latency, checkExpiry(r, now), tokens.Plans(r), orDash(string(r.SecretStore)), checkDetail(r)}
}

// checkHeader names the table's columns.
var checkHeader = []string{"PROFILE", "RESULT", "LATENCY", "EXPIRES", "PLAN", "SECRETS", "DETAIL"}

// checkPlanColumn is the index of PLAN; checkDetailColumn of DETAIL, the
// column that takes the width the others leave.
const (
	checkPlanColumn   = 4
	checkDetailColumn = 6
)

// writeCheckTable prints the results as a table no wider than width
// terminal cells (0: no limit), DETAIL taking the remaining width; expiry
// is counted from now.
func writeCheckTable(w io.Writer, results []tokens.CheckResult, now time.Time, width int) error {
	t := newTable(checkHeader...).flexColumn(checkDetailColumn).fit(width)
	t.grow(len(results))
	for _, r := range results {
		t.row(checkRow(r, now)...)
	}
	return t.write(w)
}

// checkSummary is the line under the table.
func checkSummary(results []tokens.CheckResult, asked int) string {
	passed := 0
	for _, r := range results {
		if r.OK() {
			passed++
		}
	}
	s := fmt.Sprintf("%d of %d passed", passed, asked)
	if failed := len(results) - passed; failed > 0 {
		s += fmt.Sprintf(", %d failed", failed)
	}
	if missing := asked - len(results); missing > 0 {
		s += fmt.Sprintf(", %d not checked", missing)
	}
	return s
}

// endpointSkew is the clock offset measured against one endpoint.
type endpointSkew struct {
	Endpoint string
	Offset   time.Duration
}

// skews returns one measured clock offset per endpoint (the first result
// that had one), in result order.
func skews(results []tokens.CheckResult) []endpointSkew {
	var out []endpointSkew
	seen := map[string]bool{}
	for _, r := range results {
		if r.SkewKnown && !seen[r.Endpoint] {
			seen[r.Endpoint] = true
			out = append(out, endpointSkew{r.Endpoint, r.Skew})
		}
	}
	return out
}

// skewLines warns about every endpoint whose clock is off by more than
// tokenclient.SkewThreshold.
func skewLines(results []tokens.CheckResult) []string {
	var lines []string
	for _, s := range skews(results) {
		if w := skewWarning(s.Offset, s.Endpoint); w != "" {
			lines = append(lines, w)
		}
	}
	return lines
}

// skewWarning explains a clock offset (server minus local) in plain words,
// by tokenclient.ExplainSkew's rule, or returns "" when it is within
// tokenclient.SkewThreshold.
func skewWarning(offset time.Duration, endpoint string) string {
	e, ok := tokenclient.ExplainSkew(offset)
	if !ok {
		return ""
	}
	server := "the server's"
	if endpoint != "" {
		server = sanitize.Line(endpointHost(endpoint)) + "'s"
	}
	by := tokens.Duration(e.By.Round(time.Second))
	if e.Beyond {
		by = fmt.Sprintf("more than %d years", int(e.By/(365*24*time.Hour)))
	}
	return fmt.Sprintf("your clock is %s %s %s; %s (fix: sync your clock, e.g. enable NTP)",
		by, e.Direction, server, e.Consequence)
}

// endpointHost is the host of an endpoint URL, or the URL when it has none.
func endpointHost(endpoint string) string {
	p := store.Profile{Endpoint: endpoint}
	if h := p.EndpointHost(); h != "" {
		return h
	}
	return endpoint
}

// checkResultJSON is one profile in `check --output json`.
type checkResultJSON struct {
	Profile           string     `json:"profile"`
	Endpoint          string     `json:"endpoint,omitempty"`
	OK                bool       `json:"ok"`
	Result            string     `json:"result"` // tokens.CheckKind
	Status            int        `json:"status,omitempty"`
	Cached            bool       `json:"cached"`
	Refreshed         bool       `json:"refreshed"`
	LatencyMS         int64      `json:"latencyMs"`
	ExpiresAt         *time.Time `json:"expiresAt,omitempty"`
	SecretStore       string     `json:"secretStore,omitempty"`
	Requests          int        `json:"requests"`
	RetryAfterSeconds float64    `json:"retryAfterSeconds,omitempty"`
	WaitedMS          int64      `json:"waitedMs,omitempty"`
	ClockSkewSeconds  *float64   `json:"clockSkewSeconds,omitempty"` // server minus local
	// Plans are the plans the token grants now; absent when no token came.
	Plans []string `json:"plans,omitempty"`
	// Unmet says why a token did not meet --expect-plan / --min-left.
	Unmet string `json:"unmet,omitempty"`
	Error string `json:"error,omitempty"`
}

// checkReportJSON is the whole of `check --output json`.
type checkReportJSON struct {
	Passed    int               `json:"passed"`
	Failed    int               `json:"failed"`
	Profiles  []checkResultJSON `json:"profiles"`
	ClockSkew []skewJSON        `json:"clockSkew"`
}

// skewJSON is one endpoint's measured clock offset.
type skewJSON struct {
	Endpoint      string  `json:"endpoint"`
	OffsetSeconds float64 `json:"offsetSeconds"` // server minus local; positive: your clock is behind
	Warning       string  `json:"warning,omitempty"`
}

// writeCheckJSON prints the results as one JSON document.
func writeCheckJSON(w io.Writer, results []tokens.CheckResult) error {
	rep := checkReportJSON{Profiles: make([]checkResultJSON, 0, len(results)), ClockSkew: []skewJSON{}}
	for _, r := range results {
		if r.OK() {
			rep.Passed++
		} else {
			rep.Failed++
		}
		j := checkResultJSON{
			Profile: sanitize.Line(r.Profile), Endpoint: sanitize.Line(r.Endpoint), OK: r.OK(), Result: string(r.Kind),
			Status: r.Status, Cached: r.Cached, Refreshed: r.Refreshed, LatencyMS: r.Latency.Milliseconds(),
			ExpiresAt: timePtr(r.ExpiresAt), SecretStore: string(r.SecretStore), Requests: r.Requests,
			RetryAfterSeconds: r.RetryAfter.Seconds(), WaitedMS: r.Waited.Milliseconds(),
		}
		if r.SkewKnown {
			s := r.Skew.Seconds()
			j.ClockSkewSeconds = &s
		}
		if r.Err != nil {
			j.Error = sanitize.Line(r.Err.Error())
		}
		if r.Access != nil {
			j.Plans = []string{}
			for _, p := range tokens.GrantingPlans(r.Access) {
				j.Plans = append(j.Plans, sanitize.Line(p))
			}
		}
		if r.Kind == tokens.CheckUnmet {
			j.Unmet = sanitize.Line(tokens.UnmetReasons(r))
		}
		rep.Profiles = append(rep.Profiles, j)
	}
	for _, s := range skews(results) {
		rep.ClockSkew = append(rep.ClockSkew, skewJSON{Endpoint: sanitize.Line(s.Endpoint), OffsetSeconds: s.Offset.Seconds(),
			Warning: skewWarning(s.Offset, s.Endpoint)})
	}
	return writeJSON(w, rep)
}
