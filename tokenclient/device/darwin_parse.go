package device

import (
	"bufio"
	"regexp"
	"strings"
)

// plistProductVersion matches the ProductVersion entry of SystemVersion.plist.
var plistProductVersion = regexp.MustCompile(`<key>ProductVersion</key>\s*<string>([^<]+)</string>`)

// parseSystemVersionPlist returns ProductVersion from the XML of
// /System/Library/CoreServices/SystemVersion.plist, or "".
func parseSystemVersionPlist(b []byte) string {
	m := plistProductVersion.FindSubmatch(b)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(string(m[1]))
}

// parseRouteGetInterface returns the "interface:" line of `route -n get default`.
func parseRouteGetInterface(out string) string {
	for line := range strings.Lines(out) {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok && k == "interface" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// parseHardwarePorts maps each device (en0) to its hardware port name (Wi-Fi)
// from `networksetup -listallhardwareports`.
func parseHardwarePorts(out string) map[string]string {
	ports := map[string]string{}
	port := ""
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		if !ok {
			continue
		}
		switch k {
		case "Hardware Port":
			port = strings.TrimSpace(v)
		case "Device":
			if port != "" {
				ports[strings.TrimSpace(v)] = port
			}
		}
	}
	return ports
}

// classifyDarwinPort decides the network type of interface iface whose
// hardware port is port ("" if networksetup did not list it).
func classifyDarwinPort(iface, port string) (NetworkType, string) {
	lower := strings.ToLower(port)
	switch {
	case strings.Contains(lower, "wi-fi") || strings.Contains(lower, "airport"):
		return NetworkWifi, "hardware port " + port
	case strings.Contains(lower, "iphone") || strings.Contains(lower, "ipad") || strings.Contains(lower, "wwan"):
		return NetworkCellular, "hardware port " + port
	case strings.Contains(lower, "ethernet") || strings.Contains(lower, "lan"):
		return NetworkEthernet, "hardware port " + port
	case port != "":
		return NetworkOther, "hardware port " + port + " is not wifi, cellular or ethernet"
	}
	for _, p := range []string{"utun", "ipsec", "ppp", "tun", "tap", "gif", "stf"} {
		if strings.HasPrefix(iface, p) {
			return NetworkOther, "a tunnel, such as a VPN"
		}
	}
	if strings.HasPrefix(iface, "bridge") {
		return NetworkOther, "a bridge"
	}
	return NetworkOther, "not a listed hardware port"
}

// pmsetHasBattery reports whether `pmset -g batt` output lists an internal battery.
func pmsetHasBattery(out string) bool {
	return strings.Contains(out, "InternalBattery")
}
