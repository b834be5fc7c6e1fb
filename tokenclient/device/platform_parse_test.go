package device

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestParseSystemVersionPlist(t *testing.T) {
	plist := `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>ProductBuildVersion</key>
	<string>23F79</string>
	<key>ProductName</key>
	<string>macOS</string>
	<key>ProductVersion</key>
	<string>14.5</string>
</dict>
</plist>`
	if got := parseSystemVersionPlist([]byte(plist)); got != "14.5" {
		t.Errorf("ProductVersion = %q, want 14.5", got)
	}
	if got := parseSystemVersionPlist([]byte("<plist/>")); got != "" {
		t.Errorf("ProductVersion of empty plist = %q, want empty", got)
	}
}

func TestDarwinNetworkParsing(t *testing.T) {
	route := "   route to: default\ndestination: default\n       mask: default\n    gateway: 192.168.1.1\n  interface: en0\n      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>\n"
	if got := parseRouteGetInterface(route); got != "en0" {
		t.Fatalf("interface = %q, want en0", got)
	}
	ports := parseHardwarePorts(`
Hardware Port: Ethernet
Device: en0
Ethernet Address: 3c:22:fb:00:00:01

Hardware Port: Wi-Fi
Device: en1
Ethernet Address: 3c:22:fb:00:00:02

Hardware Port: iPhone USB
Device: en5
Ethernet Address: n/a

Hardware Port: Thunderbolt Bridge
Device: bridge0
Ethernet Address: n/a

VLAN Configurations
===================
`)
	for _, c := range []struct {
		iface string
		want  NetworkType
		why   string
	}{
		{"en0", NetworkEthernet, "hardware port Ethernet"},
		{"en1", NetworkWifi, "hardware port Wi-Fi"},
		{"en5", NetworkCellular, "hardware port iPhone USB"},
		{"bridge0", NetworkOther, "Thunderbolt Bridge is not wifi"},
		{"utun3", NetworkOther, "VPN"},
		{"en9", NetworkOther, "not a listed hardware port"},
	} {
		got, why := classifyDarwinPort(c.iface, ports[c.iface])
		if got != c.want || !strings.Contains(why, c.why) {
			t.Errorf("%s: got %q (%q), want %q mentioning %q", c.iface, got, why, c.want, c.why)
		}
	}
	if !pmsetHasBattery("Now drawing from 'Battery Power'\n -InternalBattery-0 (id=1234)\t87%; discharging") {
		t.Error("pmset with InternalBattery: want battery")
	}
	if pmsetHasBattery("Now drawing from 'AC Power'\n") {
		t.Error("pmset without a battery line: want no battery")
	}
}

func TestWindowsRelease(t *testing.T) {
	for _, c := range []struct {
		product, display, build string
		want, source            string
	}{
		{"Windows 10 Pro", "23H2", "22631", "11", "CurrentBuild 22631"},
		{"Windows 10 Pro", "22H2", "19045", "10", "(Windows 10 Pro 22H2)"},
		{"Windows 11 Home", "", "22000", "11", "CurrentBuild 22000"},
		{"Windows 8.1 Pro", "", "", "8.1", "ProductName Windows 8.1 Pro"},
		{"", "", "", "unknown", "not found"},
	} {
		got, src := windowsRelease(c.product, c.display, c.build)
		if got != c.want || !strings.Contains(src, c.source) {
			t.Errorf("windowsRelease(%q, %q, %q) = %q (%q), want %q mentioning %q",
				c.product, c.display, c.build, got, src, c.want, c.source)
		}
	}
	for ifType, want := range map[uint32]NetworkType{6: NetworkEthernet, 71: NetworkWifi, 243: NetworkCellular,
		244: NetworkCellular, 131: NetworkOther, 23: NetworkOther, 24: NetworkOther, 53: NetworkOther} {
		if got, why := classifyWindowsIfType("Adapter", ifType); got != want || !strings.HasPrefix(why, "Adapter, ") {
			t.Errorf("ifType %d: got %q (%q), want %q", ifType, got, why, want)
		}
	}
}

func TestOtherDetection(t *testing.T) {
	d := otherDetection("freebsd")
	if d.Info.OSName != "FreeBSD" || d.Info.Model != "desktop" || d.Info.Version != "Chrome" || d.Network != NetworkOther {
		t.Errorf("otherDetection(freebsd) = %+v", d)
	}
	if d := otherDetection("zos"); d.Info.OSName != "Zos" || !strings.Contains(d.NetworkSource, "zos") {
		t.Errorf("otherDetection(zos) = %+v", d)
	}
}

func TestPresets(t *testing.T) {
	ps := Presets()
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p.Name] {
			t.Errorf("duplicate preset %q", p.Name)
		}
		seen[p.Name] = true
		if p.Description == "" || p.Info.Model == "" || p.Info.Version == "" || p.Info.OSName == "" || p.Info.OSVersion == "" {
			t.Errorf("preset %q has an empty field: %+v", p.Name, p)
		}
		got, ok := PresetByName(p.Name)
		if !ok || !sameInfo(got.Info, p.Info) {
			t.Errorf("PresetByName(%q) = %+v, %v", p.Name, got, ok)
		}
	}
	w, ok := PresetByName("web-example")
	if !ok || Encode(w.Info) != publicBase64 || w.DeviceInfo() != publicBase64 || w.Network != NetworkOther {
		t.Errorf("web-example does not encode to the public example: %+v", w)
	}
	if w, _ := PresetByName("web-windows"); !sameInfo(w.Info, Info{Model: "desktop", Version: "Chrome", OSName: "Windows", OSVersion: "10.0"}) || w.Network != NetworkOther {
		t.Errorf("web-windows = %+v", w)
	}
	m, ok := PresetByName("web-macos")
	if !ok || !sameInfo(m.Info, Info{Model: "desktop", Version: "Chrome Headless", OSName: "macOS", OSVersion: "10.15.7"}) ||
		m.DeviceInfo() != "eyJtb2RlbCI6ImRlc2t0b3AiLCJvc05hbWUiOiJtYWNPUyIsIm9zVmVyc2lvbiI6IjEwLjE1LjciLCJ2ZXJzaW9uIjoiQ2hyb21lIEhlYWRsZXNzIn0=" {
		t.Errorf("web-macos is not solthoth/football-picks' DEVICE_INFO byte for byte: %+v", m)
	}
	for _, name := range []string{"android-phone", "android-tv"} {
		a, _ := PresetByName(name)
		raw, _ := base64.StdEncoding.DecodeString(a.DeviceInfo())
		if string(raw) != a.JSON || a.Network != NetworkWifi || len(a.Info.Extra) != 12 || a.Info.OSName != "Android" {
			t.Errorf("%s is not kept verbatim with its 12 extra keys: %s %+v", name, raw, a)
		}
		if Encode(a.Info) == a.DeviceInfo() {
			t.Errorf("%s: the canonical re-encoding should differ (model is the tenth key on the wire)", name)
		}
	}
	for _, p := range ps {
		if p.Source == "" || strings.Contains(strings.ToLower(p.Source), "invented") {
			t.Errorf("preset %s has no public source: %q", p.Name, p.Source)
		}
	}
	if _, ok := PresetByName("nope"); ok {
		t.Error("PresetByName(nope) found something")
	}
	ps[0].Name = "changed"
	if Presets()[0].Name != "web-example" {
		t.Error("Presets shares its slice between calls")
	}
}
