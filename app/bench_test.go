package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

// keystrokes types a name one letter at a time.
var keystrokes = func() []string {
	var out []string
	for _, name := range []string{"margaret o'brien", "tom", "zo"} {
		for i := 1; i <= len(name); i++ {
			out = append(out, name[:i])
		}
		out = append(out, "")
	}
	return out
}()

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
	s := h.u.current().(*peopleScreen)
	b.ResetTimer()
	start := time.Now()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, k := range keystrokes {
			s.search.SetText(k)
			n++
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(n), "ms/keystroke")
}
