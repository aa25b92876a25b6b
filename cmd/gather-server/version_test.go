package main

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/version"
)

func TestVersionFlag(t *testing.T) {
	for _, arg := range []string{"--version", "-version", "version"} {
		out, code := cli(t, arg)
		if code != 0 || strings.TrimSpace(out) != version.String("gather-server") {
			t.Errorf("gather-server %s: exit %d, printed %q", arg, code, out)
		}
	}
}
