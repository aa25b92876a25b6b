package app

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/app/internal/uitest"
)

// TestFirstRunSaysDemoDataCannotConnectLater: Settings refuses to connect
// a device that holds demo data, so the welcome screen warns of it beside
// the demo button and promises nowhere that every choice can be changed
// later: an administrator trying the demo on the real tablet would find
// out only when connecting it.
func TestFirstRunSaysDemoDataCannotConnectLater(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.u.opts.Demo = func() error { return nil }
	if err := h.u.ShowScene("first-run"); err != nil {
		t.Fatal(err)
	}
	text := uitest.LaidOutText(h.w.Canvas().Content())
	if !strings.Contains(text, "demo data never connects to your organisation's server") {
		t.Errorf("the welcome screen does not warn that a demo device cannot connect to a server:\n%s", text)
	}
	if strings.Contains(text, "change this later") {
		t.Errorf("the welcome screen promises every choice can be changed later, which demo data cannot:\n%s", text)
	}
}
