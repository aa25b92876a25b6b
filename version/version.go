package version

import (
	"fmt"
	"runtime/debug"
)

// Version is this release. TestVersionMatchesFyneApp keeps it equal to
// [Details] Version in cmd/gather/FyneApp.toml, which the packaging reads.
const Version = "0.1.0"

// commit is set at link time by the Makefile and scripts/package.sh
// (-ldflags -X), for builds where the toolchain records no VCS details
// (-buildvcs=false, or a copy of the sources without .git).
var commit string

// Commit is the commit the binary was built from, with "-modified" when the
// tree had uncommitted changes; "unknown" when nobody recorded it.
func Commit() string {
	if commit != "" {
		return commit
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "-modified"
			}
		}
	}
	if rev == "" {
		return "unknown"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return rev + modified
}

// String is the line a program prints for --version.
func String(program string) string {
	return fmt.Sprintf("%s %s (commit %s)", program, Version, Commit())
}
