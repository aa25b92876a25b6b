//go:build !unix

package cputime

import "time"

// Process is 0 where the process's processor time is not read (Windows):
// benchmarks then report wall time only.
func Process() time.Duration { return 0 }
