package register

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

// benchRegister makes a store with n people, the first enrolled of them on
// an activity that meets today, and opens its register.
func benchRegister(b *testing.B, people, enrolled int) (*harness, *Register) {
	h := newHarness(b, false, fyne.NewSize(1280, 800))
	crowd, err := demo.SaveCrowd(h.st, testNow, people, enrolled)
	if err != nil {
		b.Fatal(err)
	}
	h.sh.Who = crowd.Staff
	r := h.openRegister(crowd.Activity.ID)
	if len(r.expected) != enrolled {
		b.Fatalf("register has %d people, want %d", len(r.expected), enrolled)
	}
	return h, r
}

// BenchmarkMark measures one tap on a 200-person register: the durable save
// (one Badger transaction with SyncWrites) and the register's refresh.
func BenchmarkMark(b *testing.B) {
	_, r := benchRegister(b, 200, 200)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		pid := r.expected[i%len(r.expected)]
		m := r.marks[pid]
		if m.Status == domain.StatusPresent {
			m.Status = domain.StatusAbsent
		} else {
			m.Status = domain.StatusPresent
		}
		if !r.setMark(pid, m, "here") {
			b.Fatal("mark not saved")
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/mark")
}

// BenchmarkSearchKeystroke measures the register's live search with 10,000
// people on the device: each keystroke filters the register and looks the
// text up among everyone (to offer people not yet enrolled), then redraws
// the list.
func BenchmarkSearchKeystroke(b *testing.B) {
	_, r := benchRegister(b, 10000, 200)
	b.ResetTimer()
	start := time.Now()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, k := range uitest.Keystrokes {
			r.search.SetText(k)
			n++
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(n), "ms/keystroke")
}
