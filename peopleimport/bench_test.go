package peopleimport

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
)

// bigFile is a list of n different people (no two share a date of birth),
// every fifth enrolled in the garden group.
func bigFile(n int) string {
	var b strings.Builder
	b.WriteString("First name;Last name;Date of birth;Phone;Email;Postcode;NHS number;Access needs;Activity\n")
	given := []string{"Ann", "Bob", "Cai", "Dora", "Eve", "Fitz", "Gwen", "Hal", "Ivy", "Jon"}
	for i := 0; i < n; i++ {
		activity := ""
		if i%5 == 0 {
			activity = "Garden group"
		}
		fmt.Fprintf(&b, "%s;Family%d;%d/%d/%d;07700 9%05d;p%d@example.com;KV%d 4RG;;\"Needs, a chair\";%s\n",
			given[i%len(given)], i, 1+i%28, 1+(i/28)%12, 1930+(i/336)%70, i, i, 1+i%9, activity)
	}
	return b.String()
}

// BenchmarkImport10k reads, checks and saves a file of 10,000 people as
// one action, on a device that holds 2 people already.
func BenchmarkImport10k(b *testing.B) {
	file := bigFile(10000)
	b.SetBytes(int64(len(file)))
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := device(b)
		b.StartTimer()
		f, err := Read(strings.NewReader(file))
		if err != nil {
			b.Fatal(err)
		}
		plan := Check(f, WithStore(st.View(), st), today) // as the app checks
		changes, res, err := plan.Changes("staff-1", audit.Recorder{Device: st.Device()}, false)
		if err != nil {
			b.Fatal(err)
		}
		if err := Save(st, "staff-1", changes, nil); err != nil {
			b.Fatal(err)
		}
		if res.People != 10000 || st.View().Count(domain.KindPerson) != 10002 {
			b.Fatalf("%+v", res)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}

// BenchmarkReimport10k checks the same 10,000 people again against a device
// that holds them: nobody is new.
func BenchmarkReimport10k(b *testing.B) {
	file := bigFile(10000)
	st := device(b)
	f, _ := Read(strings.NewReader(file))
	changes, _, err := Check(f, st.View(), today).Changes("staff-1", audit.Recorder{}, false)
	if err != nil {
		b.Fatal(err)
	}
	if err := Save(st, "staff-1", changes, nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, _ := Read(strings.NewReader(file))
		changes, res, _ := Check(f, st.View(), today).Changes("staff-1", audit.Recorder{}, false)
		if len(changes) != 0 || res.AlreadyHere != 10000 {
			b.Fatalf("%d changes, %+v", len(changes), res)
		}
	}
}
