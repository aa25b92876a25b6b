package version

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestVersionMatchesFyneApp(t *testing.T) {
	b, err := os.ReadFile("../cmd/gather/FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if string(m[1]) != Version {
		t.Errorf("FyneApp.toml says %s, version.Version says %s: change both together", m[1], Version)
	}
}

func TestString(t *testing.T) {
	s := String("Gather")
	if !strings.HasPrefix(s, "Gather "+Version+" (commit ") || !strings.HasSuffix(s, ")") {
		t.Errorf("String = %q", s)
	}
}
