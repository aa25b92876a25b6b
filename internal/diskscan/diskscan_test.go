package diskscan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindSeesEveryByteAndSkipsHoles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, parts ...func(*os.File)) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, p := range parts {
			p(f)
		}
	}
	text := func(s string) func(*os.File) {
		return func(f *os.File) {
			if _, err := f.WriteString(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	hole := func(n int64) func(*os.File) {
		return func(f *os.File) {
			if _, err := f.Seek(n, 1); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A secret straddling the 4 MiB read boundary, one after a 64 MiB hole,
	// and one in a small file.
	write("a", text(strings.Repeat("x", 4<<20-3)), text("Wilhelmina"))
	write("b", text("head"), hole(64<<20), text("Quarrington"), hole(1<<20))
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	write("sub/c", text("nhs 943 476 5919."))
	write("d", text("nothing here"))
	got, err := Find(dir, "Wilhelmina", "Quarrington", "943 476 5919", "absent")
	if err != nil {
		t.Fatal(err)
	}
	want := `"Wilhelmina" in a|"Quarrington" in b|"943 476 5919" in c`
	if strings.Join(got, "|") != want {
		t.Fatalf("Find = %q, want %q", got, want)
	}
}
