package device

import (
	"strconv"
	"strings"
)

// windowsRelease turns the registry's CurrentVersion values into the
// osVersion public clients send ("10" or "11"; build 22000 and later is
// Windows 11, whatever ProductName says) and a source text.
func windowsRelease(productName, displayVersion, currentBuild string) (string, string) {
	const key = `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`
	detail := strings.TrimSpace(strings.Join([]string{productName, displayVersion}, " "))
	if build, err := strconv.Atoi(strings.TrimSpace(currentBuild)); err == nil && build > 0 {
		v := "10"
		if build >= 22000 {
			v = "11"
		}
		src := "CurrentBuild " + currentBuild + " in " + key
		if detail != "" {
			src += " (" + detail + ")"
		}
		return v, src
	}
	for _, v := range []string{"11", "10", "8.1", "8", "7"} {
		if strings.Contains(productName, "Windows "+v) {
			return v, "ProductName " + productName + " in " + key
		}
	}
	return unknownVersion, "not found: no CurrentBuild or ProductName in " + key
}

// Interface types (IANA ifType) as Windows reports them in IP_ADAPTER_ADDRESSES.
const (
	ifTypeEthernet  = 6
	ifTypePPP       = 23
	ifTypeLoopback  = 24
	ifTypeIEEE80211 = 71
	ifTypeTunnel    = 131
	ifTypeWWANPP    = 243
	ifTypeWWANPP2   = 244
)

// classifyWindowsIfType decides the network type of an adapter from its
// ifType and says why; name is its friendly name.
func classifyWindowsIfType(name string, ifType uint32) (NetworkType, string) {
	switch ifType {
	case ifTypeIEEE80211:
		return NetworkWifi, name + ", a wireless adapter"
	case ifTypeWWANPP, ifTypeWWANPP2:
		return NetworkCellular, name + ", a mobile broadband adapter"
	case ifTypeEthernet:
		return NetworkEthernet, name + ", an ethernet adapter"
	case ifTypeTunnel, ifTypePPP:
		return NetworkOther, name + ", a tunnel or dial-up link such as a VPN"
	case ifTypeLoopback:
		return NetworkOther, name + ", the loopback"
	}
	return NetworkOther, name + ", interface type " + strconv.FormatUint(uint64(ifType), 10)
}
