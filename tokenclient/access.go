package tokenclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The plans and statuses of the entitlement rules (contract revision 3).
const (
	PlanFree        = "free"
	PlanNFLPlus     = "NFL_PLUS"
	PlanNFLPlusPrem = "NFL_PLUS_PREMIUM"

	StatusActive    = "ACTIVE"
	StatusCancelled = "CANCELLED"
	StatusExpired   = "EXPIRED"
)

// Access is what a token grants, read from its claims the way clients read
// them: a plan grants access while it is ACTIVE, or CANCELLED with an
// expirationDate still in the future; an EXPIRED plan is listed and grants
// nothing. Whatever could not be read is named in Problems, and an answer
// that depends on it is nil (unknown) rather than guessed.
type Access struct {
	// Readable is false when the token is not a JWT with a claims object;
	// then nothing else is known and Problems says why.
	Readable bool `json:"readable"`
	// SignedIn is true when the claims carry a uid (an account), false
	// when they carry none (an anonymous device token), and nil (unknown)
	// when a uid claim is there but is not non-empty text.
	SignedIn *bool  `json:"signedIn"`
	UID      string `json:"uid"`
	// Plans are the plans claim's entries in token order.
	Plans []PlanAccess `json:"plans"`
	// NFLPlus: an NFL_PLUS or NFL_PLUS_PREMIUM plan grants access now.
	// Premium: an NFL_PLUS_PREMIUM plan does. nil when a plan that could
	// decide it could not be read.
	NFLPlus *bool `json:"nflPlus"`
	Premium *bool `json:"premium"`
	// Networks are the names in the networks map with access (a true,
	// non-empty or non-zero value), sorted.
	Networks []string `json:"networks"`
	// DMACode is the viewer's media market; Region, Country and City the
	// location claims ("" when absent).
	DMACode string `json:"dmaCode,omitempty"`
	Region  string `json:"region,omitempty"`
	Country string `json:"countryCode,omitempty"`
	City    string `json:"city,omitempty"`
	// ExpiresAt is the exp claim, nil when absent or unreadable.
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
	// ExpiryProblem is why an exp claim that is there could not be read:
	// "out of range", "not a number" or "null"; "" when it was read or is
	// absent. Problems says it in full.
	ExpiryProblem string `json:"-"`
	// Problems say, one per claim, what could not be read.
	Problems []string `json:"problems,omitempty"`
}

// PlanAccess is one entry of the plans claim and what it grants at the
// time the verdict was made.
type PlanAccess struct {
	Plan   string `json:"plan"`
	Status string `json:"status"`
	// GrantsAccess is nil when the entry could not be read well enough to
	// tell (an unknown status, a CANCELLED plan whose date is unreadable).
	GrantsAccess *bool `json:"grantsAccess"`
	// Until is the expirationDate, nil when absent or unreadable. A date
	// without a time is the start of that day, UTC.
	Until *time.Time `json:"until,omitempty"`
	// Trial is the entry's trial flag.
	Trial bool `json:"trial,omitempty"`
	// Problem says what could not be read in this entry; "" when nothing.
	Problem string `json:"problem,omitempty"`

	dateOnly bool      // Until came from a date without a time
	now      time.Time // when the verdict was made
}

// ExplainAccess reads j's claims into an access verdict at time now.
func ExplainAccess(j JWT, now time.Time) Access {
	a := Access{Plans: []PlanAccess{}, Networks: []string{}}
	if !j.IsJWT {
		a.Problems = append(a.Problems, "the token's claims cannot be read: "+j.Problem)
		return a
	}
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(j.Claims, &claims); err != nil {
		a.Problems = append(a.Problems, "the token's claims are not a JSON object")
		return a
	}
	a.Readable = true
	a.ExpiresAt = j.ExpiresAt
	if raw, ok := claims["exp"]; ok && j.ExpiresAt == nil {
		a.readExpProblem(raw)
	}
	a.readUID(claims["uid"])
	plansKnown := a.readPlans(claims["plans"], now)
	a.NFLPlus = grants(a.Plans, plansKnown, PlanNFLPlus, PlanNFLPlusPrem)
	a.Premium = grants(a.Plans, plansKnown, PlanNFLPlusPrem)
	a.readNetworks(claims["networks"])
	for _, f := range []struct {
		name string
		dst  *string
	}{{"dmaCode", &a.DMACode}, {"region", &a.Region}, {"countryCode", &a.Country}, {"city", &a.City}} {
		raw, ok := claims[f.name]
		if !ok || string(raw) == "null" {
			continue
		}
		if s, ok := textOrNumber(raw); ok {
			*f.dst = s
			continue
		}
		a.Problems = append(a.Problems, f.name+" should be text and is "+jsonKind(raw))
	}
	return a
}

// readExpProblem says why the exp claim raw, which is there, could not be
// read as a time.
func (a *Access) readExpProblem(raw json.RawMessage) {
	const unknown = ", so when the token expires is not known"
	switch why := numericDateProblem(raw); why {
	case dateOutOfRange:
		a.ExpiryProblem = "out of range"
		a.Problems = append(a.Problems, "exp "+jsonExcerpt(raw)+" is out of range (more than 10^12 seconds from 1970)"+unknown)
	case dateNull:
		a.ExpiryProblem = "null"
		a.Problems = append(a.Problems, "exp is null"+unknown)
	default:
		a.ExpiryProblem = "not a number"
		a.Problems = append(a.Problems, "exp should be a number of seconds since 1970 and is "+jsonKind(raw)+unknown)
	}
}

// readUID sets SignedIn and UID from the uid claim: no claim is an
// anonymous token; a claim that is not non-empty text (a number, null,
// "") leaves SignedIn unknown, since a client may read it either way.
func (a *Access) readUID(raw json.RawMessage) {
	yes, no := true, false
	if raw == nil {
		a.SignedIn = &no
		return
	}
	const unknown = ", so whether the token is signed in is not known"
	var s string
	switch {
	case json.Unmarshal(raw, &s) != nil || string(raw) == "null":
		a.Problems = append(a.Problems, "uid should be text and is "+jsonKind(raw)+unknown)
	case strings.TrimSpace(s) == "":
		a.Problems = append(a.Problems, "uid is empty text"+unknown)
	default:
		a.SignedIn, a.UID = &yes, strings.TrimSpace(s)
	}
}

// readPlans fills Plans; it returns false when the claim as a whole could
// not be read (so no answer may rest on its absence).
func (a *Access) readPlans(raw json.RawMessage, now time.Time) bool {
	if raw == nil || string(raw) == "null" {
		return true // no plans: nothing grants access
	}
	var entries []json.RawMessage
	if json.Unmarshal(raw, &entries) != nil {
		a.Problems = append(a.Problems, "plans should be a list of {plan, status, expirationDate} objects and is "+jsonKind(raw)+", so no plan can be read")
		return false
	}
	for i, e := range entries {
		p := readPlan(e, now)
		if p.Problem != "" {
			a.Problems = append(a.Problems, fmt.Sprintf("plans[%d]: %s", i, p.Problem))
		}
		a.Plans = append(a.Plans, p)
	}
	return true
}

// readPlan reads one plans entry and applies the entitlement rule.
func readPlan(raw json.RawMessage, now time.Time) PlanAccess {
	p := PlanAccess{now: now}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		p.Problem = "should be an object and is " + jsonKind(raw)
		return p
	}
	var bad []string
	str := func(name string) string {
		v, ok := fields[name]
		if !ok || string(v) == "null" {
			return ""
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			bad = append(bad, name+" should be text and is "+jsonKind(v))
		}
		return s
	}
	p.Plan, p.Status = str("plan"), str("status")
	if t, ok := fields["trial"]; ok {
		_ = json.Unmarshal(t, &p.Trial) // only shown; a non-boolean reads as false
	}
	if d, ok := fields["expirationDate"]; ok && string(d) != "null" {
		if t, dateOnly, ok := planDate(d); ok {
			p.Until, p.dateOnly = &t, dateOnly
		} else {
			bad = append(bad, "expirationDate "+jsonExcerpt(d)+" is not a date like 2027-01-03 or 2027-01-03T12:00:00Z")
		}
	}
	yes, no := true, false
	switch p.Status {
	case StatusActive:
		p.GrantsAccess = &yes
	case StatusExpired:
		p.GrantsAccess = &no
	case StatusCancelled:
		if p.Until != nil {
			g := p.Until.After(now)
			p.GrantsAccess = &g
		} else if d, ok := fields["expirationDate"]; !ok || string(d) == "null" {
			p.GrantsAccess = &no // cancelled with no date left: nothing to run until
		}
	case "":
		if v, ok := fields["status"]; !ok || string(v) == "null" || string(v) == `""` {
			bad = append(bad, "status is missing")
		}
	default:
		bad = append(bad, fmt.Sprintf("status %q is not one of ACTIVE, CANCELLED, EXPIRED", p.Status))
	}
	if p.Plan == "" && len(bad) == 0 {
		bad = append(bad, "plan is missing")
	}
	p.Problem = strings.Join(bad, "; ")
	return p
}

// grants answers "does a plan named one of names grant access?": yes if
// one does, unknown if one (or an unreadable entry) might, no otherwise.
func grants(plans []PlanAccess, known bool, names ...string) *bool {
	yes, no := true, false
	if !known {
		return nil
	}
	unsure := false
	for _, p := range plans {
		named := p.Plan == ""
		for _, n := range names {
			named = named || p.Plan == n
		}
		if !named {
			continue
		}
		switch {
		case p.GrantsAccess == nil || p.Plan == "":
			unsure = true
		case *p.GrantsAccess:
			return &yes
		}
	}
	if unsure {
		return nil
	}
	return &no
}

// readNetworks fills Networks from the networks map.
func (a *Access) readNetworks(raw json.RawMessage) {
	if raw == nil || string(raw) == "null" {
		return
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		a.Problems = append(a.Problems, "networks should be a map of network names to access (like {\"NFLN\": \"true\"}) and is "+jsonKind(raw)+", so no network can be read")
		a.Networks = nil
		return
	}
	for name, v := range m {
		if truthy(v) {
			a.Networks = append(a.Networks, name)
		}
	}
	sort.Strings(a.Networks)
}

// truthy is JavaScript's truthiness of a JSON value, as the clients that
// test networks[name] see it.
func truthy(raw json.RawMessage) bool {
	switch s := strings.TrimSpace(string(raw)); {
	case s == "null", s == "false", s == `""`:
		return false
	case strings.HasPrefix(s, `"`), strings.HasPrefix(s, "["), strings.HasPrefix(s, "{"), s == "true":
		return true
	default:
		f, err := strconv.ParseFloat(s, 64)
		return err == nil && f != 0
	}
}

// planDate reads an expirationDate: a date (the start of that day, UTC) or
// an RFC 3339 time. Anything else is not read, so no access is guessed.
func planDate(raw json.RawMessage) (t time.Time, dateOnly, ok bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return time.Time{}, false, false
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true, true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, false, true
	}
	return time.Time{}, false, false
}

// textOrNumber reads a JSON string, or a number as its digits.
func textOrNumber(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	var n json.Number
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&n) == nil {
		return n.String(), true
	}
	return "", false
}

// jsonKind names a JSON value's type for a message.
func jsonKind(raw json.RawMessage) string {
	switch s := strings.TrimSpace(string(raw)); {
	case strings.HasPrefix(s, `"`):
		return "text (" + jsonExcerpt(raw) + ")"
	case strings.HasPrefix(s, "["):
		return "a list"
	case strings.HasPrefix(s, "{"):
		return "an object"
	case s == "true" || s == "false":
		return "a boolean"
	case s == "null":
		return "null"
	default:
		return "a number (" + jsonExcerpt(raw) + ")"
	}
}

// jsonExcerpt is the first 40 characters of a JSON value, for a message
// (the CLI and the console sanitise messages before printing them).
func jsonExcerpt(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}

// Words says a plan's state in plain words at the verdict's time: "active",
// "cancelled, valid until 2027-01-03 (31 days)", "cancelled, ended
// 2026-12-02", "expired 2026-11-01", "status unknown".
func (p PlanAccess) Words() string {
	switch {
	case p.Status == StatusActive:
		return "active"
	case p.Status == StatusCancelled && p.GrantsAccess != nil && *p.GrantsAccess:
		return "cancelled, valid until " + p.untilText() + " (" + left(p.now, *p.Until) + ")"
	case p.Status == StatusCancelled && p.Until != nil:
		return "cancelled, ended " + p.untilText()
	case p.Status == StatusCancelled && p.GrantsAccess != nil:
		return "cancelled, no expiration date"
	case p.Status == StatusCancelled:
		return "cancelled, expiration date unreadable"
	case p.Status == StatusExpired && p.Until != nil:
		return "expired " + p.untilText()
	case p.Status == StatusExpired:
		return "expired"
	case p.Status == "":
		return "status unknown"
	}
	return fmt.Sprintf("status %q (not a known status)", p.Status)
}

// PlanName is a plan's name in plain words: "NFL+", "NFL+ Premium",
// "free"; other names as they are.
func (p PlanAccess) PlanName() string {
	switch p.Plan {
	case PlanNFLPlus:
		return "NFL+"
	case PlanNFLPlusPrem:
		return "NFL+ Premium"
	case "":
		return "(unnamed plan)"
	}
	return p.Plan
}

// untilText is the expirationDate as shown: a date, or a date and time.
func (p PlanAccess) untilText() string {
	if p.dateOnly {
		return p.Until.UTC().Format(time.DateOnly)
	}
	return p.Until.UTC().Format("2006-01-02 15:04 UTC")
}

// left is the time from now to until in words: whole calendar days (UTC)
// when two or more, otherwise hours, minutes and seconds.
func left(now, until time.Time) string {
	// Days are counted on unix days, not with Sub, whose Duration
	// overflows past 292 years (a plan "until 2999-01-03").
	days := until.Unix()/86400 - now.Unix()/86400
	if days >= 2 {
		return strconv.FormatInt(days, 10) + " days"
	}
	d := until.Sub(now).Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh %dm left", h, m)
	case m > 0:
		return fmt.Sprintf("%dm %ds left", m, s)
	}
	return fmt.Sprintf("%ds left", s)
}

// YesNo says an answer that may be unknown: "yes", "no", "unknown".
func YesNo(b *bool) string {
	switch {
	case b == nil:
		return "unknown"
	case *b:
		return "yes"
	}
	return "no"
}
