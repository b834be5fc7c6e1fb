package device

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// macOSName is the osName sent for macOS, as in the web-macos preset: the
// value solthoth/football-picks sends (scripts/fetch_nfl_schedule.py,
// DEVICE_INFO, with osVersion 10.15.7 and version "Chrome Headless").
const macOSName = "macOS"

// commandTimeout bounds each system command Detect runs.
const commandTimeout = 2 * time.Second

// detect describes this Mac: product version, battery, default route.
func detect() Detection {
	var d Detection
	d.Info.Version, d.Sources.Version = DefaultVersion, versionSource
	d.Info.OSName, d.Sources.OSName = macOSName, "running on macOS (named as the web client names it)"
	d.Info.OSVersion, d.Sources.OSVersion = darwinVersion()
	d.Info.Model, d.Sources.Model = darwinModel()
	d.Network, d.NetworkSource = darwinNetwork()
	return d
}

// darwinVersion reads the product version from sw_vers, else SystemVersion.plist.
func darwinVersion() (string, string) {
	if out, err := run("sw_vers", "-productVersion"); err == nil {
		if v := strings.TrimSpace(out); v != "" {
			return v, "sw_vers -productVersion"
		}
	}
	const plist = "/System/Library/CoreServices/SystemVersion.plist"
	if b, err := os.ReadFile(plist); err == nil {
		if v := parseSystemVersionPlist(b); v != "" {
			return v, "ProductVersion in " + plist
		}
	}
	return unknownVersion, "not found: sw_vers failed and " + plist + " is unreadable"
}

// darwinModel is always "desktop", what web clients send on every desktop
// OS; the source says whether a battery or a MacBook model makes it a laptop.
func darwinModel() (string, string) {
	if out, err := run("pmset", "-g", "batt"); err == nil && pmsetHasBattery(out) {
		return "desktop", "internal battery in pmset -g batt: a laptop, sent as desktop as web clients do"
	}
	if m, err := unix.Sysctl("hw.model"); err == nil {
		if strings.Contains(m, "MacBook") {
			return "desktop", "hw.model " + m + ": a laptop, sent as desktop as web clients do"
		}
		return "desktop", "no battery in pmset -g batt; hw.model " + m
	}
	return "desktop", "no battery in pmset -g batt"
}

// darwinNetwork classifies the interface of the default route.
func darwinNetwork() (NetworkType, string) {
	out, err := run("route", "-n", "get", "default")
	iface := parseRouteGetInterface(out)
	if err != nil || iface == "" {
		return NetworkOther, "no default route (route -n get default)"
	}
	ports := ""
	if p, err := run("networksetup", "-listallhardwareports"); err == nil {
		ports = p
	}
	t, why := classifyDarwinPort(iface, parseHardwarePorts(ports)[iface])
	return t, "default route via " + iface + " (" + why + ")"
}

// run runs a command with a short timeout and returns its standard output.
func run(name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).Output()
	return string(out), err
}
