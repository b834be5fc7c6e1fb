package cli

import (
	"encoding/xml"
	"io"
	"strconv"
	"time"

	"github.com/authdeck/authdeck/tokenclient/sanitize"
	"github.com/authdeck/authdeck/tokens"
)

// junitSuites is `check --output junit`: JUnit XML as CI systems read it
// (Jenkins, GitLab, GitHub test reporters), one testsuite "authdeck check"
// with one testcase per profile asked for.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

// junitSuite is the one testsuite.
type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr"`
	Cases     []junitCase `xml:"testcase"`
}

// junitCase is one profile.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

// junitMessage is a failure or a skip: message attribute, type, and text.
type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// writeCheckJUnit prints results as JUnit XML: a testcase per name in
// names (a name without a result, the check having been interrupted, is
// skipped), failed with the reason as its message. Every text is
// sanitised, then XML-escaped by encoding/xml (which also replaces what
// XML cannot hold); results hold no secret.
func writeCheckJUnit(w io.Writer, names []string, results []tokens.CheckResult, started time.Time, took time.Duration) error {
	byName := make(map[string]tokens.CheckResult, len(results))
	for _, r := range results {
		byName[r.Profile] = r
	}
	suite := junitSuite{Name: "authdeck check", Timestamp: started.UTC().Format(time.RFC3339), Time: seconds(took)}
	for _, n := range names {
		c := junitCase{Name: sanitize.Line(n), Classname: "authdeck.check", Time: "0"}
		r, ok := byName[n]
		switch {
		case !ok:
			c.Skipped = &junitMessage{Message: "not checked: the check was interrupted"}
			suite.Skipped++
		case !r.OK():
			reason := tokens.Describe(r)
			if d := checkDetail(r); d != "" {
				reason += ": " + d
			}
			reason = sanitize.Line(reason)
			c.Failure = &junitMessage{Message: reason, Type: string(r.Kind), Text: reason}
			suite.Failures++
		}
		if ok {
			if !r.Cached {
				c.Time = seconds(r.Latency)
			}
			c.SystemOut = sanitize.Line("result " + tokens.Describe(r) + "; expires " + checkExpiry(r, started) + "; plans " + tokens.Plans(r))
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{Name: suite.Name, Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped, Time: suite.Time,
		Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// seconds is d in seconds with millisecond precision, as JUnit's time.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}
