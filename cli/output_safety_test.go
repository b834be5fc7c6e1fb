package cli

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/authdeck/authdeck/store"
	"github.com/authdeck/authdeck/tokenclient"
	"github.com/authdeck/authdeck/tokenclient/device"
	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/tokens"

	_ "modernc.org/sqlite" // to tamper with state.db
)

// evil is what a tampered file, database or server could put in any field:
// an OSC 52 clipboard write, a colour escape, a C1 CSI (as a character and
// as a lone 0x9B byte), a bidi override and isolate, BEL, DEL and a newline.
const evil = "x\x1b]52;c;aGVsbG8=\x07\x1b[31m\u009b2J\x9b\u202e\u2066\x7f\ny"

// outputs renders every table and every JSON document of the CLI with evil
// in every field they print, by name.
func outputs(t *testing.T) map[string]string {
	t.Helper()
	now := time.Now()
	e := func(s string) string { return s + evil }
	raw := func(s string) json.RawMessage { b, _ := json.Marshal(s); return b } // valid JSON, as stored
	hist := store.HistoryEntry{Profile: e("p"), Time: now, Kind: e("kind"), Status: 500, Duration: time.Second,
		Error: e("err") + `; body: "{\"message\":\"` + e("msg") + `\"}"`, RequestID: e("rid"), Endpoint: e("ep")}
	prof := store.Profile{
		Name: e("name"), Endpoint: "https://" + e("host") + "/", ClientKey: e("key-0123456789abcdef"), DeviceID: e("dev"),
		DeviceInfo:  device.Info{Model: e("m"), Version: e("v"), OSName: e("o"), OSVersion: e("ov")},
		NetworkType: device.NetworkType(e("net")), UID: e("uid"),
		Fields:    []tokenclient.Field{{Name: e("f"), Value: raw(e("fv"))}},
		Headers:   []tokenclient.Header{{Name: e("h"), Value: e("hv")}},
		UserAgent: e("ua"), Note: e("note"), SecretStore: store.SecretStore(e("store")),
		Token:    &store.TokenMeta{ExpiresIn: 60, ExpiresAt: now.Add(time.Minute), ObtainedAt: now},
		LastCall: &hist, LastUsed: now,
	}
	sec := &store.Secrets{ClientSecret: e("cs"), AccessToken: e("at"), RefreshToken: e("rt"), UIDSignature: e("sig")}
	results := []tokens.CheckResult{
		{Profile: e("a"), Endpoint: e("ep"), Kind: tokens.CheckHTTP, Status: 418, SecretStore: store.SecretStore(e("store")),
			Err: &tokenclient.HTTPError{Status: 418, Excerpt: `{"message":"` + e("m") + `"}`}},
		{Profile: e("b"), Kind: tokens.CheckNetwork, Err: errors.New(e("net")), SecretStore: store.SecretStore(e("s"))},
		{Profile: e("c"), Kind: tokens.CheckKind(e("kind")), Err: &tokenclient.ResponseError{Status: 200, Reason: e("r"), Excerpt: e("x")}},
	}
	det := device.Detection{
		Info:    device.Info{Model: e("m"), Version: e("v"), OSName: e("o"), OSVersion: e("ov")},
		Sources: device.Sources{Model: e("sm"), Version: e("sv"), OSName: e("so"), OSVersion: e("sov")},
		Network: device.NetworkType(e("n")), NetworkSource: e("ns"),
	}
	changes := []tokenclient.ClaimChange{
		{Claim: e("c1"), Kind: tokenclient.ClaimAdded, New: raw(e("new"))},
		{Claim: e("c2"), Kind: tokenclient.ClaimRemoved, Old: raw(e("old"))},
		{Claim: "exp", Kind: tokenclient.ClaimChanged, Old: raw(e("o")), New: json.RawMessage("1")},
	}
	checks := []doctorCheck{{e("check"), e("status"), e("detail"), e("fix")}}

	out := map[string]string{}
	render := func(name string, f func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := f(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.String()
	}
	for _, width := range []int{0, 40, 200} {
		suffix := map[int]string{0: "", 40: " at 40", 200: " at 200"}[width]
		render("profiles list"+suffix, func(b *bytes.Buffer) error { return writeProfileTable(b, []store.Profile{prof}, now, width) })
		render("check"+suffix, func(b *bytes.Buffer) error { return writeCheckTable(b, results, now, width) })
		render("history"+suffix, func(b *bytes.Buffer) error { return writeHistoryTable(b, []store.HistoryEntry{hist}, width) })
		render("check live"+suffix, func(b *bytes.Buffer) error {
			l := newCheckLive(b, []string{e("a"), e("b"), e("c")}, width)
			for _, r := range results {
				l.add(r)
			}
			l.finish()
			return nil
		})
	}
	render("profiles show", func(b *bytes.Buffer) error {
		return writeProfileText(b, prof, []store.HistoryEntry{hist}, nil, now)
	})
	render("profiles show --reveal", func(b *bytes.Buffer) error {
		return writeProfileText(b, prof, []store.HistoryEntry{hist}, sec, now)
	})
	render("device", func(b *bytes.Buffer) error { return writeDeviceText(b, det) })
	render("claims diff", func(b *bytes.Buffer) error { return writeClaimChanges(b, changes) })
	render("doctor", func(b *bytes.Buffer) error { return writeDoctorTable(b, checks) })

	render("check -o json", func(b *bytes.Buffer) error { return writeCheckJSON(b, results) })
	render("profiles list -o json", func(b *bytes.Buffer) error { return writeProfileListJSON(b, []store.Profile{prof}, now) })
	render("profiles show -o json", func(b *bytes.Buffer) error {
		return writeProfileJSON(b, prof, []store.HistoryEntry{hist}, sec, now)
	})
	render("history -o json", func(b *bytes.Buffer) error { return writeJSON(b, []historyEntryJSON{historyJSON(hist)}) })
	render("device -o json", func(b *bytes.Buffer) error { return writeDeviceJSON(b, det) })
	render("claims diff -o json", func(b *bytes.Buffer) error { return writeJSON(b, changes) })
	render("doctor -o json", func(b *bytes.Buffer) error { return writeDoctorJSON(b, checks, false) })
	render("token -o json (server body)", func(b *bytes.Buffer) error {
		raw := []byte(`{"accessToken":"a.b.c","expiresIn":60,"note":"` + strings.ReplaceAll(e("n"), "\n", `\n`) + `"}`)
		return writeToken(b, outputJSON, tokenclient.TokenResponse{}, raw)
	})
	render("token -o json (cached)", func(b *bytes.Buffer) error {
		return writeToken(b, outputJSON, tokenclient.TokenResponse{AccessToken: e("at"), RefreshToken: e("rt")}, nil)
	})
	return out
}

// TestEveryTableSanitisesEveryColumn: with ESC, OSC 52, C1, bidi and
// invalid bytes in every field of every table, nothing a terminal would act
// on reaches the output, and the visible text around it still does.
func TestEveryTableSanitisesEveryColumn(t *testing.T) {
	tables := 0
	for name, out := range outputs(t) {
		if strings.Contains(name, "json") {
			continue
		}
		tables++
		if name == "check live" || strings.HasPrefix(name, "check live ") {
			out = strings.ReplaceAll(out, "\r\x1b[K", "\n") // the bar's own redraw
		}
		assertTerminalSafe(t, name, out)
		if !strings.Contains(name, " at 40") && !strings.Contains(out, "x") {
			t.Errorf("%s: the text around the controls is gone:\n%s", name, out)
		}
	}
	if tables != 17 {
		t.Fatalf("%d tables checked, want 17", tables)
	}
}

// TestEveryJSONOutputIsTerminalSafe: every --output json document is valid
// UTF-8 and valid JSON, holds no raw control, C1 or bidi character (each is
// a \u escape; a lone invalid byte is \ufffd), and decodes back to the text
// that was given.
func TestEveryJSONOutputIsTerminalSafe(t *testing.T) {
	docs := 0
	for name, out := range outputs(t) {
		if !strings.Contains(name, "json") {
			continue
		}
		docs++
		if !utf8.ValidString(out) || !json.Valid([]byte(out)) {
			t.Fatalf("%s: not valid UTF-8 JSON:\n%q", name, out)
		}
		assertTerminalSafe(t, name, out)
		for _, esc := range []string{`\u001b`, `\u009b`, `\u202e`, `\ufffd`} {
			if !strings.Contains(out, esc) && name != "check -o json" && name != "doctor -o json" {
				t.Errorf("%s lacks the escape %s:\n%s", name, esc, out)
			}
		}
	}
	if docs != 9 {
		t.Fatalf("%d JSON documents checked, want 9", docs)
	}
	// The escapes mean what was given: a cached token's fields decode back.
	var tok tokenclient.TokenResponse
	if err := json.Unmarshal([]byte(outputs(t)["token -o json (cached)"]), &tok); err != nil {
		t.Fatal(err)
	}
	if want := strings.ToValidUTF8("at"+evil, "\ufffd"); tok.AccessToken != want {
		t.Errorf("decoded %q, want %q", tok.AccessToken, want)
	}
}

// TestTerminalSafeJSONProperty: for every byte string, the result is valid
// UTF-8 with no unsafe character, JSON that was valid stays valid and
// decodes to the same values (invalid bytes as U+FFFD).
func TestTerminalSafeJSONProperty(t *testing.T) {
	n := 0
	for _, s := range append(hostilePieces, evil, "\u2028\u2029", "plain") {
		for _, doc := range []string{`"` + s + `"`, `{"k` + s + `":["` + s + `",1]}`} {
			enc, _ := json.Marshal(s) // encoding/json's own escaping first
			for _, in := range []string{doc, string(enc)} {
				got := terminalSafeJSON([]byte(in))
				if !utf8.Valid(got) {
					t.Fatalf("%q → %q: not UTF-8", in, got)
				}
				for _, r := range string(got) {
					if sanitize.Unsafe(r) && r != '\n' && r != '\t' && r != '\r' {
						t.Fatalf("%q → %q: %U left raw", in, got, r)
					}
				}
				var before, after any
				if json.Unmarshal([]byte(in), &before) == nil {
					if err := json.Unmarshal(got, &after); err != nil {
						t.Fatalf("%q → %q: no longer JSON: %v", in, got, err)
					}
					b1, _ := json.Marshal(before)
					b2, _ := json.Marshal(after)
					if !bytes.Equal(b1, b2) {
						t.Fatalf("%q → %q: means %s, was %s", in, got, b2, b1)
					}
				}
				n++
			}
		}
	}
	if n < 90 {
		t.Fatalf("only %d documents checked", n)
	}
}

// TestTamperedStoreReachesNoTerminal: a profiles.json whose secretStore
// holds an OSC 52 write and a bidi override, and a state.db whose history
// kind and error hold escapes, are printed by profiles list, profiles show,
// history and check (tables and JSON) without any of it reaching stdout.
func TestTamperedStoreReachesNoTerminal(t *testing.T) {
	srv := demoServer(t)
	c := newCLI(t)
	saveDemo(t, c, srv, "a")
	c.run("token", "-p", "a").want(t, exitOK)

	dir := c.env[envConfigDir]
	path := filepath.Join(dir, "profiles.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	evilJSON, _ := json.Marshal("file" + evil)
	tampered := bytes.Replace(data, []byte(`"secretStore": "file"`), []byte(`"secretStore": `+string(evilJSON)), 1)
	if bytes.Equal(tampered, data) {
		t.Fatalf("profiles.json has no secretStore to tamper with:\n%s", data)
	}
	if err := os.WriteFile(path, tampered, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE history SET kind = ?, error = ?, request_id = ?`, "issue"+evil, "boom"+evil, "rid"+evil); err != nil {
		t.Fatal(err)
	}
	db.Close()

	ran := 0
	for _, args := range [][]string{
		{"profiles", "list"}, {"profiles", "list", "-o", "json"},
		{"profiles", "show", "a"}, {"profiles", "show", "a", "-o", "json"},
		{"history"}, {"history", "-o", "json"},
		{"check", "a"}, {"check", "a", "-o", "json"},
	} {
		r := c.run(args...)
		if r.code != exitOK && r.code != exitFailed {
			t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
		assertTerminalSafe(t, strings.Join(args, " "), r.stdout)
		assertTerminalSafe(t, strings.Join(args, " ")+" (stderr)", r.stderr)
		// The tampered values did reach the command (escaped in JSON, their
		// visible part in tables): the test is not passing on a store that
		// refused them.
		if strings.Contains(strings.Join(args, " "), "json") && args[0] != "check" && !strings.Contains(r.stdout, `\u001b]52`) {
			t.Errorf("%v: the tampered value is not in the output:\n%s", args, r.stdout)
		}
		ran++
	}
	if ran != 8 {
		t.Fatalf("%d commands run", ran)
	}
}
