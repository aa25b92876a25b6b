package server

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// A conflict record about a person's case field holds a value a venue
// device may not read when the office wrote it. Were it counted at its
// length in the device's budget of logged KiB, when the budget ran out
// would tell the device how long someone's address or NHS number is, or
// whether it is empty: such a value counts the same whatever it holds.
// The device's own values, and those of fields it may read, count as
// they are.
func TestLoggedKiBOfAConflictHidesCaseValuesTheDeviceDidNotWrite(t *testing.T) {
	dev := &Device{ID: "tablet"}
	conflict := func(field, officeValue, mine string, officeWins bool) *record.Entity {
		office := record.FieldState{Value: officeValue, Stamp: hlc.Timestamp{Wall: 2000, Device: "office"}, Staff: "ola"}
		tablet := record.FieldState{Value: mine, Stamp: hlc.Timestamp{Wall: 1000, Device: "tablet"}, Staff: "sam"}
		c := &record.Conflict{Kind: domain.KindPerson, ID: "wally", Field: field, Winner: office, Loser: tablet}
		if !officeWins {
			office.Stamp.Wall, c.Winner, c.Loser = 500, tablet, office
		}
		return conflictEntity(c, ServerDevice)
	}
	for _, officeWins := range []bool{true, false} {
		base := loggedKiB(dev, conflict("address", "", "x", officeWins))
		for _, v := range []string{"1 High St", strings.Repeat("a", 20<<10), strings.Repeat("a", 63<<10)} {
			if got := loggedKiB(dev, conflict("address", v, "x", officeWins)); got != base {
				t.Errorf("office wins %v: a conflict over an office address of %d bytes costs %d KiB, an empty one %d", officeWins, len(v), got, base)
			}
		}
		if base < 64 {
			t.Errorf("office wins %v: a conflict over an office value the device may not read costs %d KiB, want the longest value's", officeWins, base)
		}
		// What the device wrote itself counts as it is.
		if got := loggedKiB(dev, conflict("address", "", strings.Repeat("m", 30<<10), officeWins)); got < base+30 {
			t.Errorf("office wins %v: the device's own 30 KiB value adds %d KiB", officeWins, got-base)
		}
	}
	// A card field the device reads counts as it is.
	small := loggedKiB(dev, conflict("given_name", "Wal", "x", true))
	if big := loggedKiB(dev, conflict("given_name", strings.Repeat("w", 20<<10), "x", true)); big < small+20 || small > 2 {
		t.Errorf("a conflict over a card field costs %d KiB with a short value, %d with a 20 KiB one", small, big)
	}
}
