package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// startOnlyEnv, when set, makes this test binary exit as soon as its
// packages are initialised (TestMain), so a test can see what they logged.
const startOnlyEnv = "GATHER_TEST_START_ONLY"

func TestMain(m *testing.M) {
	if os.Getenv(startOnlyEnv) != "" {
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestNoLocaleErrorAtStart: on a machine whose locale is C.UTF-8 (Debian's
// default), Gather starts without Fyne logging "Error parsing user locale
// C". Fyne reads the locale while its packages are initialised, before
// main runs (see internal/quietlocale), so this starts a process with
// Gather's packages and nothing else.
func TestNoLocaleErrorAtStart(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = []string{startOnlyEnv + "=1", "LANG=C.UTF-8"}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES":
		default:
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("starting: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "locale") {
		t.Errorf("starting with LANG=C.UTF-8 logged:\n%s", out)
	}
}
