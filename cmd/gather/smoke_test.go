package main

import (
	"context"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/demo"
)

// TestRealWindow builds the real binary, writes demo data into a temporary
// store, starts Gather under Xvfb unlocked as the garden's facilitator with
// the garden group's register open (--register), and screenshots the screen
// with ImageMagick's import until the window has drawn the register (or
// gives up after a generous limit). It checks the picture is the register,
// not a blank or half-drawn frame: many distinct colours, the app's
// background, the green of the people marked here, and the grey of the
// "Mark here" buttons down the rows (Today has only a little of that grey).
func TestRealWindow(t *testing.T) {
	if testing.Short() {
		t.Skip("the real-window smoke test builds and starts the app; skipped with -short")
	}
	for _, tool := range []string{"xvfb-run", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install xvfb imagemagick); the real-window smoke test needs it", tool)
		}
	}
	dir := t.TempDir()
	bin, data := buildWithDemo(t, dir)

	shots := filepath.Join(dir, "shots")
	os.MkdirAll(shots, 0o755)
	stop := filepath.Join(dir, "stop")
	// Inside Xvfb: start the app, then take a screenshot every second until
	// the test has seen a good one (it creates the stop file) or 90 tries.
	// The records are encrypted: the facilitator's PIN comes on stdin.
	script := `echo "$PIN" | "$BIN" --data "$DATA" --as demo-staff-bev --pin-stdin --register demo-act-garden > "$DIR/app.log" 2>&1 &
APP=$!
i=0
while [ $i -lt 90 ] && [ ! -e "$STOP" ] && kill -0 $APP 2>/dev/null; do
  sleep 1
  import -window root "$SHOTS/tmp.png" 2>/dev/null && mv "$SHOTS/tmp.png" "$SHOTS/shot-$i.png"
  i=$((i+1))
done
kill $APP 2>/dev/null
wait $APP 2>/dev/null
exit 0`
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "BIN="+bin, "DATA="+data, "DIR="+dir, "STOP="+stop, "SHOTS="+shots, "LANG=en_GB.UTF-8", "PIN="+demo.PIN)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	var best frameStats
	seen := map[string]bool{}
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		case <-time.After(500 * time.Millisecond):
		}
		files, _ := filepath.Glob(filepath.Join(shots, "shot-*.png"))
		for _, f := range files {
			if seen[f] {
				continue
			}
			seen[f] = true
			st, err := statsOf(f)
			if err != nil {
				continue
			}
			if st.score() > best.score() {
				best = st
				best.path = f
			}
			if st.good() && !finished {
				os.WriteFile(stop, nil, 0o644)
			}
		}
	}
	log, _ := os.ReadFile(filepath.Join(dir, "app.log"))
	if best.path == "" {
		t.Fatalf("no screenshot was taken; the app said:\n%s", log)
	}
	if keep := os.Getenv("GATHER_SMOKE_SHOT"); keep != "" {
		b, _ := os.ReadFile(best.path)
		os.WriteFile(keep, b, 0o644)
	}
	t.Logf("best frame: %d colours, %.0f%% background, %d green pixels, %d mark-button pixels", best.colours, best.background*100, best.green, best.markGrey)
	if !best.good() {
		t.Fatalf("the window did not draw the register (%d colours, %.0f%% background, %d green pixels, %d mark-button pixels); the app said:\n%s",
			best.colours, best.background*100, best.green, best.markGrey, strings.TrimSpace(string(log)))
	}
	if !strings.Contains(string(log), "register open") {
		t.Errorf("the app did not say it opened the register; it said:\n%s", log)
	}
}

type frameStats struct {
	path       string
	colours    int
	background float64 // share of pixels in the app's light background colour
	green      int     // pixels in the primary green (people marked here)
	markGrey   int     // pixels in the grey of the "Mark here" buttons
}

// good is a drawn register: Today at the same size has under 20,000 pixels
// of the buttons' grey, a register with a dozen rows over 70,000.
func (s frameStats) good() bool {
	return s.colours >= 64 && s.background > 0.2 && s.green > 2000 && s.markGrey > 45000
}

func (s frameStats) score() int { return s.colours + s.green + s.markGrey }

func near(c color.Color, want color.NRGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) int {
		v := int(x>>8) - int(y)
		if v < 0 {
			v = -v
		}
		return v
	}
	return d(r, want.R) <= tol && d(g, want.G) <= tol && d(b, want.B) <= tol
}

func statsOf(path string) (frameStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return frameStats{}, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return frameStats{}, err
	}
	var st frameStats
	colours := map[uint32]bool{}
	bg := color.NRGBA{0xf7, 0xf5, 0xef, 0xff}
	green := color.NRGBA{0x2e, 0x7d, 0x5b, 0xff}
	markGrey := color.NRGBA{0xe6, 0xe9, 0xe2, 0xff}
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.At(x, y)
			r, g, bl, _ := c.RGBA()
			colours[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
			if near(c, bg, 2) {
				n++
			}
			if near(c, green, 6) {
				st.green++
			}
			if near(c, markGrey, 3) {
				st.markGrey++
			}
		}
	}
	st.colours = len(colours)
	st.background = float64(n) / float64(b.Dx()*b.Dy())
	return st, nil
}

// buildWithDemo builds the real binary into dir and writes demo data into
// a store there, returning the binary's and the store's paths.
func buildWithDemo(t *testing.T, dir string) (bin, data string) {
	t.Helper()
	bin = filepath.Join(dir, "gather")
	// "." is this package, cmd/gather: the real desktop binary.
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data = filepath.Join(dir, "data")
	if out, err := exec.Command(bin, "demo", "--data", data).CombinedOutput(); err != nil {
		t.Fatalf("gather demo: %v\n%s", err, out)
	}
	return bin, data
}
