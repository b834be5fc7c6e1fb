package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/activation"
)

// activateEvents shows the flow: NDJSON events on stdout with -o json; a
// code, URL, QR code, countdown and poll status on stderr (live on a
// terminal) and the token on stdout otherwise.
type activateEvents struct {
	a        *app
	json     bool
	live     bool // stderr is a terminal: redraw the status line
	width    int  // stderr's size when it is a terminal
	height   int
	qrReason string // why the QR code is left out ("" when it is shown)

	mu       sync.Mutex
	deadline time.Time
	polls    int
	last     string
	stop     chan struct{}
	done     chan struct{}
}

// newActivateEvents sets up the output for jsonOut or text.
func (a *app) newActivateEvents(jsonOut bool) *activateEvents {
	ev := &activateEvents{a: a, json: jsonOut}
	if f, ok := a.stderr.(term.File); ok && term.IsTerminal(f.Fd()) {
		ev.live = true
		ev.width, ev.height, _ = term.GetSize(f.Fd())
	}
	switch {
	case !ev.live:
		ev.qrReason = "stderr is not a terminal"
	case a.env.noColor():
		ev.qrReason = "NO_COLOR is set"
	}
	return ev
}

// jsonLine writes one event object.
func (ev *activateEvents) jsonLine(v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	_, _ = ev.a.stdout.Write(b.Bytes())
}

// code announces the code: the first event.
func (ev *activateEvents) code(code, url string, deadline time.Time) {
	code, url = sanitize.Text(code), sanitize.Text(url)
	ev.mu.Lock()
	ev.deadline = deadline
	ev.mu.Unlock()
	if ev.json {
		ev.jsonLine(struct {
			Event         string `json:"event"`
			RegCode       string `json:"regCode"`
			ActivationURL string `json:"activationUrl"`
			ExpiresAt     string `json:"expiresAt"`
		}{"code", code, url, deadline.UTC().Format(time.RFC3339)})
		return
	}
	fmt.Fprint(ev.a.stderr, codeBlock(code, url, ev.width, ev.height, ev.qrReason))
	if !ev.live {
		fmt.Fprintf(ev.a.stderr, "waiting for the code to be activated (it expires at %s)\n", deadline.UTC().Format("15:04:05 UTC"))
		return
	}
	ev.stop, ev.done = make(chan struct{}), make(chan struct{})
	go ev.tick()
}

// codeBlock is the text screen: the QR code with the big code beside it
// when both fit, else the big code alone, then the URL.
func codeBlock(code, url string, width, height int, qrReason string) string {
	var b strings.Builder
	wide, narrow := activation.BigText(code, true), activation.BigText(code, false)
	qr := activation.QR(url)
	big := wide
	if qrReason == "" {
		need := lineWidth(qr) + 2 + lineWidth(narrow)
		switch {
		case len(qr) == 0:
			qrReason = "the URL is too long for a QR code"
		case need > width || len(qr)+4 > height:
			qrReason = fmt.Sprintf("the terminal is %dx%d; it needs %dx%d", width, height, need, len(qr)+4)
		case lineWidth(qr)+2+lineWidth(wide) > width:
			big = narrow
		}
	}
	if qrReason != "" && width > 0 && lineWidth(wide) > width {
		big = narrow
	}
	left := []string{}
	if qrReason == "" {
		// Dark modules in black on white, whatever the terminal's colours.
		for _, l := range qr {
			left = append(left, "\x1b[30;47m"+l+"\x1b[0m")
		}
	}
	right := append([]string{"", "Enter this code:", ""}, big...)
	if len(big) == 0 {
		right = append(right, "  "+code)
	}
	right = append(right, "", "code "+code)
	rows := max(len(left), len(right))
	for i := range rows {
		if i < len(left) {
			b.WriteString(left[i] + "  ")
		}
		if i < len(right) {
			b.WriteString(right[i])
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "Open %s\n", url)
	if qrReason != "" {
		fmt.Fprintf(&b, "(QR code omitted: %s)\n", qrReason)
	}
	return b.String()
}

func lineWidth(lines []string) int {
	w := 0
	for _, l := range lines {
		w = max(w, len([]rune(l)))
	}
	return w
}

// tick redraws the status line every second until close.
func (ev *activateEvents) tick() {
	defer close(ev.done)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		ev.redraw()
		select {
		case <-ev.stop:
			return
		case <-t.C:
		}
	}
}

// redraw rewrites the status line in place.
func (ev *activateEvents) redraw() {
	ev.mu.Lock()
	defer ev.mu.Unlock() // also keeps the ticker's and the poll's writes apart
	line := activation.Status(ev.polls, ev.last) + " · " + activation.Countdown(time.Until(ev.deadline)) + " left"
	if ev.width > 0 && len([]rune(line)) >= ev.width {
		line = string([]rune(line)[:ev.width-1])
	}
	fmt.Fprint(ev.a.stderr, "\r\x1b[K"+line)
}

// polled records one poll (called from the poll loop).
func (ev *activateEvents) polled(e tokenclient.PollEvent) {
	status, text := 0, ""
	var el time.Duration
	if e.Result != nil {
		status, text, el = e.Result.Status, http.StatusText(e.Result.Status), e.Result.Timing.Total
	}
	ev.mu.Lock()
	ev.polls = e.N
	ev.last = activation.LastPoll(status, text, el, e.Err != nil)
	if e.Partial != "" {
		ev.last += " · record has " + e.Partial
	}
	ev.mu.Unlock()
	if ev.live && ev.stop != nil {
		ev.redraw()
	}
}

// close stops the live status line and ends it.
func (ev *activateEvents) close() {
	if ev.stop != nil {
		close(ev.stop)
		<-ev.done
		ev.stop = nil
		fmt.Fprintln(ev.a.stderr)
	}
}

// activated prints the signed-in token: the server's response with the
// event name first (the fields of `token -o json`), or the access token.
func (ev *activateEvents) activated(res *tokenclient.Result) error {
	ev.close()
	if !ev.json {
		fmt.Fprintln(ev.a.stderr, "activated: signed in")
		_, err := fmt.Fprintln(ev.a.stdout, res.Token.AccessToken)
		return err
	}
	body := bytes.TrimSpace(res.Raw)
	line := []byte(`{"event":"activated"`)
	if len(body) > 2 {
		line = append(append(line, ','), body[1:]...)
	} else {
		line = append(line, '}')
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, line); err != nil {
		return err
	}
	compact.WriteByte('\n')
	_, err := ev.a.stdout.Write(compact.Bytes())
	return err
}

// expired reports a code that ran out.
func (ev *activateEvents) expired(err error) {
	ev.close()
	if ev.json {
		ev.jsonLine(map[string]string{"event": "expired", "error": sanitize.Text(err.Error())})
	}
}

// failed reports a step that failed or was cancelled (reason "failed" or
// "cancelled").
func (ev *activateEvents) failed(reason string, step tokenclient.ActivationStep, err error) {
	ev.close()
	if !ev.json {
		return
	}
	status := 0
	var se *tokenclient.StepError
	if errors.As(err, &se) {
		status = se.Status()
	}
	ev.jsonLine(struct {
		Event  string `json:"event"`
		Reason string `json:"reason"`
		Step   string `json:"step"`
		Status int    `json:"status,omitempty"`
		Error  string `json:"error"`
	}{"failed", reason, string(step), status, sanitize.Text(errText(err))})
}

// errText is err's text, or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
