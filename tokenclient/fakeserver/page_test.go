package fakeserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/authdeck/authdeck/tokenclient/fakeserver"
	"github.com/authdeck/authdeck/tokenclient/fakeserver/fakeservertest"
)

// browserForm is a form as a browser sees it: where it posts and the
// fields it would submit (text and hidden inputs with their values, the
// checked radio of each group).
type browserForm struct {
	method, action string
	fields         url.Values
	radios         map[string][]string // every choice of each radio group
	buttons        []string
}

// parsePage parses an HTML page strictly enough for a test: it must
// tokenize without errors, have a doctype, a title, a lang, no script and
// exactly one form.
func parsePage(t *testing.T, body string) browserForm {
	t.Helper()
	if !strings.HasPrefix(body, "<!DOCTYPE html>") {
		t.Errorf("the page does not start with a doctype")
	}
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var forms []browserForm
	var cur *browserForm
	var title string
	var walk func(n *html.Node)
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				t.Errorf("the page has a script")
			case "html":
				if _, ok := attr(n, "lang"); !ok {
					t.Errorf("<html> has no lang")
				}
			case "title":
				if n.FirstChild != nil {
					title = n.FirstChild.Data
				}
			case "form":
				m, _ := attr(n, "method")
				a, _ := attr(n, "action")
				forms = append(forms, browserForm{method: strings.ToUpper(m), action: a, fields: url.Values{}, radios: map[string][]string{}})
				cur = &forms[len(forms)-1]
			case "input":
				if cur == nil {
					break
				}
				name, _ := attr(n, "name")
				typ, _ := attr(n, "type")
				val, _ := attr(n, "value")
				_, checked := attr(n, "checked")
				switch typ {
				case "radio":
					cur.radios[name] = append(cur.radios[name], val)
					if checked {
						cur.fields.Set(name, val)
					}
				case "", "text", "hidden":
					cur.fields.Set(name, val)
				}
			case "button":
				if cur != nil && n.FirstChild != nil {
					cur.buttons = append(cur.buttons, n.FirstChild.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	// The tokenizer reports malformed markup the tree builder repairs.
	z := html.NewTokenizer(strings.NewReader(body))
	for z.Next() != html.ErrorToken {
	}
	if z.Err() != io.EOF {
		t.Errorf("tokenizer: %v", z.Err())
	}
	if title == "" {
		t.Errorf("the page has no title")
	}
	if len(forms) != 1 {
		t.Fatalf("%d forms, want 1", len(forms))
	}
	return forms[0]
}

// submit posts the form's fields the way a browser does.
func submit(t *testing.T, base string, f browserForm) (*http.Response, string) {
	t.Helper()
	target, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	action, err := target.Parse(f.action)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(action.String(), f.fields)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestActivationPageLikeABrowser(t *testing.T) {
	srv := fakeservertest.New(t, fakeserver.Config{Clients: map[string]string{testKey: testSecret}})
	token, code := startActivation(t, srv.Server, "")
	page := srv.URL + fakeserver.ActivatePath + "?regCode=" + url.QueryEscape(code)
	resp, body := get(t, page)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET page: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	f := parsePage(t, body)
	if f.method != "POST" || f.fields.Get("regCode") != code || f.fields.Get("account") != "premium" {
		t.Fatalf("form = %+v", f)
	}
	if got := strings.Join(f.radios["account"], ","); got != "free,plus,premium,cancelled,expired,tv-provider" {
		t.Errorf("accounts offered = %s", got)
	}
	if len(f.buttons) != 1 || f.buttons[0] != "Approve" {
		t.Errorf("buttons = %v", f.buttons)
	}
	if !strings.Contains(body, `class="code">`+code+`<`) {
		t.Errorf("the page does not show the code large")
	}

	// Choose "plus" and press Approve.
	f.fields.Set("account", "plus")
	resp, body = submit(t, srv.URL, f)
	if resp.StatusCode != 200 || !strings.Contains(body, "activated as <strong>plus</strong>") {
		t.Fatalf("POST: %d\n%s", resp.StatusCode, body)
	}
	r := pollRecord(t, srv.Server, token, code)
	plus, _ := srv.Server.Account("plus")
	if r.UID != plus.UID || r.UIDSignature == "" {
		t.Errorf("record after the page = %+v", r)
	}
}

func TestActivationPageProblems(t *testing.T) {
	srv := fakeservertest.New(t, fakeserver.Config{Clients: map[string]string{testKey: testSecret}})
	// Without a code the page asks for one.
	resp, body := get(t, srv.URL+fakeserver.ActivatePath)
	f := parsePage(t, body)
	if resp.StatusCode != 200 || f.fields.Get("regCode") != "" {
		t.Fatalf("page without a code: %d %+v", resp.StatusCode, f)
	}
	cases := []struct {
		name   string
		fields url.Values
		status int
		want   string
	}{
		{"no code", url.Values{"account": {"plus"}}, 400, "Type the code"},
		{"unknown code", url.Values{"regCode": {"NOSUCH"}, "account": {"plus"}}, 404, "unknown or has expired"},
		{"unknown account", url.Values{"regCode": {"NOSUCH"}, "account": {"<b>x</b>"}}, 400, "no account named &#34;&lt;b&gt;x&lt;/b&gt;&#34;"},
		{"no account", url.Values{"regCode": {"NOSUCH"}}, 400, "Choose an account"},
	}
	for _, tc := range cases {
		f.fields = tc.fields
		resp, body := submit(t, srv.URL, f)
		if resp.StatusCode != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want %d with %q\n%s", tc.name, resp.StatusCode, tc.status, tc.want, body)
		}
		parsePage(t, body) // an error page is a valid page with the form again
	}
	// A code in the query is escaped, not markup.
	_, body = get(t, srv.URL+fakeserver.ActivatePath+"?regCode="+url.QueryEscape(`"><script>alert(1)</script>`))
	parsePage(t, body)
	req, _ := http.NewRequest(http.MethodDelete, srv.URL+fakeserver.ActivatePath, nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 405 {
		t.Errorf("DELETE page: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
}

func TestParseAccounts(t *testing.T) {
	good := `[{"name":"alice","uid":"a1","plans":[{"plan":"NFL_PLUS","status":"ACTIVE","expirationDate":"2027-01-03"}],"networks":{"NFLN":true},"dmaCode":"602","countryCode":"US"},
	{"name":"bob","uid":"b1","idp":"TV_PROVIDER","userId":"u-bob","uuid":"bob-uuid"}]`
	accts, err := fakeserver.ParseAccounts(strings.NewReader(good))
	if err != nil || len(accts) != 2 || accts[0].DmaCode != "602" || accts[1].UserID != "u-bob" || accts[0].UserID == "" {
		t.Fatalf("ParseAccounts = %+v, %v", accts, err)
	}
	srv := fakeserver.New(fakeserver.Config{Accounts: accts})
	if a, ok := srv.Account("alice"); !ok || a.Plans[0].Source != "NFL" {
		t.Errorf("alice = %+v", a)
	}
	if n := len(srv.Accounts()); n != 8 {
		t.Errorf("%d accounts, want 6 built-in + 2", n)
	}
	bad := map[string]string{
		`{}`: "not a JSON list",
		`[{"name":"alice","uid":"a","plans":[{"plan":"NFL_PLUS","status":"ACTIV"}]}]`:                                       `entry 1 ("alice"): plans[0].status: "ACTIV" is not ACTIVE, CANCELLED or EXPIRED`,
		`[{"name":"a","uid":"1"},{"name":"b","uid":"2","plans":[{"plan":"x","status":"ACTIVE","expirationDate":"3 Jan"}]}]`: `entry 2 ("b"): plans[0].expirationDate: "3 Jan" is not a date`,
		`[{"uid":"1"}]`:                                   "entry 1: name: is required",
		`[{"name":"plus","uid":"1"}]`:                     `entry 1 ("plus"): name: "plus" is a built-in demo account`,
		`[{"name":"a","uid":"1"},{"name":"a","uid":"2"}]`: `entry 2 ("a"): name: "a" is already entry 1`,
		`[{"name":"a"}]`:                                  `entry 1 ("a"): uid: is required`,
		`[{"name":"a","uid":"1","plans":"NFL_PLUS"}]`:     "entry 1: plans: is a JSON string",
		`[{"name":"a","uid":"1","idp":"GIGYA"}]`:          `entry 1 ("a"): idp: "GIGYA" is not`,
		`[{"name":"a","uid":"1","nmae":"x"}]`:             `entry 1: unknown field "nmae"`,
		`[{"name":"Has Space","uid":"1"}]`:                `name: "Has Space" must be`,
	}
	for in, want := range bad {
		_, err := fakeserver.ParseAccounts(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", in, err, want)
		}
	}
	// The JSON shape of an account is what the file holds.
	b, _ := json.Marshal(accts[1])
	if !strings.Contains(string(b), `"idp":"TV_PROVIDER","userId":"u-bob"`) {
		t.Errorf("account JSON = %s", b)
	}
}
