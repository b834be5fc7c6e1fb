package tokenclient

import (
	"strings"
	"testing"
)

func TestEndpointErrorsNeverShowAPassword(t *testing.T) {
	for _, raw := range []string{
		"https://u:hunter2@example.com",
		"https://u:hunter2@exa mple.com",
		"ftp://u:hunter2@example.com/x",
		"http://u:hunter2@10.0.0.1:99999",
	} {
		err := ValidateEndpoint(raw, false)
		if err == nil {
			t.Errorf("%s: accepted", raw)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: the error shows the password: %v", raw, err)
		}
	}
}
