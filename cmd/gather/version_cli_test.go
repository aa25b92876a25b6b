package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gather-sp/gather/version"
)

func TestVersionFlag(t *testing.T) {
	for _, arg := range []string{"--version", "-version", "version"} {
		var out bytes.Buffer
		if err := run([]string{arg}, nil, &out); err != nil {
			t.Fatalf("gather %s: %v", arg, err)
		}
		if got := strings.TrimSpace(out.String()); got != version.String("Gather") {
			t.Errorf("gather %s printed %q", arg, got)
		}
	}
}
