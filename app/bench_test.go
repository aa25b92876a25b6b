package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

// BenchmarkFindPersonKeystroke measures the reception desk's search over
// 10,000 people, per keystroke.
func BenchmarkFindPersonKeystroke(b *testing.B) {
	h := newHarness(b, false, fyne.NewSize(1280, 800))
	if _, err := demo.SaveCrowd(h.st, testNow, 10000, 200); err != nil {
		b.Fatal(err)
	}
	h.st.SetMeta(map[string][]byte{metaSetup: []byte("device")})
	h.u.SignIn(domain.Staff{ID: "s2", Name: "Rosa", Role: domain.RoleReception})
	h.u.ShowNav("people")
	s := h.u.current().(*people.Finder)
	b.ResetTimer()
	start := time.Now()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, k := range uitest.Keystrokes {
			s.Search(k)
			n++
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(n), "ms/keystroke")
}
