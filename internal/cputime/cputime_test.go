package cputime

import (
	"runtime"
	"testing"
	"time"
)

func TestProcessCountsWork(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("processor time is not read on Windows")
	}
	before := Process()
	deadline := time.Now().Add(50 * time.Millisecond)
	for x := 0; time.Now().Before(deadline); x++ {
		_ = x * x
	}
	if used := Process() - before; used <= 0 {
		t.Errorf("50 ms of work used %v of processor time", used)
	}
}
