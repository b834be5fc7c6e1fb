package activation

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/ui/styles"
)

// Screen is what the console's activation view shows. The root fills it
// from the flow's events; Render draws it. It holds no clock: Now is the
// time of the last tick.
type Screen struct {
	// Step is what is happening in plain words: "getting a code",
	// "waiting for the person", "signing in".
	Step string
	// Code and URL are the registration code and the activation URL
	// (empty until the code is announced).
	Code, URL string
	// Deadline is when the code expires; Now the time to count from.
	Deadline, Now time.Time
	// Polls is how many polls were made; Last describes the last one
	// (LastPoll); Partial what a record had without the rest.
	Polls         int
	Last, Partial string
	// Problem is the failure that ended the flow ("" while it runs).
	Problem string
	// Demo is the demo account a key approves the code as ("" outside a
	// demo); DemoKeys says which keys do it ("a approve · tab account").
	Demo, DemoKeys string
	// CancelKey names the key that cancels ("esc").
	CancelKey string
	// Framed leaves out the title line: the frame around it has it.
	Framed bool
}

// Render draws s in w×h cells: the big code beside the QR code when both
// fit, else the big code alone with a note where the QR code went, then
// the URL, the countdown and the poll status. Server text goes through the
// sanitiser.
func (s Screen) Render(w, h int, st styles.Styles) string {
	code, url := sanitize.Line(s.Code), sanitize.Line(s.URL)
	var lines []string
	add := func(l ...string) { lines = append(lines, l...) }
	title := []string{st.Title.Render("Activate a device"), ""}
	if s.Framed {
		title = nil
	}
	if s.Problem != "" {
		add(title...)
		add(st.Error.Render(styles.SymbolError+" activation failed"), "")
		for _, l := range wrap(sanitize.Line(s.Problem), w) {
			add(st.Value.Render(l))
		}
		add("", st.Muted.Render(s.CancelKey+" close"))
		return fitBox(lines, w, h)
	}
	if code == "" {
		add(title...)
		add(st.Muted.Render(s.Step+"…"), "", st.Muted.Render(s.CancelKey+" cancel"))
		return fitBox(lines, w, h)
	}
	wide, narrow := BigText(code, true), BigText(code, false)
	qr := QR(url)
	qw, qh := lineWidth(qr), len(qr)
	left := time.Duration(0)
	if !s.Deadline.IsZero() {
		left = s.Deadline.Sub(s.Now)
	}
	status := Status(s.Polls, s.Last)
	if s.Partial != "" {
		status += " · record has " + s.Partial
	}
	keys := s.CancelKey + " cancel"
	if s.Demo != "" {
		keys = fmt.Sprintf("%s as %s · %s", s.DemoKeys, s.Demo, keys)
	}
	// tail is the countdown, the poll status and the keys, cw wide.
	urlLines := func(cw int) []string {
		out := []string{st.Muted.Render("at")}
		for _, l := range wrap(url, cw) {
			out = append(out, st.Value.Render(l))
		}
		return append(out, "")
	}
	tail := func(cw int) []string {
		out := []string{st.Value.Render("expires in "+Countdown(left)) + st.Muted.Render(" · "+s.Step)}
		for _, l := range wrap(status, cw) {
			out = append(out, st.Muted.Render(l))
		}
		return append(out, st.Muted.Render(cutTo(keys, cw)))
	}
	// column is the text beside the QR code (or alone), cw columns wide,
	// with the tail when withTail.
	column := func(cw int, big []string, withTail bool) []string {
		out := append(append([]string{}, title...), st.Muted.Render("Enter this code:"))
		if big == nil || lineWidth(big) > cw {
			out = append(out, st.Title.Render(code))
		} else {
			for _, l := range big {
				out = append(out, st.Title.Render(l))
			}
		}
		out = append(out, st.Muted.Render("code "+code))
		if withTail {
			out = append(append(append(out, ""), urlLines(cw)...), tail(cw)...)
		}
		return out
	}
	cw := w - qw - 2
	big := wide
	if lineWidth(wide) > cw {
		big = narrow
	}
	qrNote := ""
	switch {
	case st.NoColor:
		qrNote = "QR code omitted: NO_COLOR is set"
	case qw == 0:
		qrNote = "QR code omitted: the URL is too long"
	case cw < lineWidth(narrow) || max(qh, len(column(max(cw, 1), big, true))) > h:
		qrNote = fmt.Sprintf("QR code omitted: it needs %dx%d", qw+2+lineWidth(narrow), qh)
	}
	if qrNote != "" {
		big = wide
		if lineWidth(wide) > w {
			big = narrow
		}
		add(column(w, big, true)...)
		add("", st.Muted.Render(cutTo(qrNote, w)))
		return fitBox(lines, w, h)
	}
	// The tail goes below the QR code, full width, when there is room.
	below := max(qh, len(column(cw, big, false)))+1+len(urlLines(w))+len(tail(w)) <= h
	text := column(cw, big, !below)
	for i := range max(qh, len(text)) {
		row := strings.Repeat(" ", qw)
		if i < qh {
			row = st.QR.Render(qr[i])
		}
		if i < len(text) {
			row += "  " + text[i]
		}
		add(row)
	}
	if below {
		add("")
		add(urlLines(w)...)
		add(tail(w)...)
	}
	return fitBox(lines, w, h)
}

// fitBox cuts lines to w columns and h lines.
func fitBox(lines []string, w, h int) string {
	if len(lines) > h {
		lines = lines[:max(h, 0)]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}

// wrap breaks s (plain text) into lines of at most w columns, at a space
// when there is one in the line, else (a URL) anywhere.
func wrap(s string, w int) []string {
	if w <= 0 {
		return []string{s}
	}
	var out []string
	r := []rune(s)
	for len(r) > w {
		cut := w
		for i := w; i > w/2; i-- {
			if r[i] == ' ' {
				cut = i
				break
			}
		}
		out = append(out, strings.TrimRight(string(r[:cut]), " "))
		r = []rune(strings.TrimLeft(string(r[cut:]), " "))
	}
	return append(out, string(r))
}

// cutTo shortens plain text to w columns.
func cutTo(s string, w int) string {
	if w > 0 && ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w-1, "") + "…"
	}
	return s
}

// lineWidth is the widest of lines, in cells.
func lineWidth(lines []string) int {
	n := 0
	for _, l := range lines {
		n = max(n, ansi.StringWidth(l))
	}
	return n
}
