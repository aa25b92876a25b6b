// Package cputime reads the processor time this process has used (user and
// system, all its threads), which benchmarks report beside the wall time: on
// a shared machine other work stretches the wall time, not this.
package cputime
