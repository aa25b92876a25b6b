package admin

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// conflictsShown bounds the cards on screen; the rest wait their turn.
const conflictsShown = 100

// openConflicts counts the conflicts nobody has reviewed yet.
func openConflicts(v *storage.View) int {
	n := 0
	for _, r := range v.All(domain.KindConflict) {
		if r.Get("resolved") == "" {
			n++
		}
	}
	return n
}

// conflictCard is one conflict on screen.
type conflictCard struct {
	conflict   domain.Conflict
	keepWinner *widget.Button
	keepLoser  *widget.Button
	// refusal says why it is not offered here (resolveRefusal), or "".
	refusal string
}

// conflictSection lists values that lost a merge when two devices changed
// the same thing while apart, so that no tick or note is silently lost:
// the administrator keeps one or the other.
type conflictSection struct {
	sh   shell.Shell
	svc  *Services
	root fyne.CanvasObject

	showResolved *widget.Check
	summary      *widget.Label
	msg          *widget.Label
	box          *fyne.Container
	review       *fyne.Container          // the intro, summary and cards
	venueNote    fyne.CanvasObject        // on a venue tablet: reviewed at the office
	cards        map[string]*conflictCard // by conflict id
	// deviceNames are the devices' names by id, from the server's devices
	// list (nil: not asked yet; empty: it could not be had).
	deviceNames map[string]string
	repaint     func() // re-reads the whole screen (the count on its tab)
}

func newConflictSection(sh shell.Shell, svc *Services) *conflictSection {
	s := &conflictSection{sh: sh, svc: svc, cards: map[string]*conflictCard{}}
	s.buildUI()
	return s
}

func (s *conflictSection) content() fyne.CanvasObject { return s.root }

func (s *conflictSection) buildUI() {
	s.showResolved = widget.NewCheck("Show resolved ones too", func(bool) { s.refresh() })
	s.summary = kit.Wrapped("")
	s.summary.TextStyle.Bold = true
	s.msg = adminMessage()
	s.box = container.NewVBox()
	intro := kit.Wrapped("When two devices change the same thing while apart, Gather keeps the later change and sets the other aside here, " +
		"so nothing is lost. Check each one and keep the value that is right.")
	s.review = container.NewVBox(intro, container.NewBorder(nil, nil, nil, kit.Tall(s.showResolved), s.summary), s.msg, s.box)
	s.venueNote = kit.Wrapped("Changes set aside when two devices changed the same thing are reviewed " + kit.OnTheOfficeComputer +
		": the server sends them to no venue tablet.")
	s.venueNote.Hide()
	s.root = container.NewVScroll(container.NewPadded(container.NewVBox(s.venueNote, s.review)))
}

// conflictTime is when the later of a conflict's two writes was made.
func conflictTime(c domain.Conflict) int64 {
	w, _ := hlc.Parse(c.WinnerAt)
	l, _ := hlc.Parse(c.LoserAt)
	return max(w.Wall, l.Wall)
}

func (s *conflictSection) refresh() {
	// The server makes conflict records and sends them to organisation
	// devices only (and takes a resolution from no other), so a venue
	// tablet has none to show: it says where they are instead of
	// "nothing to review".
	if officeOnly(s.sh, s.venueNote, s.review, s.root) {
		return
	}
	v := s.sh.View()
	names := adminStaffNames(v)
	var list []domain.Conflict
	open := 0
	for _, r := range v.All(domain.KindConflict) {
		var c domain.Conflict
		r.Decode(&c)
		if c.Resolved == "" {
			open++
		} else if !s.showResolved.Checked {
			continue
		}
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if a, b := conflictTime(list[i]), conflictTime(list[j]); a != b {
			return a > b
		}
		return list[i].ID < list[j].ID
	})
	switch {
	case open == 0:
		s.summary.SetText("Nothing to review: no changes have been set aside.")
	case open == 1:
		s.summary.SetText("1 change set aside to review")
	default:
		s.summary.SetText(fmt.Sprintf("%d changes set aside to review", open))
	}
	if len(list) > conflictsShown {
		s.summary.SetText(s.summary.Text + fmt.Sprintf(" (showing the newest %d)", conflictsShown))
		list = list[:conflictsShown]
	}
	s.box.Objects = nil
	s.cards = map[string]*conflictCard{}
	for _, c := range list {
		s.box.Add(s.card(v, names, c))
	}
	adminRelayout(s.root)
	if len(list) > 0 && s.deviceNames == nil {
		s.askDeviceNames()
	}
}

// askDeviceNames asks the server for its devices list, once, on a device
// that may have it (an administrator's office device), so the cards name
// the devices a value came from by the names people gave them; then the
// cards are shown again.
func (s *conflictSection) askDeviceNames() {
	s.deviceNames = map[string]string{}
	da := s.svc.deviceAdmin()
	if da == nil {
		return
	}
	var list []shell.DeviceInfo
	var err error
	s.sh.Run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), deviceAdminTimeout)
		defer cancel()
		list, err = da.Devices(ctx)
	}, func() {
		if err != nil {
			return // "another device" stands
		}
		for _, d := range list {
			if strings.TrimSpace(d.Name) != "" {
				s.deviceNames[d.ID] = strings.TrimSpace(d.Name)
			}
		}
		s.refresh()
	})
}

// deviceWords names the device a value was written on as people know it:
// "this device", its name on the server's devices list, or "another
// device", never its random id.
func (s *conflictSection) deviceWords(id string) string {
	switch {
	case id != "" && id == s.sh.Store().Device():
		return "this device"
	case s.deviceNames[id] != "":
		return s.deviceNames[id]
	}
	return "another device"
}

// conflictFieldName is a field as screens name it ("Follow-up interval",
// "First name"): audit.FieldWords, capitalised.
func conflictFieldName(field string) string {
	return kit.CapitalFirst(audit.FieldWords(field))
}

// valueText shows a stored value in words.
func valueText(kind record.Kind, field, value string) string {
	switch {
	case value == "":
		return "(empty)"
	case kind == domain.KindAttendance && field == "status":
		return domain.StatusLabel(value)
	case kind == domain.KindSetting && field == "follow_up_weeks":
		return value + " weeks" // as Settings offers it
	case value == "true":
		return "Yes"
	case value == "false":
		return "No"
	}
	return value
}

func (s *conflictSection) card(v *storage.View, names map[string]string, c domain.Conflict) fyne.CanvasObject {
	kind := record.Kind(c.EntityKind)
	card := &conflictCard{conflict: c}
	s.cards[c.ID] = card
	title := adminKindName(kind)
	if d := adminDescribe(v, kind, c.EntityID); d != "" {
		title += ": " + d
	}
	head := kit.Wrapped(title)
	head.TextStyle.Bold = true
	field := "Field: " + conflictFieldName(c.Field)
	row, exists := v.Get(kind, c.EntityID)
	if !exists {
		field += " · the record has since been deleted or erased"
	} else if now := row.Get(c.Field); now != c.WinnerValue && now != c.LoserValue {
		field += " · changed again since, now " + valueText(kind, c.Field, now)
	}
	side := func(label, value, staff, at string, keep *widget.Button) fyne.CanvasObject {
		val := widget.NewLabelWithStyle(valueText(kind, c.Field, value), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		val.SizeName = theme.SizeNameSubHeadingText
		val.Wrapping = fyne.TextWrapWord
		who := kit.Wrapped(adminStampText(names, staff, at, s.deviceWords))
		who.Importance = widget.LowImportance
		box := container.NewVBox(kit.RowDetail(label), val, who)
		if keep != nil {
			box.Add(container.NewHBox(kit.Tall(keep)))
		}
		return kit.Panel(box)
	}
	if c.Resolved == "" {
		card.refusal = s.resolveRefusal(c)
	}
	if c.Resolved == "" && card.refusal == "" {
		card.keepWinner = kit.BigButton("Keep this one", theme.ConfirmIcon(), widget.MediumImportance, func() { s.onKeep(c, false) })
		card.keepLoser = kit.BigButton("Keep this one", theme.ConfirmIcon(), widget.MediumImportance, func() { s.onKeep(c, true) })
		if !exists {
			card.keepLoser.Disable()
		}
	}
	both := kit.NewColumns(18, true,
		side("Kept by Gather", c.WinnerValue, c.WinnerStaff, c.WinnerAt, card.keepWinner),
		side("Set aside", c.LoserValue, c.LoserStaff, c.LoserAt, card.keepLoser))
	parts := []fyne.CanvasObject{head, kit.RowDetail(field), both}
	if card.refusal != "" {
		why := kit.Wrapped(card.refusal)
		why.Importance = widget.WarningImportance
		parts = append(parts, why)
	}
	if c.Resolved != "" {
		kept := "the value Gather kept"
		if c.Resolved == domain.ResolvedLoser {
			kept = "the value that was set aside"
		}
		done := kit.Wrapped(fmt.Sprintf("Resolved by %s: kept %s.", adminStaffName(names, c.ResolvedBy), kept))
		done.Importance = widget.SuccessImportance
		parts = append(parts, done)
	}
	return container.NewVBox(container.NewVBox(parts...), widget.NewSeparator())
}

// onKeep resolves a conflict. Keeping the set-aside value writes it back
// as a new change, so it becomes the record's value on every device.
func (s *conflictSection) onKeep(c domain.Conflict, loser bool) {
	if why := s.resolveRefusal(c); why != "" {
		s.sh.ShowError("This one is not yours to decide here", nil, why)
		return
	}
	kind := record.Kind(c.EntityKind)
	if loser {
		if _, ok := s.sh.View().Get(kind, c.EntityID); !ok {
			s.sh.ShowError("That value cannot be put back", nil, "The record has been deleted or erased since.")
			return
		}
	}
	if s.sh.Save(domain.ResolveConflict(c, loser, s.sh.Staff().ID)...) != nil {
		return
	}
	value := c.WinnerValue
	if loser {
		value = c.LoserValue
	}
	what := adminKindName(kind)
	if d := adminDescribe(s.sh.View(), kind, c.EntityID); d != "" {
		what += ", " + d
	}
	s.say(s.msg, fmt.Sprintf("%s: %s is %s.", what, conflictFieldName(c.Field), valueText(kind, c.Field, value)), widget.SuccessImportance)
	s.repaint()
}

// resolvedChanges names, for the actions resolving a conflict may need
// (access.ActionToResolve), what keeping either value decides, to follow
// "a decision on".
var resolvedChanges = map[access.Action]string{
	access.ActionChangeOrgSettings: "the organisation's settings",
	access.ActionMergePeople:       "a merge of two records",
	access.ActionErasePerson:       "an erasure",
}

// limitedWords is what the conflict card says when keeping either value
// needs action, which the person signed in may not take (mayNot), or
// else the change DeviceRefusal names ("a decision on a merge of two
// records").
func limitedWords(action access.Action) (mayNot, change string) {
	what := resolvedChanges[action]
	if what == "" {
		what = string(action)
	}
	who := shell.WhoCan(action)
	return fmt.Sprintf("Keeping either value is a decision on %s, which only %s may make: ask %s to review this one.", what, who, who),
		"a decision on " + what
}

// resolveRefusal says why conflict c is not offered to be resolved here,
// or "" when it is. Either way it decides the value of the field c is
// about, so it needs what changing that field needs
// (access.ActionToResolve): from whoever is signed in, and from the role
// this device was enrolled for, as the server takes the resolution, and
// the value kept, only from a device enrolled for a role that may
// (sync/server's checkRole; shell.DeviceRefusal). A link worker reviews
// conflicts, but one over the organisation's settings is an
// administrator's, on an administrator's device. And any decision needs a
// device enrolled for a role that reviews conflicts
// (access.ActionReviewConflicts, which the server asks too): a link worker
// signed in at the reception desk reviews them on their own laptop.
func (s *conflictSection) resolveRefusal(c domain.Conflict) string {
	if action, limited := access.ActionToResolve(c); limited {
		mayNot, change := limitedWords(action)
		if !access.CanDo(s.sh.Staff().Role, action) {
			return mayNot
		}
		if why := shell.DeviceRefusal(s.sh.Store(), action, change); why != "" {
			return why
		}
	}
	return shell.DeviceRefusal(s.sh.Store(), access.ActionReviewConflicts, "a decision on a conflict")
}

// say shows a message in the section and lays it out again.
func (s *conflictSection) say(l *widget.Label, text string, imp widget.Importance) {
	adminSay(l, text, imp)
	adminRelayout(s.root)
}
