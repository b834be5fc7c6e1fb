package device

import "strings"

// osNames maps Go's GOOS values to the names user-agent parsers report.
var osNames = map[string]string{
	"linux": "Linux", "darwin": "macOS", "windows": "Windows", "freebsd": "FreeBSD", "openbsd": "OpenBSD",
	"netbsd": "NetBSD", "dragonfly": "DragonFly", "solaris": "Solaris", "illumos": "illumos", "aix": "AIX",
	"android": "Android", "ios": "iOS", "plan9": "Plan 9",
}

// otherDetection is the best that can be said about an OS with no detector:
// its name from GOOS, a desktop, the default client, an unknown version and
// an "other" network.
func otherDetection(goos string) Detection {
	name, ok := osNames[goos]
	if !ok {
		name = strings.ToUpper(goos[:1]) + goos[1:]
	}
	return Detection{
		Info: Info{Model: "desktop", Version: DefaultVersion, OSName: name, OSVersion: unknownVersion},
		Sources: Sources{
			Model:     "default: no battery detection on " + goos,
			Version:   versionSource,
			OSName:    "the Go target OS (" + goos + ")",
			OSVersion: "not detected on " + goos,
		},
		Network:       NetworkOther,
		NetworkSource: "network detection is not implemented on " + goos,
	}
}
