package tokenclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// ChangeKind says how a claim differs between two tokens.
type ChangeKind string

// The kinds of claim change.
const (
	ClaimAdded   ChangeKind = "added"   // in the new token only
	ClaimRemoved ChangeKind = "removed" // in the old token only
	ClaimChanged ChangeKind = "changed" // in both, with different values
)

// ClaimChange is one top-level claim that differs between two tokens. Old
// and New are the values as compact JSON (object keys sorted), nil where
// the claim is absent.
type ClaimChange struct {
	Claim string          `json:"claim"`
	Kind  ChangeKind      `json:"kind"`
	Old   json.RawMessage `json:"old,omitempty"`
	New   json.RawMessage `json:"new,omitempty"`
}

// DiffClaims compares the claims of two decoded tokens, claim by claim,
// and returns the differences sorted by claim name (nil when the claims are
// equal). Values are compared as JSON, so key order and spacing do not
// count. Either token not being a JWT is an error.
func DiffClaims(old, new JWT) ([]ClaimChange, error) {
	a, err := claimValues(old, "first")
	if err != nil {
		return nil, err
	}
	b, err := claimValues(new, "second")
	if err != nil {
		return nil, err
	}
	var out []ClaimChange
	for name, av := range a {
		bv, ok := b[name]
		switch {
		case !ok:
			out = append(out, ClaimChange{Claim: name, Kind: ClaimRemoved, Old: av})
		case string(av) != string(bv):
			out = append(out, ClaimChange{Claim: name, Kind: ClaimChanged, Old: av, New: bv})
		}
	}
	for name, bv := range b {
		if _, ok := a[name]; !ok {
			out = append(out, ClaimChange{Claim: name, Kind: ClaimAdded, New: bv})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Claim < out[j].Claim })
	return out, nil
}

// claimValues maps each claim of j to its canonical compact JSON.
func claimValues(j JWT, which string) (map[string]json.RawMessage, error) {
	if !j.IsJWT {
		return nil, fmt.Errorf("the %s token has no readable claims: %s", which, j.Problem)
	}
	var claims map[string]any
	dec := json.NewDecoder(bytes.NewReader(j.Claims))
	dec.UseNumber() // numbers keep their digits (no float64 rounding of big ids)
	if err := dec.Decode(&claims); err != nil {
		return nil, fmt.Errorf("the %s token's claims could not be read", which)
	}
	out := make(map[string]json.RawMessage, len(claims))
	for name, v := range claims {
		raw, err := json.Marshal(v) // maps marshal with sorted keys: one form per value
		if err != nil {
			return nil, fmt.Errorf("the %s token's claim %q could not be read", which, name)
		}
		out[name] = raw
	}
	return out, nil
}
