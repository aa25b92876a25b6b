package server_test

import (
	"testing"

	"github.com/gather-sp/gather/internal/pgtest"
)

// TestMain stops the PostgreSQL cluster a run on PostgreSQL started
// (testenv.BackendEnv).
func TestMain(m *testing.M) { pgtest.Main(m) }
