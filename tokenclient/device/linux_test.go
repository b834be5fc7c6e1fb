package device

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDetectLinuxFixtures(t *testing.T) {
	cases := []struct {
		root    string
		info    Info
		sources Sources // each field: a substring the source must contain
		network NetworkType
		netWhy  string
	}{
		{
			root:    "wifi-laptop",
			info:    Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "24.04"},
			sources: Sources{Model: "battery BAT0 in /sys/class/power_supply", Version: "default", OSName: "Ubuntu (NAME in /etc/os-release)", OSVersion: "VERSION_ID in /etc/os-release"},
			network: NetworkWifi, netWhy: "default route via wlp2s0 (wireless)",
		},
		{
			root:    "wired-desktop",
			info:    Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "12"},
			sources: Sources{Model: "no battery in /sys/class/power_supply", Version: "web client", OSName: "Debian GNU/Linux", OSVersion: "VERSION_ID in /etc/os-release"},
			network: NetworkEthernet, netWhy: "default route via enp3s0 (wired, driver r8169)",
		},
		{
			root:    "wwan-modem",
			info:    Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "40"},
			sources: Sources{Model: "battery BAT1", Version: "Chrome", OSName: "Fedora Linux", OSVersion: "VERSION_ID"},
			network: NetworkCellular, netWhy: "default route via wwan0 (cellular modem, DEVTYPE=wwan)",
		},
		{
			root:    "qmi-modem",
			info:    Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "3.20.3"},
			sources: Sources{Model: "/sys/class/power_supply is not readable", OSName: "Alpine Linux", OSVersion: "VERSION_ID"},
			network: NetworkCellular, netWhy: "default route via usb0 (cellular modem, driver qmi_wwan)",
		},
		{
			root:    "container",
			info:    Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "3.20.3"},
			sources: Sources{Model: "no battery", OSName: "Alpine Linux", OSVersion: "VERSION_ID"},
			network: NetworkOther, netWhy: "default route via eth0 (no physical device behind it",
		},
		{
			root:    "no-route",
			info:    Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "12"},
			sources: Sources{Model: "no battery in /sys/class/power_supply", OSVersion: "VERSION_ID"},
			network: NetworkOther, netWhy: "no default route",
		},
		{
			root:    "arch-ipv6-only",
			info:    Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "6.9.7-arch1-1"},
			sources: Sources{OSName: "Arch Linux", OSVersion: "kernel release in /proc/sys/kernel/osrelease (no VERSION_ID in /etc/os-release)"},
			network: NetworkEthernet, netWhy: "IPv6 default route via enp5s0 (wired, driver igc)",
		},
		{
			root:    "wireguard-vpn",
			info:    Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "20240920"},
			sources: Sources{OSName: "openSUSE Tumbleweed (NAME in /usr/lib/os-release)", OSVersion: "VERSION_ID in /usr/lib/os-release"},
			network: NetworkOther, netWhy: "default route via wg0 (a WireGuard VPN tunnel)",
		},
	}
	for _, c := range cases {
		t.Run(c.root, func(t *testing.T) {
			d := DetectLinux(filepath.Join("testdata", c.root))
			if !sameInfo(d.Info, c.info) {
				t.Errorf("Info = %+v, want %+v", d.Info, c.info)
			}
			for _, s := range []struct{ name, got, want string }{
				{"Model", d.Sources.Model, c.sources.Model},
				{"Version", d.Sources.Version, c.sources.Version},
				{"OSName", d.Sources.OSName, c.sources.OSName},
				{"OSVersion", d.Sources.OSVersion, c.sources.OSVersion},
			} {
				if s.got == "" {
					t.Errorf("Sources.%s is empty", s.name)
				}
				if !strings.Contains(s.got, s.want) {
					t.Errorf("Sources.%s = %q, want it to mention %q", s.name, s.got, s.want)
				}
			}
			if d.Network != c.network {
				t.Errorf("Network = %q, want %q", d.Network, c.network)
			}
			if !strings.Contains(d.NetworkSource, c.netWhy) {
				t.Errorf("NetworkSource = %q, want it to mention %q", d.NetworkSource, c.netWhy)
			}
			if strings.Contains(d.NetworkSource+d.Sources.Model+d.Sources.OSName+d.Sources.OSVersion, "testdata") {
				t.Errorf("sources leak the root directory: %+v %q", d.Sources, d.NetworkSource)
			}
		})
	}
}

func TestDetectLinuxEmptyRoot(t *testing.T) {
	d := DetectLinux(t.TempDir())
	want := Info{Model: "desktop", Version: "Chrome", OSName: "Linux", OSVersion: "unknown"}
	if !sameInfo(d.Info, want) {
		t.Errorf("Info = %+v, want %+v", d.Info, want)
	}
	if d.Network != NetworkOther || !strings.Contains(d.NetworkSource, "no default route") {
		t.Errorf("Network = %q (%q), want other with no default route", d.Network, d.NetworkSource)
	}
	if !strings.Contains(d.Sources.OSVersion, "not found") {
		t.Errorf("Sources.OSVersion = %q, want it to say not found", d.Sources.OSVersion)
	}
}

func TestParseOSRelease(t *testing.T) {
	got := parseOSRelease([]byte("# comment\nNAME=\"Foo \\\"Bar\\\" OS\"\nID='foo'\nVERSION_ID=1.2\nbroken line\n\nEMPTY=\n"))
	want := map[string]string{"NAME": `Foo "Bar" OS`, "ID": "foo", "VERSION_ID": "1.2", "EMPTY": ""}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestDetectThisMachine(t *testing.T) {
	d := Detect()
	for name, v := range map[string]string{
		"Model": d.Info.Model, "Version": d.Info.Version, "OSName": d.Info.OSName, "OSVersion": d.Info.OSVersion,
		"Sources.Model": d.Sources.Model, "Sources.Version": d.Sources.Version, "Sources.OSName": d.Sources.OSName,
		"Sources.OSVersion": d.Sources.OSVersion, "NetworkSource": d.NetworkSource,
	} {
		if v == "" {
			t.Errorf("%s is empty", name)
		}
	}
	if !d.Network.Valid() {
		t.Errorf("Network = %q, not a valid type", d.Network)
	}
	if d.Info.Model != "desktop" {
		t.Errorf("Model = %q, want desktop (what web clients send)", d.Info.Model)
	}
	if _, err := Decode(Encode(d.Info)); err != nil {
		t.Errorf("this machine's info does not round trip: %v", err)
	}
}
