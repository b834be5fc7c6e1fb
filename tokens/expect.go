package tokens

import (
	"strings"
	"time"

	"github.com/authdeck/authdeck/tokenclient"
)

// Expectations are what a check must find besides a token, for CI: plans
// that must grant access now and time that must be left on the token. The
// zero value expects nothing.
type Expectations struct {
	// Plans are plan names (as in the plans claim, compared without regard
	// to case) each of which must grant access now.
	Plans []string
	// MinLeft is the least time the token must still be valid for; zero
	// expects nothing.
	MinLeft time.Duration
}

// Unmet is one expectation a token did not meet. It holds facts, never
// words: Reason words it.
type Unmet struct {
	// Plan is the expected plan that does not grant access; "" when the
	// unmet expectation is MinLeft.
	Plan string
	// Status is the plan's status when the token lists it ("EXPIRED",
	// "CANCELLED"), "" when the token does not list it.
	Status string
	// Unknown: the token's plans could not be read well enough to tell.
	Unknown bool
	// Left is the time the token had left, MinLeft the time expected.
	Left, MinLeft time.Duration
}

// GrantingPlans are the plans of a that grant access (in token order,
// without repeats); an anonymous token's free plan is one.
func GrantingPlans(a *tokenclient.Access) []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, p := range a.Plans {
		if p.GrantsAccess != nil && *p.GrantsAccess && p.Plan != "" && !containsFold(out, p.Plan) {
			out = append(out, p.Plan)
		}
	}
	return out
}

// Evaluate returns the expectations of e that a token with access a and
// expiry expiresAt does not meet at now, in the order given (plans first).
func (e Expectations) Evaluate(a *tokenclient.Access, expiresAt, now time.Time) []Unmet {
	var out []Unmet
	for _, want := range e.Plans {
		out = append(out, planUnmet(a, want)...)
	}
	if e.MinLeft > 0 {
		left := expiresAt.Sub(now)
		if expiresAt.IsZero() {
			left = 0
		}
		if left < e.MinLeft {
			out = append(out, Unmet{Left: max(left, 0), MinLeft: e.MinLeft})
		}
	}
	return out
}

// planUnmet is nil when plan want grants access in a, else why not.
func planUnmet(a *tokenclient.Access, want string) []Unmet {
	if a == nil || !a.Readable {
		return []Unmet{{Plan: want, Unknown: true}}
	}
	// NFL+ Premium includes NFL+: the rule claims explain's "NFL+" answer uses.
	if strings.EqualFold(want, tokenclient.PlanNFLPlus) && a.NFLPlus != nil && *a.NFLPlus {
		return nil
	}
	u := Unmet{Plan: want}
	for _, p := range a.Plans {
		switch {
		case p.Plan == "" && p.GrantsAccess == nil:
			u.Unknown = true // an unreadable entry might be it
		case !strings.EqualFold(p.Plan, want):
		case p.GrantsAccess == nil:
			u.Unknown, u.Status = true, p.Status
		case *p.GrantsAccess:
			return nil
		default:
			u.Status = p.Status
		}
	}
	if !u.Unknown {
		for _, prob := range a.Problems {
			if strings.HasPrefix(prob, "plans ") {
				u.Unknown = true // the claim as a whole could not be read
			}
		}
	}
	return []Unmet{u}
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
