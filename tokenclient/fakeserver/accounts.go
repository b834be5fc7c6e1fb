package fakeserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Account is a person who can sign in on the activation page: an NFL
// account (UID) and, for TV provider and partner sign-ins, a user id and
// uuid. A signed-in issue or refresh for its uid, or a partner refresh for
// its user id, gets its plans, networks, dmaCode and countryCode.
type Account struct {
	Name        string          `json:"name"`
	UID         string          `json:"uid"`
	Plans       []Plan          `json:"plans"`
	Networks    map[string]bool `json:"networks,omitempty"`
	DmaCode     string          `json:"dmaCode,omitempty"`
	CountryCode string          `json:"countryCode,omitempty"`
	IDP         string          `json:"idp,omitempty"`
	UserID      string          `json:"userId,omitempty"`
	UUID        string          `json:"uuid,omitempty"`
	// Note is the one line the activation page shows beside the name.
	Note string `json:"note,omitempty"`
}

// The names of the built-in demo accounts.
const (
	AccountFree       = "free"
	AccountPlus       = "plus"
	AccountPremium    = "premium"
	AccountCancelled  = "cancelled"
	AccountExpired    = "expired"
	AccountTVProvider = "tv-provider"
)

// accountSpace is the namespace the demo accounts' uids, user ids and
// uuids are derived in, so they are stable across runs.
var accountSpace = uuid.MustParse("0b7e4c52-6a1d-4f0e-9c3b-5d2a8e1f7c46")

// gigyaUID is a uid shaped like a Gigya one (32 hex digits) for name.
func gigyaUID(name string) string {
	return strings.ReplaceAll(uuid.NewSHA1(accountSpace, []byte("uid:"+name)).String(), "-", "")
}

// DemoAccounts are the built-in accounts, with plan dates relative to now:
// free; plus (NFL_PLUS ACTIVE); premium (NFL_PLUS_PREMIUM ACTIVE);
// cancelled (NFL_PLUS_PREMIUM CANCELLED, expiring in 7 days); expired
// (NFL_PLUS EXPIRED); tv-provider (idp TV_PROVIDER, a user id, uuid and
// its networks).
func DemoAccounts(now time.Time) []Account {
	day := func(d int) string { return now.UTC().AddDate(0, 0, d).Format(time.DateOnly) }
	free := Plan{Plan: "free", Source: "NFL", Status: "ACTIVE", StartDate: day(-30), ExpirationDate: "2125-01-01"}
	plan := func(name, status string, start, end int) Plan {
		return Plan{Plan: name, Source: "NFL", Status: status, StartDate: day(start), ExpirationDate: day(end)}
	}
	accounts := []Account{
		{Name: AccountFree, Plans: []Plan{free}, Note: "signed in, free plan only"},
		{Name: AccountPlus, Plans: []Plan{free, plan("NFL_PLUS", "ACTIVE", -30, 335)}, Note: "NFL+ active"},
		{Name: AccountPremium, Plans: []Plan{free, plan("NFL_PLUS_PREMIUM", "ACTIVE", -30, 335)}, Note: "NFL+ Premium active"},
		{Name: AccountCancelled, Plans: []Plan{free, plan("NFL_PLUS_PREMIUM", "CANCELLED", -358, 7)}, Note: "NFL+ Premium cancelled, valid 7 more days"},
		{Name: AccountExpired, Plans: []Plan{free, plan("NFL_PLUS", "EXPIRED", -400, -35)}, Note: "NFL+ expired"},
		{Name: AccountTVProvider, Plans: []Plan{free}, IDP: "TV_PROVIDER", Note: "a TV provider sign-in with NFL Network",
			Networks: map[string]bool{"NFLN": true, "NFLRZ": true}},
	}
	for i := range accounts {
		accounts[i].fill()
	}
	return accounts
}

// fill derives what an account leaves out: a Gigya-shaped uid, a user id
// and uuid for partner sign-ins, and the demo location.
func (a *Account) fill() {
	if a.UID == "" {
		a.UID = gigyaUID(a.Name)
	}
	if a.UserID == "" {
		a.UserID = "user-" + uuid.NewSHA1(accountSpace, []byte("user:"+a.UID)).String()[:8]
	}
	if a.UUID == "" {
		a.UUID = uuid.NewSHA1(accountSpace, []byte("uuid:"+a.Name)).String()
	}
	if a.DmaCode == "" {
		a.DmaCode = "501"
	}
	if a.CountryCode == "" {
		a.CountryCode = "US"
	}
	if len(a.Plans) == 0 {
		a.Plans = []Plan{{Plan: "free", Source: "NFL", Status: "ACTIVE", ExpirationDate: "2125-01-01"}}
	}
	for i := range a.Plans {
		if a.Plans[i].Source == "" {
			a.Plans[i].Source = "NFL"
		}
	}
}

// accountNameRe is what an account name may be: it is a form value and a
// CLI argument.
var accountNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// planStatuses are the statuses the contract names.
var planStatuses = []string{"ACTIVE", "CANCELLED", "EXPIRED"}

// ParseAccounts reads an accounts file: a JSON list of {name, uid, plans,
// networks, dmaCode, countryCode, idp?, userId?, uuid?}. Each problem names
// the entry (its position and name) and the field. Names must be unique
// and must not be a built-in demo account's.
func ParseAccounts(r io.Reader) ([]Account, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("not a JSON list of accounts: %w", err)
	}
	builtin := map[string]bool{}
	for _, a := range DemoAccounts(time.Now()) {
		builtin[a.Name] = true
	}
	seen := map[string]int{}
	uids := map[string]int{}
	out := make([]Account, 0, len(entries))
	for i, raw := range entries {
		var a Account
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		where := fmt.Sprintf("entry %d", i+1)
		if err := dec.Decode(&a); err != nil {
			return nil, fmt.Errorf("%s: %s", where, jsonProblem(err))
		}
		if a.Name != "" {
			where += fmt.Sprintf(" (%q)", a.Name)
		}
		if err := a.check(builtin, seen, uids, i+1); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		a.fill()
		out = append(out, a)
	}
	return out, nil
}

// jsonProblem says which field a decoding error is about.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if e, ok := err.(*json.UnmarshalTypeError); ok {
		te = e
		return fmt.Sprintf("%s: is a JSON %s, expected %s", te.Field, te.Value, te.Type)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// check validates one entry of an accounts file.
func (a *Account) check(builtin map[string]bool, seen, uids map[string]int, n int) error {
	switch {
	case a.Name == "":
		return fmt.Errorf("name: is required (lower-case letters, digits, - and _)")
	case !accountNameRe.MatchString(a.Name):
		return fmt.Errorf("name: %q must be 1 to 32 lower-case letters, digits, - or _", a.Name)
	case builtin[a.Name]:
		return fmt.Errorf("name: %q is a built-in demo account; pick another name", a.Name)
	case seen[a.Name] > 0:
		return fmt.Errorf("name: %q is already entry %d", a.Name, seen[a.Name])
	case a.UID == "":
		return fmt.Errorf("uid: is required")
	case uids[a.UID] > 0:
		return fmt.Errorf("uid: is already entry %d's", uids[a.UID])
	}
	seen[a.Name], uids[a.UID] = n, n
	for j, p := range a.Plans {
		field := fmt.Sprintf("plans[%d]", j)
		switch {
		case p.Plan == "":
			return fmt.Errorf("%s.plan: is required (free, NFL_PLUS, NFL_PLUS_PREMIUM)", field)
		case !contains(planStatuses, p.Status):
			return fmt.Errorf("%s.status: %q is not ACTIVE, CANCELLED or EXPIRED", field, p.Status)
		}
		for name, d := range map[string]string{"expirationDate": p.ExpirationDate, "startDate": p.StartDate} {
			if d != "" && !validDate(d) {
				return fmt.Errorf("%s.%s: %q is not a date like 2027-01-03", field, name, d)
			}
		}
	}
	if a.IDP != "" && !contains([]string{"TV_PROVIDER", "AMAZON", "PEACOCK", "YOUTUBE"}, a.IDP) {
		return fmt.Errorf("idp: %q is not TV_PROVIDER, AMAZON, PEACOCK or YOUTUBE", a.IDP)
	}
	return nil
}

func validDate(s string) bool {
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return true
	}
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// accountBook finds accounts by name, uid and partner user id.
type accountBook struct {
	list   []Account
	byName map[string]*Account
	byUID  map[string]*Account
	byUser map[string]*Account
}

func newAccountBook(list []Account) *accountBook {
	b := &accountBook{list: list, byName: map[string]*Account{}, byUID: map[string]*Account{}, byUser: map[string]*Account{}}
	for i := range b.list {
		a := &b.list[i]
		b.byName[a.Name] = a
		b.byUID[a.UID] = a
		b.byUser[a.UserID] = a
	}
	return b
}
