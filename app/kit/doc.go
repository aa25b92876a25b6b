// Package kit holds the few layout and widget helpers every Gather screen
// package shares (the shell, lock, casework, reports), so a touch target or
// a wrapped label means the same everywhere: the smallest size a finger
// taps, a container that gives its content at least a size, and the
// buttons and labels built the same way on every screen.
package kit
