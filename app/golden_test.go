package app

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// TestGolden renders key screens and compares them with testdata/, allowing
// small differences (anti-aliasing, font hinting). Run with -update to
// accept a change, and look at the new pictures before committing them.
func TestGolden(t *testing.T) {
	cases := []struct {
		scene      string
		size       fyne.Size
		appearance string
	}{
		{"today", fyne.NewSize(1280, 800), AppearanceLight},
		{"register", fyne.NewSize(1280, 800), AppearanceLight},
		{"register", fyne.NewSize(800, 1280), AppearanceDark},
		{"register-mark", fyne.NewSize(800, 1280), AppearanceLight},
		{"walk-in-duplicate", fyne.NewSize(1280, 800), AppearanceLight},
		{"person", fyne.NewSize(1280, 800), AppearanceLight},
	}
	for _, tc := range cases {
		name := fmt.Sprintf("%s-%dx%d-%s", tc.scene, int(tc.size.Width), int(tc.size.Height), tc.appearance)
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, true, tc.size)
			h.u.SetAppearance(TextNormal, tc.appearance)
			if err := h.u.ShowScene(tc.scene); err != nil {
				t.Fatal(err)
			}
			h.w.Resize(tc.size)
			got := h.w.Canvas().Capture()
			path := filepath.Join("testdata", name+".png")
			if *update {
				writePNG(t, path, got)
				return
			}
			want := readPNG(t, path)
			if diff := imageDiff(got, want); diff > 0.01 {
				failed := filepath.Join("testdata", "failed", name+".png")
				writePNG(t, failed, got)
				t.Fatalf("%.2f%% of pixels differ from %s; the new picture is in %s (go test ./app -run TestGolden -update accepts it)", diff*100, path, failed)
			}
		})
	}
}

// imageDiff is the share of pixels that differ by more than a little in
// any channel; images of different sizes differ entirely.
func imageDiff(a, b image.Image) float64 {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 1
	}
	ab, bb := a.Bounds(), b.Bounds()
	n := 0
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			r1, g1, b1, _ := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) {
				n++
			}
		}
	}
	return float64(n) / float64(ab.Dx()*ab.Dy())
}

func far(a, b uint32) bool {
	d := int(a>>8) - int(b>>8)
	return d > 24 || d < -24
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no golden image %s (run with -update to make it): %v", path, err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}
