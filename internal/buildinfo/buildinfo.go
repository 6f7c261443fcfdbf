// Package buildinfo tells which DBackup version this binary is.
package buildinfo

import "runtime/debug"

// version is set at link time: go build -ldflags "-X github.com/dbackup/dbackup/internal/buildinfo.version=v1.2.3".
var version = ""

// Version returns the linked version, else the module version recorded by `go install`, else "dev".
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
