package device

import (
	"os"
	"path/filepath"
	"strings"
)

// linuxNetwork finds the interface of the default route and classifies it.
// An unknown is NetworkOther with the reason.
func linuxNetwork(root string) (NetworkType, string) {
	r, ok := defaultRoute(root)
	if !ok {
		return NetworkOther, "no default route in /proc/net/route or /proc/net/ipv6_route"
	}
	t, why := classifyLinuxIface(root, r.iface)
	via := "default route via " + r.iface
	if r.table == "/proc/net/ipv6_route" {
		via = "IPv6 default route via " + r.iface
	}
	return t, via + " (" + why + ")"
}

// cellularDrivers are kernel drivers of WWAN / cellular modems.
var cellularDrivers = map[string]bool{
	"qmi_wwan": true, "cdc_mbim": true, "huawei_cdc_ncm": true, "sierra_net": true,
	"mhi_net": true, "rmnet": true, "rmnet_ipa": true, "GobiNet": true, "option": true,
}

// virtualDevtypes are DEVTYPE values of interfaces that are not a network
// medium of their own.
var virtualDevtypes = map[string]string{
	"bridge": "a bridge", "bond": "a bond", "vlan": "a VLAN", "wireguard": "a WireGuard VPN tunnel",
	"vxlan": "a VXLAN tunnel", "geneve": "a Geneve tunnel", "macvlan": "a macvlan", "ipvlan": "an ipvlan",
	"vrf": "a VRF", "team": "a team",
}

// linkTypes names ARPHRD_* link types (linux/if_arp.h) that are not ethernet.
var linkTypes = map[string]string{
	"512": "a PPP link", "768": "an IPIP tunnel", "769": "an IPv6-in-IPv6 tunnel", "772": "the loopback",
	"776": "a SIT tunnel", "778": "a GRE tunnel", "823": "an IPv6 GRE tunnel",
	"65534": "a tunnel with no link layer, such as a VPN",
}

// classifyLinuxIface decides the network type of interface name from
// root/sys/class/net/<name> and says why.
func classifyLinuxIface(root, name string) (NetworkType, string) {
	rel := "/sys/class/net/" + name
	dir := filepath.Join(root, rel)
	if _, err := os.Stat(dir); err != nil {
		return NetworkOther, rel + " is missing, so its kind is unknown"
	}
	if exists(filepath.Join(dir, "wireless")) || exists(filepath.Join(dir, "phy80211")) {
		return NetworkWifi, "wireless"
	}
	devtype := ueventField(filepath.Join(dir, "uevent"), "DEVTYPE")
	driver := driverName(dir)
	switch {
	case devtype == "wlan":
		return NetworkWifi, "wireless, DEVTYPE=wlan"
	case devtype == "wwan":
		return NetworkCellular, "cellular modem, DEVTYPE=wwan"
	case cellularDrivers[driver]:
		return NetworkCellular, "cellular modem, driver " + driver
	case strings.HasPrefix(name, "ww") || strings.HasPrefix(name, "rmnet"):
		return NetworkCellular, "cellular modem, by its name"
	}
	if what, ok := virtualDevtypes[devtype]; ok {
		return NetworkOther, what
	}
	switch {
	case exists(filepath.Join(dir, "bridge")):
		return NetworkOther, "a bridge"
	case exists(filepath.Join(dir, "bonding")):
		return NetworkOther, "a bond"
	case exists(filepath.Join(dir, "tun_flags")):
		return NetworkOther, "a tun/tap interface, such as a VPN"
	case strings.HasPrefix(name, "veth"):
		return NetworkOther, "a veth pair, as used for containers"
	}
	linkType := readTrim(filepath.Join(dir, "type"))
	if what, ok := linkTypes[linkType]; ok {
		return NetworkOther, what
	}
	hasDevice := exists(filepath.Join(dir, "device"))
	switch {
	case linkType == "1" && hasDevice && driver != "":
		return NetworkEthernet, "wired, driver " + driver
	case linkType == "1" && hasDevice:
		return NetworkEthernet, "wired"
	case linkType == "1":
		return NetworkOther, "no physical device behind it: a container's veth or another virtual interface"
	case linkType == "":
		return NetworkOther, "no link type in " + rel + "/type"
	}
	return NetworkOther, "link type " + linkType + " is not wifi, cellular or ethernet"
}

// driverName returns the kernel driver of the interface's device: the base
// name of the device/driver link, else DRIVER= in device/uevent.
func driverName(dir string) string {
	if target, err := os.Readlink(filepath.Join(dir, "device", "driver")); err == nil {
		return filepath.Base(target)
	}
	return ueventField(filepath.Join(dir, "device", "uevent"), "DRIVER")
}

// ueventField returns KEY's value from a sysfs uevent file, or "".
func ueventField(path, key string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	for line := range strings.Lines(string(b)) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok && k == key {
			return v
		}
	}
	return ""
}

// exists reports whether path exists, without following a final symlink.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
