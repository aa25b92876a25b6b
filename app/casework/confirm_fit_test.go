package casework

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestConfirmsFitAndNameWho: every question the casework asks before it
// records something (finished an activity, off its waiting list, consent
// withdrawn, a referral declined) fits a portrait tablet at every text
// size: the dialog lies inside the window, its short title is clear of
// anything drawn over it, and its wrapped question names the person and
// the activity. Fyne's question dialog put the whole question in a title
// of one line ("Take them off the waiting list for Drawing at the
// gallery?"), which ran under its "?" mark at 800 wide and off the window
// with a longer activity name.
func TestConfirmsFitAndNameWho(t *testing.T) {
	const long = "Museum visit: Kirkby Vale at work, with tea"
	for _, ts := range uitest.TextSizes {
		for _, tc := range []struct {
			name string
			ask  func(c *Case, p *ReferralPage)
			want []string
		}{
			{"finished", func(c *Case, _ *ReferralPage) { test.Tap(c.finish["m-on"]) }, []string{"Ann Lee", long, "Mark as finished"}},
			{"off the list", func(c *Case, _ *ReferralPage) { test.Tap(c.finish["m-wait"]) }, []string{"Ann Lee", "Drawing online", "Off the list"}},
			{"withdraw consent", func(c *Case, _ *ReferralPage) { c.onWithdraw(domain.ConsentPhotos) }, []string{"Ann Lee", "Withdraw"}},
			{"decline", func(_ *Case, p *ReferralPage) {
				test.Tap(p.startDecln)
				p.reason.SetText("did not want to take part")
				test.Tap(p.decline)
			}, []string{"Ann Lee", "Decline"}},
		} {
			t.Run(ts.Name+" "+tc.name, func(t *testing.T) {
				test.NewTempApp(t)
				uitest.UseTextSize(ts.Scale)
				s := openStore(t)
				fixture(t, s)
				craft := get[domain.Activity](t, s, domain.KindActivity, actCraft)
				renamed := craft
				renamed.Name = long
				saveAll(t, s, domain.Changed(domain.KindActivity, actCraft, craft, renamed)...)
				saveAll(t, s,
					domain.Create(domain.KindMatch, "m-on", domain.Match{PersonID: personAnn, ActivityID: actCraft, Date: "2026-03-01"}),
					domain.Create(domain.KindEnrolment, domain.EnrolmentID(actCraft, personAnn),
						domain.Enrolment{ActivityID: actCraft, PersonID: personAnn, VenueID: venueHall, Started: "2026-03-01"}),
					domain.Create(domain.KindMatch, "m-wait", domain.Match{PersonID: personAnn, ActivityID: actDrawing, Date: "2026-03-01", Waiting: "2026-03-01"}),
					domain.Create(domain.KindConsent, "c-photos", domain.Consent{PersonID: personAnn, Purpose: domain.ConsentPhotos, Given: "2026-03-01", RecordedBy: "staff-priya"}),
					domain.Create(domain.KindReferral, "r1", referral(personAnn, domain.ReferralReceived, "2026-03-10")))
				w := test.NewWindow(nil)
				t.Cleanup(w.Close)
				w.Resize(fyne.NewSize(800, 1280))
				ctx := linkWorker()
				ctx.Window = w
				c := NewCase(s, ctx, personAnn)
				p := newReferralPage(s, ctx, nil, "r1")
				w.SetContent(c.Content())
				if tc.name == "decline" {
					w.SetContent(p.body())
				}
				w.Resize(fyne.NewSize(800, 1280))
				tc.ask(c, p)
				uitest.Shot(t, w, "confirm-"+strings.ReplaceAll(tc.name, " ", "-")+"-"+ts.Name)
				top := w.Canvas().Overlays().Top()
				if top == nil {
					t.Fatal("no question asked")
				}
				var box *fyne.Container
				var title *widget.Label
				var images []fyne.CanvasObject
				for _, o := range test.LaidOutObjects(top) {
					switch x := o.(type) {
					case *fyne.Container:
						if box == nil && len(x.Objects) == 5 {
							box = x // the dialog: icon, background, body, buttons, title
							title, _ = x.Objects[4].(*widget.Label)
						}
					case *canvas.Image:
						if x.Visible() && !x.Size().IsZero() && x.Resource != nil && box != nil && x == box.Objects[0] {
							images = append(images, x)
						}
					}
				}
				if box == nil || title == nil {
					t.Fatal("no dialog with a title on show")
				}
				d := fyne.CurrentApp().Driver()
				pos := d.AbsolutePositionForObject(box)
				if pos.X < 0 || pos.X+box.Size().Width > 800.5 {
					t.Errorf("the dialog runs from x=%.0f to %.0f, outside the window's 800", pos.X, pos.X+box.Size().Width)
				}
				// The title is drawn from the dialog's top left, a label's
				// width and height.
				titleEnd := title.MinSize()
				for _, img := range images {
					if img.Position().X < titleEnd.Width && img.Position().Y < titleEnd.Height {
						t.Errorf("the dialog's icon at %v lies over its title %q (%v)", img.Position(), title.Text, titleEnd)
					}
				}
				got := uitest.DialogText(w)
				for _, want := range tc.want {
					if !strings.Contains(strings.ReplaceAll(got, "\n", " "), want) {
						t.Errorf("the question does not say %q:\n%s", want, got)
					}
				}
				if strings.Contains(title.Text, long) {
					t.Errorf("the title carries the activity's name: %q", title.Text)
				}
			})
		}
	}
}
