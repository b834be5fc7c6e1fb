package device

import (
	"os"
	"path/filepath"
	"testing"
)

// TestClassifyRealSysfsLayout builds the layout the kernel really uses, where
// /sys/class/net/<if> and its device, driver and phy80211 entries are
// symlinks, and checks classification follows them.
func TestClassifyRealSysfsLayout(t *testing.T) {
	root := t.TempDir()
	mk := func(p string) {
		if err := os.MkdirAll(filepath.Join(root, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		mk(filepath.Dir(p))
		if err := os.WriteFile(filepath.Join(root, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, p string) {
		mk(filepath.Dir(p))
		if err := os.Symlink(target, filepath.Join(root, p)); err != nil {
			t.Fatal(err)
		}
	}
	pci := "sys/devices/pci0000:00/0000:00:1c.0/0000:03:00.0"
	write(pci+"/net/enp3s0/type", "1\n")
	mk("sys/bus/pci/drivers/e1000e")
	link("../../../../bus/pci/drivers/e1000e", pci+"/driver")
	link("../../../0000:03:00.0", pci+"/net/enp3s0/device")
	link("../../devices/pci0000:00/0000:00:1c.0/0000:03:00.0/net/enp3s0", "sys/class/net/enp3s0")

	wl := "sys/devices/pci0000:00/0000:00:14.3"
	write(wl+"/net/wlp0s20f3/type", "1\n")
	mk(wl + "/ieee80211/phy0")
	link("../../ieee80211/phy0", wl+"/net/wlp0s20f3/phy80211")
	link("../../devices/pci0000:00/0000:00:14.3/net/wlp0s20f3", "sys/class/net/wlp0s20f3")

	write("sys/devices/virtual/net/veth1a2b/type", "1\n")
	link("../../devices/virtual/net/veth1a2b", "sys/class/net/veth1a2b")

	for _, c := range []struct {
		iface string
		want  NetworkType
		why   string
	}{
		{"enp3s0", NetworkEthernet, "wired, driver e1000e"},
		{"wlp0s20f3", NetworkWifi, "wireless"},
		{"veth1a2b", NetworkOther, "a veth pair, as used for containers"},
		{"nosuch0", NetworkOther, "/sys/class/net/nosuch0 is missing, so its kind is unknown"},
	} {
		got, why := classifyLinuxIface(root, c.iface)
		if got != c.want || why != c.why {
			t.Errorf("%s: got %q (%q), want %q (%q)", c.iface, got, why, c.want, c.why)
		}
	}
}
