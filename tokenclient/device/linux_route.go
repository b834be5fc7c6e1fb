package device

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// route is one default route found in the kernel's routing tables.
type route struct {
	iface  string
	metric uint64
	table  string // "/proc/net/route" or "/proc/net/ipv6_route"
}

// defaultRoute returns the IPv4 default route with the lowest metric, or,
// when there is none, the IPv6 one. ok is false when neither table has one.
func defaultRoute(root string) (route, bool) {
	if r, ok := defaultRouteV4(root); ok {
		return r, true
	}
	return defaultRouteV6(root)
}

// defaultRouteV4 parses root/proc/net/route: tab-separated columns Iface,
// Destination, Gateway, Flags, RefCnt, Use, Metric, Mask, ... with a header
// line. A default route has destination and mask 00000000 and the RTF_UP flag.
func defaultRouteV4(root string) (route, bool) {
	const table = "/proc/net/route"
	var best route
	found := false
	eachLine(filepath.Join(root, table), func(f []string) {
		if len(f) < 8 || f[1] != "00000000" || f[7] != "00000000" {
			return
		}
		flags, err := strconv.ParseUint(f[3], 16, 32)
		if err != nil || flags&rtfUp == 0 || flags&rtfReject != 0 {
			return
		}
		metric, err := strconv.ParseUint(f[6], 10, 64)
		if err != nil {
			return
		}
		if !found || metric < best.metric {
			best, found = route{iface: f[0], metric: metric, table: table}, true
		}
	})
	return best, found
}

// defaultRouteV6 parses root/proc/net/ipv6_route: space-separated columns
// destination, prefix length, source, source prefix length, next hop,
// metric (hex), refcnt, use, flags (hex), interface. Rejecting routes and
// those on the loopback interface (the kernel's unreachable defaults) are
// skipped.
func defaultRouteV6(root string) (route, bool) {
	const table = "/proc/net/ipv6_route"
	var best route
	found := false
	eachLine(filepath.Join(root, table), func(f []string) {
		if len(f) < 10 || strings.Trim(f[0], "0") != "" || f[1] != "00" || f[9] == "lo" {
			return
		}
		flags, err := strconv.ParseUint(f[8], 16, 32)
		if err != nil || flags&rtfUp == 0 || flags&rtfReject != 0 {
			return
		}
		metric, err := strconv.ParseUint(f[5], 16, 64)
		if err != nil {
			return
		}
		if !found || metric < best.metric {
			best, found = route{iface: f[9], metric: metric, table: table}, true
		}
	})
	return best, found
}

// Route flags from linux/route.h.
const (
	rtfUp     = 0x0001
	rtfReject = 0x0200
)

// eachLine calls fn with the white-space separated fields of each line of
// path; a missing file has no lines.
func eachLine(path string, fn func([]string)) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fn(strings.Fields(sc.Text()))
	}
}
