package gcpolicy

import (
	"runtime/debug"
	"testing"
)

func TestForDevice(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct {
		name string
		gogc string
		want int
	}{
		{"the device's own", "", DevicePercent},
		{"GOGC wins", "80", 80},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.gogc)
			debug.SetGCPercent(80) // as the runtime would have from GOGC=80
			ForDevice()
			if got := debug.SetGCPercent(100); got != tc.want {
				t.Fatalf("GOGC %q: collecting at %d%%, want %d%%", tc.gogc, got, tc.want)
			}
		})
	}
}
