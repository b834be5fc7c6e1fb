package cli

import (
	"fmt"
	"net/url"
	"time"

	"github.com/authdeck/authdeck/tokenclient/parts"
)

// MinPollInterval is the shortest --poll allowed against a real identity
// service: a shorter one floods it with polls. A loopback endpoint (the
// fake server, a local proxy) takes any positive interval, so tests run fast.
const MinPollInterval = time.Second

// checkPollFloor refuses a poll interval below MinPollInterval unless
// endpoint is on a loopback host.
func checkPollFloor(poll time.Duration, endpoint string) error {
	if poll >= MinPollInterval {
		return nil
	}
	if u, err := url.Parse(endpoint); err == nil && parts.IsLoopback(u.Hostname()) {
		return nil
	}
	return usageError(fmt.Errorf("--poll %s is below the minimum of %s for an endpoint that is not loopback: use --poll %s or more",
		poll, MinPollInterval, MinPollInterval))
}
