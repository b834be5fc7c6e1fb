package cli

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/tokens"
)

// newHistoryShowCmd builds `authdeck history show ID`.
func newHistoryShowCmd(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Print one recorded call: the request as sent and the response, secrets masked",
		Long: "Print one call of the history (its ID is the first column of `authdeck history`): the request as it\n" +
			"was sent (method, URL, headers, body) and the response (status, headers, the start of the body), with\n" +
			"the client secret, uid signature, tokens, Authorization, Cookie and Set-Cookie masked.",
		Example: "  authdeck history show 42\n  authdeck history show 42 -o json",
		Args:    exactIDs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return usageError(fmt.Errorf("--output %q is not one of text, json", output))
			}
			es, err := a.historyCalls(args)
			if err != nil {
				return err
			}
			if output == "json" {
				return writeJSON(a.stdout, callJSONOf(es[0]))
			}
			return writeCall(a.stdout, es[0])
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "print as text or json")
	_ = cmd.RegisterFlagCompletionFunc("output", completeValues("text", "json"))
	return cmd
}

// newHistoryDiffCmd builds `authdeck history diff ID1 ID2`.
func newHistoryDiffCmd(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "diff ID1 ID2",
		Short: "Show what changed between two recorded calls, request and response, field by field",
		Long: "Compare two calls of the history field by field: profile, kind, endpoint and status, the request's\n" +
			"method, URL, each header and each body field, the response's status, each header and each body field.\n" +
			"Calls of different profiles are compared too (it says so). Values are shown as recorded: masked.",
		Example: "  authdeck history diff 41 42\n  authdeck history diff 41 42 -o json",
		Args:    exactIDs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return usageError(fmt.Errorf("--output %q is not one of table, json", output))
			}
			es, err := a.historyCalls(args)
			if err != nil {
				return err
			}
			d := tokens.DiffCalls(es[0], es[1])
			if output == "json" {
				return writeJSON(a.stdout, diffJSONOf(d))
			}
			return writeCallDiff(a.stdout, d, terminalWidth(a.stdout))
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "table", "print as table or json")
	_ = cmd.RegisterFlagCompletionFunc("output", completeValues("table", "json"))
	return cmd
}

// exactIDs accepts n call IDs (positive whole numbers).
func exactIDs(n int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError(fmt.Errorf("want %d call ID(s) (the ID column of `authdeck history`), got %d", n, len(args)))
		}
		for _, s := range args {
			if id, err := strconv.ParseInt(s, 10, 64); err != nil || id < 1 {
				return usageError(fmt.Errorf("call ID %q is not a positive whole number; take one from the ID column of `authdeck history`", sanitize.Line(s)))
			}
		}
		return nil
	}
}

// historyCalls reads the calls named by args (validated by exactIDs).
func (a *app) historyCalls(args []string) ([]store.HistoryEntry, error) {
	st, err := a.openStore()
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var out []store.HistoryEntry
	for _, s := range args {
		id, _ := strconv.ParseInt(s, 10, 64)
		e, err := st.HistoryCall(id)
		if errors.Is(err, store.ErrNoSuchCall) {
			return nil, badInput(fmt.Errorf("%w; `authdeck history` lists the calls kept (the last %d per profile)", err, store.DefaultHistoryLimit))
		}
		if err != nil {
			return nil, storeError(err)
		}
		out = append(out, e)
	}
	return out, nil
}

// writeCall prints one call HTTPie-style: a summary, then the request
// ("> " lines, then its body) and the response ("< " lines, then its
// body), every text through the sanitiser.
func writeCall(w io.Writer, e store.HistoryEntry) error {
	var b strings.Builder
	status := "no response"
	if e.Status != 0 {
		status = strconv.Itoa(e.Status)
	}
	fmt.Fprintf(&b, "call %d · %s · %s · %s · %s · %s\n", e.ID, sanitize.Line(e.Profile), e.Kind,
		e.Time.UTC().Format(time.RFC3339), status, e.Duration.Round(time.Millisecond))
	if e.Error != "" {
		fmt.Fprintf(&b, "error: %s\n", sanitize.Line(e.Error))
	}
	x := e.Exchange
	if x == nil {
		b.WriteString("\n(the request and response of this call were not recorded: an older authdeck, or nothing was sent)\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "\n> %s %s\n", sanitize.Line(x.Request.Method), sanitize.Line(x.Request.URL))
	for _, h := range x.Request.Headers {
		fmt.Fprintf(&b, "> %s: %s\n", sanitize.Line(h.Name), sanitize.Line(h.Value))
	}
	writeBody(&b, x.Request.Body, x.Request.BodyCut)
	if r := x.Response; r != nil {
		fmt.Fprintf(&b, "\n< %d %s\n", r.Status, http.StatusText(r.Status))
		for _, h := range r.Headers {
			fmt.Fprintf(&b, "< %s: %s\n", sanitize.Line(h.Name), sanitize.Line(h.Value))
		}
		writeBody(&b, r.Body, r.BodyCut)
	} else {
		b.WriteString("\n(no response)\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeBody prints a body after a blank line, saying when it was cut.
func writeBody(b *strings.Builder, body string, cut bool) {
	if body == "" {
		return
	}
	b.WriteString("\n" + strings.TrimRight(sanitize.Text(body), "\n") + "\n")
	if cut {
		fmt.Fprintf(b, "(body cut at %d bytes)\n", store.MaxExchangeBody)
	}
}

// changeMark is the first column of a diff row.
var changeMark = map[tokens.Change]string{tokens.Changed: "~", tokens.Added: "+", tokens.Removed: "-"}

// writeCallDiff prints the differing fields as a table no wider than width
// (0: no limit), under a line naming the calls, and a count.
func writeCallDiff(w io.Writer, d tokens.CallDiff, width int) error {
	var head strings.Builder
	fmt.Fprintf(&head, "call %d (%s, %s, %s) → call %d (%s, %s, %s)\n",
		d.A.ID, sanitize.Line(d.A.Profile), d.A.Kind, d.A.Time.UTC().Format(time.RFC3339),
		d.B.ID, sanitize.Line(d.B.Profile), d.B.Kind, d.B.Time.UTC().Format(time.RFC3339))
	if !d.SameProfile {
		fmt.Fprintf(&head, "note: the calls are of different profiles (%s and %s); compared all the same\n",
			sanitize.Line(d.A.Profile), sanitize.Line(d.B.Profile))
	}
	for _, id := range d.Missing {
		fmt.Fprintf(&head, "note: call %d was recorded without its request and response; only its summary compares\n", id)
	}
	if _, err := io.WriteString(w, head.String()); err != nil {
		return err
	}
	if len(d.Fields) > 0 {
		a, b := "CALL "+strconv.FormatInt(d.A.ID, 10), "CALL "+strconv.FormatInt(d.B.ID, 10)
		t := newTable(" ", "FIELD", a, b).fit(width)
		for _, f := range d.Fields {
			t.row(changeMark[f.Change], f.Name, orAbsent(f.A, f.Change == tokens.Added), orAbsent(f.B, f.Change == tokens.Removed))
		}
		if err := t.write(w); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%d fields differ, %d the same\n", len(d.Fields), d.Same)
	return err
}

// orAbsent is v, or "(absent)" for a field the call does not have.
func orAbsent(v string, absent bool) string {
	if absent {
		return "(absent)"
	}
	if v == "" {
		return `""`
	}
	return v
}

// callJSON is `history show -o json`.
type callJSON struct {
	historyEntryJSON
	Request  *store.ExchangeRequest  `json:"request"`
	Response *store.ExchangeResponse `json:"response"`
}

func callJSONOf(e store.HistoryEntry) callJSON {
	j := callJSON{historyEntryJSON: historyJSON(e)}
	if e.Exchange != nil {
		j.Request, j.Response = &e.Exchange.Request, e.Exchange.Response
	}
	return j
}

// diffJSON is `history diff -o json`.
type diffJSON struct {
	A           callRefJSON     `json:"a"`
	B           callRefJSON     `json:"b"`
	SameProfile bool            `json:"sameProfile"`
	Changes     []fieldDiffJSON `json:"changes"`
	Same        int             `json:"same"`
	Unrecorded  []int64         `json:"unrecorded,omitempty"` // calls kept without their exchange
}

// callRefJSON names a call of a diff.
type callRefJSON struct {
	ID      int64     `json:"id"`
	Profile string    `json:"profile"`
	Kind    string    `json:"kind"`
	Time    time.Time `json:"time"`
}

// fieldDiffJSON is one differing field; an absent side is null.
type fieldDiffJSON struct {
	Field  string  `json:"field"`
	Change string  `json:"change"` // changed, added, removed
	A      *string `json:"a"`
	B      *string `json:"b"`
}

func diffJSONOf(d tokens.CallDiff) diffJSON {
	ref := func(e store.HistoryEntry) callRefJSON {
		return callRefJSON{ID: e.ID, Profile: e.Profile, Kind: e.Kind, Time: e.Time.UTC()}
	}
	j := diffJSON{A: ref(d.A), B: ref(d.B), SameProfile: d.SameProfile, Changes: []fieldDiffJSON{}, Same: d.Same, Unrecorded: d.Missing}
	for _, f := range d.Fields {
		fj := fieldDiffJSON{Field: f.Name, Change: string(f.Change)}
		if f.Change != tokens.Added {
			a := f.A
			fj.A = &a
		}
		if f.Change != tokens.Removed {
			b := f.B
			fj.B = &b
		}
		j.Changes = append(j.Changes, fj)
	}
	return j
}
