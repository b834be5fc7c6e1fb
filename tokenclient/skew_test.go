package tokenclient

import (
	"net/http"
	"testing"
	"time"
)

func TestClockSkew(t *testing.T) {
	local := time.Date(2026, 11, 29, 12, 0, 0, 400e6, time.UTC)
	at := func(d time.Duration) *Result {
		h := http.Header{}
		h.Set("Date", local.Add(d).UTC().Format(http.TimeFormat))
		return &Result{Header: h, Received: local}
	}
	for _, tc := range []struct {
		res  *Result
		want time.Duration
		ok   bool
	}{
		{at(0), 0, true},
		{at(5*time.Minute + 12*time.Second), 5*time.Minute + 12*time.Second, true},
		{at(-90 * time.Second), -90 * time.Second, true},
		{nil, 0, false},
		{&Result{}, 0, false},
		{&Result{Header: http.Header{"Date": {"yesterday"}}}, 0, false},
	} {
		got, ok := ClockSkew(tc.res)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ClockSkew = %v, %v; want %v, %v", got, ok, tc.want, tc.ok)
		}
	}
}
