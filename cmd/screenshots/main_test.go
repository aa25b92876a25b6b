package main

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/storage"
)

// TestTextSizeShotsShowTheWholeFooter: the text-size pictures show what a
// person sees at that size, so the footer has Lock now and a sync status
// with changes waiting: the things large text must make room for.
func TestTextSizeShotsShowTheWholeFooter(t *testing.T) {
	st, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 21, 10, 20, 0, 0, time.Local)
	if _, err := demo.Generate(st, demo.Options{Seed: 1, Today: now}); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	w, err := textSizeShot(a, st, now, t.TempDir(), app.TextLargest, fyne.NewSize(800, 1280))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var lock bool
	var status string
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		switch x := o.(type) {
		case *widget.Button:
			lock = lock || x.Text == "Lock now" && x.Visible()
		case *widget.Label:
			if strings.Contains(x.Text, "waiting to send") {
				status = x.Text
			}
		}
	}
	if !lock {
		t.Error("the text-size shot has no Lock now")
	}
	if !strings.Contains(status, "12 changes waiting to send") {
		t.Errorf("the text-size shot's sync status is %q, want one with changes waiting", status)
	}
}
