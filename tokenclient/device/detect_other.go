//go:build !linux && !darwin && !windows

package device

import "runtime"

// detect describes a machine on an OS without a dedicated detector: the OS
// name from the Go target, the default client, and unknowns said as such.
func detect() Detection {
	return otherDetection(runtime.GOOS)
}
