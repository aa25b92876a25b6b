package uitest

import (
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestEntryAndSelect(t *testing.T) {
	test.NewTempApp(t)
	name, town := widget.NewEntry(), widget.NewEntry()
	name.SetText("Garden group")
	town.PlaceHolder = "Street and town"
	day := widget.NewSelect([]string{"Monday"}, nil)
	day.PlaceHolder = "Choose a day"
	o := container.NewVScroll(container.NewVBox(name, container.NewHBox(town, day)))
	if Entry(t, o, "Garden group") != name || Entry(t, o, "Street and town") != town {
		t.Error("Entry did not find the entry by its text, or by its placeholder")
	}
	if Select(t, o, "Choose a day") != day {
		t.Error("Select did not find the choice by its placeholder")
	}
}
