// Package version says which release of Gather this program is: the
// version in cmd/gather/FyneApp.toml and the commit it was built from. The
// app, the server and the server's health answer all read it here.
package version
