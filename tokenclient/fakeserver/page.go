package fakeserver

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
)

// pageTemplate is the activation page: small, valid HTML5, no script. The
// form posts regCode and account back to the same path.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · authdeck fake server</title>
<style>body{font-family:sans-serif;max-width:32em;margin:2em auto;padding:0 1em}.code{font-size:2.5em;letter-spacing:.2em;font-family:monospace}.note{color:#555}.problem{color:#a00}</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{if .Problem}}<p class="problem" role="alert">{{.Problem}}</p>
{{end}}{{if .Done}}<p>Code <span class="code">{{.RegCode}}</span> is activated as <strong>{{.Account}}</strong>.</p>
<p>Go back to your device: it signs in at its next poll.</p>
{{else}}{{if .RegCode}}<p class="code">{{.RegCode}}</p>
{{end}}<form method="post" action="{{.Action}}">
<p><label for="regCode">Code shown on your device</label><br>
<input id="regCode" name="regCode" value="{{.RegCode}}" required autocomplete="off" autocapitalize="characters"></p>
<fieldset>
<legend>Sign in as</legend>
{{range .Accounts}}<p><input type="radio" id="account-{{.Name}}" name="account" value="{{.Name}}"{{if .Checked}} checked{{end}}>
<label for="account-{{.Name}}"><strong>{{.Name}}</strong> <span class="note">{{.Note}}</span></label></p>
{{end}}</fieldset>
<p><button type="submit">Approve</button></p>
</form>
{{end}}</main>
</body>
</html>
`))

// pageData fills pageTemplate.
type pageData struct {
	Title, Problem, RegCode, Account, Action string
	Done                                     bool
	Accounts                                 []pageAccount
}

type pageAccount struct {
	Name, Note string
	Checked    bool
}

// defaultPageAccount is the account the page has chosen to begin with.
const defaultPageAccount = AccountPremium

// servePage answers GET /account/activate?regCode=CODE with the form and
// POST /account/activate (form fields regCode and account) by approving
// the code, as id.nfl.com's page would after a sign-in.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, body []byte, rec *LoggedRequest) {
	d := pageData{Title: "Activate a device", Action: ActivatePath}
	chosen := defaultPageAccount
	status := http.StatusOK
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		d.RegCode = clip(r.URL.Query().Get("regCode"), 64)
	case http.MethodPost:
		// ServeHTTP has read the body already: the form is parsed from it.
		form, err := url.ParseQuery(string(body))
		if err != nil || !isForm(r.Header.Get("Content-Type")) {
			status, d.Problem = http.StatusBadRequest, "The form could not be read; submit it from this page."
			break
		}
		d.RegCode, chosen = clip(form.Get("regCode"), 64), form.Get("account")
		status, d.Problem = s.approveFromPage(d.RegCode, chosen)
		if status == http.StatusOK {
			d.Done, d.Account, d.Title = true, chosen, "Device activated"
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		status = http.StatusMethodNotAllowed
		d.Problem = "use GET to see the page and POST to approve"
	}
	for _, a := range s.accounts.list {
		d.Accounts = append(d.Accounts, pageAccount{Name: a.Name, Note: a.Note, Checked: a.Name == chosen})
	}
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, d); err != nil {
		status = http.StatusInternalServerError
		b.Reset()
		b.WriteString("<!DOCTYPE html><title>error</title><p>the page could not be made</p>\n")
	}
	rec.Status = status
	if d.Problem != "" {
		rec.Error = d.Problem
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b.Bytes())
	}
}

// approveFromPage approves a code from the page's form and says how it
// went: the status and, for a failure, the problem in plain words.
func (s *Server) approveFromPage(code, account string) (int, string) {
	switch {
	case code == "":
		return http.StatusBadRequest, "Type the code your device shows."
	case account == "":
		return http.StatusBadRequest, "Choose an account to sign in as."
	}
	err := s.Approve(code, account)
	switch {
	case err == nil:
		return http.StatusOK, ""
	case errors.Is(err, ErrUnknownAccount):
		return http.StatusBadRequest, "There is no account named " + strconv.Quote(clip(account, 32)) + "."
	case errors.Is(err, ErrNotAnnounced):
		return http.StatusConflict, "The device has not announced this code yet; wait a moment and approve again."
	}
	return http.StatusNotFound, "This code is unknown or has expired. Start again on your device for a new code."
}
