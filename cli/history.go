package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdeck/authdeck/store"
)

// defaultHistoryLimit is how many calls `authdeck history` lists unless
// --limit says otherwise.
const defaultHistoryLimit = 50

// newHistoryCmd builds `authdeck history [NAME]`.
func newHistoryCmd(a *app) *cobra.Command {
	var output, since string
	var limit int
	cmd := &cobra.Command{
		Use:   "history [NAME]",
		Short: "List recorded token calls, newest first",
		Long: "List the token calls authdeck recorded (id, time, profile, kind, status, duration, error, request id),\n" +
			"newest first, across every profile or for one. `history show ID` prints a call's request and response,\n" +
			"`history diff ID1 ID2` what changed between two calls. Nothing secret is recorded.",
		Example: "  authdeck history\n" +
			"  authdeck history staging --since 24h\n" +
			"  authdeck history --since 2026-11-01 --output json\n" +
			"  authdeck history show 42\n" +
			"  authdeck history diff 41 42",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError(fmt.Errorf("history takes at most one profile name, got %d: %q", len(args), strings.Join(args, " ")))
			}
			return nil
		},
		ValidArgsFunction: a.completeProfileArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return usageError(fmt.Errorf("--output %q is not one of table, json", output))
			}
			if limit < 1 {
				return usageError(fmt.Errorf("--limit %d must be 1 or more", limit))
			}
			q := store.HistoryQuery{Limit: limit}
			if since != "" {
				t, err := parseSince(since, a.now())
				if err != nil {
					return err
				}
				q.Since = t
			}
			if len(args) == 1 {
				if err := checkProfileName(args[0]); err != nil {
					return err
				}
				q.Profile = args[0]
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			if q.Profile != "" {
				if _, err := st.Get(q.Profile); err != nil {
					return storeError(err)
				}
			}
			entries, err := st.History(q)
			if err != nil {
				return storeError(err)
			}
			if output == "json" {
				items := make([]historyEntryJSON, 0, len(entries))
				for _, e := range entries {
					items = append(items, historyJSON(e))
				}
				return writeJSON(a.stdout, items)
			}
			if len(entries) == 0 {
				if q.Profile != "" {
					a.warnf("no calls recorded for %s", q.Profile)
				} else {
					a.warnf("no calls recorded")
				}
				return nil
			}
			return writeHistoryTable(a.stdout, entries, terminalWidth(a.stdout))
		},
	}
	cmd.AddCommand(newHistoryShowCmd(a), newHistoryDiffCmd(a))
	cmd.Flags().StringVarP(&output, "output", "o", "table", "print as table or json")
	cmd.Flags().StringVar(&since, "since", "", "only calls since a duration ago (24h, 30m) or a date (2026-11-01, RFC 3339)")
	cmd.Flags().IntVar(&limit, "limit", defaultHistoryLimit, "list at most this many calls")
	_ = cmd.RegisterFlagCompletionFunc("output", completeValues("table", "json"))
	return cmd
}

// parseSince reads --since: a duration back from now, a date, or an RFC
// 3339 time.
func parseSince(s string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usageError(fmt.Errorf("--since %q is neither a duration (24h, 30m) nor a date (2026-11-01 or RFC 3339)", s))
}

// writeHistoryTable prints one aligned row per call, no wider than width
// terminal cells (0: no limit); DETAIL, the server's message for a failed
// call, takes the remaining width.
func writeHistoryTable(w io.Writer, entries []store.HistoryEntry, width int) error {
	t := newTable("ID", "TIME", "PROFILE", "KIND", "STATUS", "DURATION", "REQUEST ID", "DETAIL").flexColumn(7).fit(width)
	t.grow(len(entries))
	for _, e := range entries {
		status := "-"
		if e.Status != 0 {
			status = strconv.Itoa(e.Status)
		}
		detail := ""
		if e.Error != "" {
			detail = recordedDetail(e.Error)
		}
		t.row(strconv.FormatInt(e.ID, 10), e.Time.UTC().Format(time.RFC3339), e.Profile, e.Kind, status, e.Duration.Round(time.Millisecond).String(),
			orDash(e.RequestID), detail)
	}
	return t.write(w)
}
