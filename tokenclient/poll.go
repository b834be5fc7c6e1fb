package tokenclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// DefaultPollRetries is how many polls in a row may fail with a network
// error or a 5xx/429 before Poll gives up on the server.
const DefaultPollRetries = 5

// maxPollBackoff caps the wait between failed polls.
const maxPollBackoff = 30 * time.Second

// StopReason is why Poll stopped.
type StopReason string

// The reasons a poll ends.
const (
	StopActivated   StopReason = "activated"   // the record carries the values
	StopExpired     StopReason = "expired"     // the code's time to live ran out
	StopCancelled   StopReason = "cancelled"   // the context was cancelled
	StopRefused     StopReason = "refused"     // the server answered 4xx (Err holds the status)
	StopUnreachable StopReason = "unreachable" // too many failures in a row (Err is the last)
)

// PollOptions set up Poll.
type PollOptions struct {
	// AccessToken is the Bearer token, RegCode the announced code.
	AccessToken, RegCode string
	// IDP is what the device waits for (default IDPNFL).
	IDP IDP
	// Interval is the time between polls; default DefaultPollInterval.
	Interval time.Duration
	// Deadline is when the code expires; Poll stops with StopExpired there.
	// Zero means DefaultActivationTTL from the start of Poll.
	Deadline time.Time
	// Retries is how many failing polls in a row are tolerated (network
	// errors, 5xx, 429); the wait doubles from Interval up to 30 s after
	// each. Default DefaultPollRetries; the next failure stops the poll.
	Retries int
	// OnPoll, when set, is called after each poll from Poll's goroutine.
	OnPoll func(PollEvent)
}

// PollEvent is one poll: what was sent (the Prepared, for the preview and
// history), what came back and what it meant.
type PollEvent struct {
	N        int // 1 for the first poll
	Prepared *Prepared
	Result   *Result // nil when no response arrived
	Err      error   // a *StepError when the poll failed
	// Partial is set when the record has some of the fields but not all
	// (Record.Partial), e.g. "uid without uidSignature and signatureTimestamp".
	Partial string
	// Failures is the number of failed polls in a row, this one included.
	Failures int
	// Next is the wait before the next poll (0 when Poll stops).
	Next time.Duration
}

// PollOutcome is how Poll ended.
type PollOutcome struct {
	Reason StopReason
	Record Record // the activated record (StopActivated)
	Polls  int
	// Err explains every reason but StopActivated: a *StepError (refused,
	// unreachable, cancelled), or an *ExpiredError.
	Err error
}

// ExpiredError is a code whose time to live ran out while waiting.
type ExpiredError struct {
	RegCode string
	Polls   int
	// Partial is the last record's Record.Partial, when it had some of the
	// fields: the activation reached the server but not completely.
	Partial string
}

// Error names the code, how long was waited and what to try.
func (e *ExpiredError) Error() string {
	s := fmt.Sprintf("poll: code %s expired after %d polls without being activated", e.RegCode, e.Polls)
	if e.Partial != "" {
		s += "; the last record had " + e.Partial
	}
	return s + "; start again for a new code and activate it before the countdown ends"
}

// Poll reads the code's record every Interval until it is activated, the
// code expires, the context is cancelled, the server refuses (4xx other
// than 429), or it fails Retries+1 times in a row. It never returns before
// the reason is known; the outcome says which.
func (c *Client) Poll(ctx context.Context, o PollOptions) PollOutcome {
	interval := o.Interval
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	deadline := o.Deadline
	if deadline.IsZero() {
		deadline = time.Now().Add(DefaultActivationTTL)
	}
	retries := o.Retries
	if retries <= 0 {
		retries = DefaultPollRetries
	}
	out := PollOutcome{}
	failures := 0
	partial := ""
	expired := func() PollOutcome {
		out.Reason = StopExpired
		out.Err = &ExpiredError{RegCode: o.RegCode, Polls: out.Polls, Partial: partial}
		return out
	}
	for {
		if ctx.Err() != nil {
			return cancelled(out, o)
		}
		if !time.Now().Before(deadline) {
			return expired()
		}
		p := c.PreparePoll(o.AccessToken, o.RegCode)
		res, rec, err := c.ReadRecord(ctx, p)
		out.Polls++
		ev := PollEvent{N: out.Polls, Prepared: p, Result: res, Err: err}
		wait := interval
		switch {
		case err != nil && ctx.Err() != nil:
			ev.Next = 0
			emit(o, ev)
			return cancelled(out, o)
		case err != nil && transient(err):
			failures++
			ev.Failures = failures
			if failures > retries {
				emit(o, ev)
				out.Reason, out.Err = StopUnreachable, fmt.Errorf("gave up after %d failed polls in a row: %w", failures, err)
				return out
			}
			wait = backoff(interval, failures, res)
		case err != nil:
			emit(o, ev)
			out.Reason, out.Err = StopRefused, err
			if !time.Now().Before(deadline) {
				return expired()
			}
			return out
		case rec.Ready(o.IDP):
			emit(o, ev)
			out.Reason, out.Record = StopActivated, rec
			return out
		default:
			failures = 0
			partial = rec.Partial(o.IDP)
			ev.Partial = partial
		}
		if left := time.Until(deadline); wait > left {
			wait = max(left, 0)
		}
		ev.Next = wait
		emit(o, ev)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return cancelled(out, o)
		case <-t.C:
		}
	}
}

func emit(o PollOptions, ev PollEvent) {
	if o.OnPoll != nil {
		o.OnPoll(ev)
	}
}

// cancelled ends the poll for a cancelled context.
func cancelled(out PollOutcome, o PollOptions) PollOutcome {
	out.Reason = StopCancelled
	out.Err = &StepError{Step: StepPoll, Call: "GET " + KeystorePath + o.RegCode,
		Err: fmt.Errorf("cancelled after %d polls: %w", out.Polls, context.Canceled)}
	return out
}

// transient reports whether a failed poll is worth repeating: no answer
// at all, a 5xx, a 429, or a 2xx whose body could not be read.
func transient(err error) bool {
	var ne *NetworkError
	var re *ResponseError
	var he *HTTPError
	switch {
	case errors.As(err, &ne):
		return true
	case errors.As(err, &re):
		return true
	case errors.As(err, &he):
		return he.Status >= 500 || he.Status == http.StatusTooManyRequests
	}
	return false
}

// backoff is the wait after the n-th failure in a row: the interval
// doubled n-1 times, at most 30 s, or the server's Retry-After if longer.
func backoff(interval time.Duration, n int, res *Result) time.Duration {
	d := interval
	for i := 1; i < n && d < maxPollBackoff; i++ {
		d *= 2
	}
	d = min(d, maxPollBackoff)
	if res != nil {
		if ra := parseRetryAfter(res.Header.Get("Retry-After"), res.Received); ra > d {
			d = ra
		}
	}
	return d
}
