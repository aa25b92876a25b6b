package lock

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/demo"
)

// TestLockScreensNameTheDemoStaff: each lock screen in the pictures that
// is about someone names one of the demo's own staff (demo.Staff, who
// `make run` puts on a demo device), and every staff tile is one of them,
// so the pictures match what the app shows. They named made-up people
// (Ada Lovelace, Val Jones, Nia Okoro) before.
func TestLockScreensNameTheDemoStaff(t *testing.T) {
	test.NewTempApp(t)
	screens, err := Screens(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range demo.Staff() {
		names[s.Name] = true
	}
	about := map[string]string{ // screen: whom it shows
		"setup": "Alex Morgan", "restore-backup": "Alex Morgan", "unlock-pin": "Priya Shah", "unlock-wrong-pin": "Bev Okafor",
		"unlock-hand-back": "Priya Shah", "unlock-locked-out": "Sam Green",
		"unlock-first-time": "Hannah Wright", "unlock-new-staff": "Hannah Wright",
	}
	seen := map[string]bool{}
	for _, sc := range screens {
		seen[sc.Name] = true
		w := test.NewWindow(sc.Content)
		w.Resize(fyne.NewSize(1280, 800))
		texts := screenTexts(sc.Content)
		all := strings.Join(texts, "\n")
		if who, ok := about[sc.Name]; ok && !strings.Contains(all, who) {
			t.Errorf("%s does not name %s:\n%s", sc.Name, who, all)
		}
		if !names[about[sc.Name]] && about[sc.Name] != "" {
			t.Errorf("%s is meant to show %s, who is not in the demo", sc.Name, about[sc.Name])
		}
		for _, tx := range texts {
			for _, made := range []string{"Ada Lovelace", "Val Jones", "Nia Okoro", "Rosa Diaz", "Tom Baker", "Sam Okafor"} {
				if strings.Contains(tx, made) {
					t.Errorf("%s names %s, who is not in the demo", sc.Name, made)
				}
			}
		}
		w.Close()
	}
	for name := range about {
		if !seen[name] {
			t.Errorf("no %s screen", name)
		}
	}
}

// screenTexts is every text on a screen: labels, buttons, entries.
func screenTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		switch x := x.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *widget.Entry:
			out = append(out, x.Text)
		case *widget.RichText:
			out = append(out, x.String())
		case *canvas.Text:
			out = append(out, x.Text)
		}
	}
	return out
}
