package client_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/gather-sp/gather/internal/pgtest"
)

// TestMain stops the PostgreSQL cluster a run on PostgreSQL started
// (testenv.BackendEnv). With firstPullEnv set, the binary is instead the
// pulling device of BenchmarkFirstPull100kMarks, and with rawFloorEnv set
// it measures that benchmark's raw-Badger floor.
func TestMain(m *testing.M) {
	if arg := os.Getenv(firstPullEnv); arg != "" {
		if err := firstPullDevice(arg); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if arg := os.Getenv(rawFloorEnv); arg != "" {
		if err := rawBadgerFloor(arg); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	pgtest.Main(m)
}
