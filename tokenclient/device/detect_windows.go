package device

import (
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// detect describes this Windows machine: release from the registry, battery
// from GetSystemPowerStatus, network from the adapter of the best route.
func detect() Detection {
	var d Detection
	d.Info.Version, d.Sources.Version = DefaultVersion, versionSource
	d.Info.OSName, d.Sources.OSName = "Windows", "running on Windows"
	d.Info.OSVersion, d.Sources.OSVersion = windowsVersion()
	d.Info.Model, d.Sources.Model = windowsModel()
	d.Network, d.NetworkSource = windowsNetwork()
	return d
}

// windowsVersion reads ProductName, DisplayVersion and CurrentBuild.
func windowsVersion() (string, string) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows NT\CurrentVersion`, registry.QUERY_VALUE)
	if err != nil {
		return windowsRelease("", "", "")
	}
	defer k.Close()
	product, _, _ := k.GetStringValue("ProductName")
	display, _, _ := k.GetStringValue("DisplayVersion")
	build, _, _ := k.GetStringValue("CurrentBuild")
	return windowsRelease(product, display, build)
}

// systemPowerStatus mirrors SYSTEM_POWER_STATUS.
type systemPowerStatus struct {
	ACLineStatus        byte
	BatteryFlag         byte
	BatteryLifePercent  byte
	SystemStatusFlag    byte
	BatteryLifeTime     uint32
	BatteryFullLifeTime uint32
}

// procGetSystemPowerStatus is kernel32's GetSystemPowerStatus.
var procGetSystemPowerStatus = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetSystemPowerStatus")

// windowsModel is always "desktop", what web clients send on every desktop
// OS; the source says whether a system battery makes it a laptop.
func windowsModel() (string, string) {
	var s systemPowerStatus
	if r, _, _ := procGetSystemPowerStatus.Call(uintptr(unsafe.Pointer(&s))); r == 0 {
		return "desktop", "default: GetSystemPowerStatus failed"
	}
	switch s.BatteryFlag {
	case 128:
		return "desktop", "no system battery (GetSystemPowerStatus)"
	case 255:
		return "desktop", "battery status unknown (GetSystemPowerStatus)"
	}
	return "desktop", "system battery (GetSystemPowerStatus): a laptop, sent as desktop as web clients do"
}

// windowsNetwork finds the adapter Windows would use to reach the internet
// and classifies it by interface type. No packet is sent.
func windowsNetwork() (NetworkType, string) {
	var idx uint32
	probe := &windows.SockaddrInet4{Addr: [4]byte{8, 8, 8, 8}}
	if err := windows.GetBestInterfaceEx(probe, &idx); err != nil {
		return NetworkOther, "no default route (GetBestInterfaceEx: " + err.Error() + ")"
	}
	size := uint32(16 << 10)
	var buf []byte
	var err error
	for range 3 {
		buf = make([]byte, size)
		err = windows.GetAdaptersAddresses(windows.AF_UNSPEC, 0, 0,
			(*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0])), &size)
		if err != windows.ERROR_BUFFER_OVERFLOW {
			break
		}
	}
	if err != nil {
		return NetworkOther, "adapter list unavailable (GetAdaptersAddresses: " + err.Error() + ")"
	}
	for a := (*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0])); a != nil; a = a.Next {
		if a.IfIndex == idx {
			t, why := classifyWindowsIfType(windows.UTF16PtrToString(a.FriendlyName), a.IfType)
			return t, "default route via " + why
		}
	}
	return NetworkOther, "the default route's adapter is not in the adapter list"
}
