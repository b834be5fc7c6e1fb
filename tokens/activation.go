package tokens

import (
	"slices"
	"strconv"
	"time"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
)

// History kinds of the device activation calls (beside store.KindIssue for
// the anonymous token and store.KindRefresh for the signed-in refresh).
const (
	KindRegCode  = "regcode"
	KindAnnounce = "announce"
	KindPoll     = "poll"
)

// ActivationCall is one call of a device activation, for the history.
// Polls are many: the caller records the last one, with Polls the count.
type ActivationCall struct {
	Kind    string
	Result  *tokenclient.Result // nil when no response arrived
	Err     error
	Elapsed time.Duration
	Polls   int       // KindPoll: how many polls the entry stands for
	At      time.Time // when the call started; zero means when recorded
	// Sent is the request as prepared (the last poll's for a run of
	// polls); its masked copy and the response are kept with the entry.
	// nil keeps the entry without them.
	Sent *tokenclient.Prepared
}

// Activated is a finished activation to save: the request the signed-in
// refresh was built from (tokenclient.WithActivation) and its result.
type Activated struct {
	Signed tokenclient.TokenRequest
	Result *tokenclient.Result
}

// RecordActivation writes an activation's calls to the named profile's
// history and, when done is not nil, saves what it activated: the uid (its
// signature and timestamp go to the secret store) or the partner fields
// (tokenclient.ActivatedNames, replacing an earlier activation's), and the
// signed-in token cached under the profile. With done nil the profile is
// not changed: a failed activation leaves nothing half-saved.
func (s *Store) RecordActivation(name string, calls []ActivationCall, done *Activated) error {
	r, err := s.ReadForToken(name, nil)
	if err != nil {
		return err
	}
	if done != nil {
		names := tokenclient.ActivatedNames()
		signed := done.Signed
		_, err := s.Update(name, store.UpdateOptions{}, func(p *store.Profile, sec *store.Secrets) error {
			p.UID = signed.UID
			sec.UIDSignature, sec.SignatureTimestamp = signed.UIDSignature, signed.SignatureTimestamp
			p.Fields = slices.DeleteFunc(p.Fields, func(f tokenclient.Field) bool { return slices.Contains(names, f.Name) })
			for _, f := range signed.Fields {
				if slices.Contains(names, f.Name) {
					p.Fields = append(p.Fields, f)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	now := time.Now().UTC()
	var c store.Calls
	for _, call := range calls {
		at := now
		if !call.At.IsZero() {
			at = call.At
		}
		e := historyEntry(name, r.Profile.Endpoint, call.Kind, call.Result, call.Err, at, call.Elapsed, r.Secrets)
		if call.Sent != nil {
			e.Exchange = exchange(call.Sent.Redacted(), call.Result, call.Err, r.Secrets)
		}
		if call.Kind == KindPoll && call.Polls > 1 {
			// One entry stands for the run of polls, the last one's status.
			e.Kind = KindPoll + " ×" + strconv.Itoa(call.Polls)
		}
		c.History = append(c.History, e)
	}
	if done != nil && done.Result != nil {
		c.Token = received(outcome(done.Result, "", true), now)
	}
	return s.RecordCalls(name, c)
}
