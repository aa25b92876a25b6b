package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An admin command given a folder with no store (the .deb's parent folder
// instead of its data folder) refuses and names the right one. It used to
// make an empty store there, and backup wrote a backup of nothing and
// reported success.
func TestAdminCommandsRefuseAFolderWithNoStore(t *testing.T) {
	parent := t.TempDir()
	newStore(t, filepath.Join(parent, "data")) // the .deb's layout
	out := filepath.Join(t.TempDir(), "server.backup")
	newKey := filepath.Join(t.TempDir(), "new.key")
	if msg, code := cli(t, "init-key", "--key-file", newKey); code != 0 {
		t.Fatal(msg)
	}
	for _, args := range [][]string{
		{"backup", "--out", out},
		{"devices"},
		{"add-venue", "--name", "Hall"},
		{"create-code", "--organisation"},
		{"revoke", "--device", "x"},
		{"rotate-epoch"},
		{"adopt-organisation", "--name", "3f9c2a1b7d4e6f80"},
		{"rotate-key", "--new-key-file", newKey},
	} {
		t.Run(args[0], func(t *testing.T) {
			msg, code := cli(t, append([]string{args[0], "--data", parent}, args[1:]...)...)
			if code != 1 || !strings.Contains(msg, "there is no server store in "+parent) || !strings.Contains(msg, debData) {
				t.Errorf("exit %d, %q; want a refusal naming %s", code, msg, debData)
			}
		})
	}
	for _, p := range []string{filepath.Join(parent, "db"), parent + ".key", out} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a refused command left %s", p)
		}
	}
}

// A command run as another user than the data folder's owner (root on the
// .deb's folder) refuses before it writes there, and says how to run it.
func TestCommandsRefuseAFolderAnotherUserOwns(t *testing.T) {
	data := t.TempDir()
	owned := func(db, folder int) func(string) (int, bool) {
		return func(p string) (int, bool) {
			switch {
			case strings.HasSuffix(p, "db") && db >= 0:
				return db, true
			case p == data && folder >= 0:
				return folder, true
			}
			return 0, false
		}
	}
	cases := []struct {
		name  string
		euid  int
		owner func(string) (int, bool)
		fails bool
	}{
		{"root on the service's store", 0, owned(990, 990), true},
		{"the store's owner", 990, owned(990, 0), false},
		{"root on a folder the service owns, before its first start", 0, owned(-1, 990), true},
		{"its owner on an empty folder", 990, owned(-1, 990), false},
		{"a folder not made yet", 0, owned(-1, -1), false},
		{"no user ids (Windows)", -1, owned(990, 990), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := ownerError(data, tc.euid, tc.owner)
			if (err != nil) != tc.fails {
				t.Fatalf("got %v; want a refusal: %v", err, tc.fails)
			}
			if err != nil && !strings.Contains(err.Error(), "sudo -u ") {
				t.Errorf("the refusal does not say how to run it: %v", err)
			}
		})
	}
}
