// Package packaging holds what Gather's installers are made from (the
// systemd unit, the .deb maintainer scripts, the Windows README) and the
// tests that check the packages scripts/package.sh builds. It has no code.
package packaging
