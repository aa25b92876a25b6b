package storage

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

var givenNames = []string{"Ann", "Zoë", "Margaret", "Peggy", "Tom", "Éamon", "Priya", "Kwame", "Siobhán", "Li", "Olu", "Grace", "Dev", "Aisha", "Ruth", "Callum"}
var familyNames = []string{"Lee", "Okafor", "O'Brien", "Zielinski", "Patel", "Mensah", "Ní Bhriain", "Chen", "Adeyemi", "Hughes", "Shah", "Khan", "Evans", "Morgan"}

func percentile(d []time.Duration, p float64) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[int(float64(len(d)-1)*p)]
}

// BenchmarkDurableMark measures one attendance mark saved with SyncWrites:
// the time from tap to "saved on disk".
func BenchmarkDurableMark(b *testing.B) {
	s, _ := openTemp(b, Options{})
	sid := domain.SessionID("garden", "2026-11-21")
	const marks = 500
	lat := make([]time.Duration, 0, marks*b.N)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for i := 0; i < marks; i++ {
			pid := fmt.Sprintf("p%d-%d", n, i)
			start := time.Now()
			err := s.Save("facilitator", record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, pid),
				Fields: map[string]string{"session_id": sid, "person_id": pid, "status": domain.StatusPresent}})
			lat = append(lat, time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(percentile(lat, 0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
}

// seedBulk writes people and attendance marks straight into Badger, the way
// years of saves would leave them, without the per-save fsync.
func seedBulk(tb testing.TB, dir string, people, marks int) {
	tb.Helper()
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(quietLogger{}).WithCompression(options.None))
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	wb := db.NewWriteBatch()
	r := rand.New(rand.NewSource(1))
	stamp := func(i int) hlc.Timestamp {
		return hlc.Timestamp{Wall: 1_760_000_000_000 + int64(i), Device: "seed"}
	}
	put := func(kind record.Kind, id string, fields map[string]string, i int) {
		e := record.NewEntity(kind, id)
		for k, v := range fields {
			e.Fields[k] = record.FieldState{Value: v, Stamp: stamp(i), Staff: "seed"}
		}
		if err := wb.Set(entityKey(kind, id), record.AppendEntity(nil, e)); err != nil {
			tb.Fatal(err)
		}
	}
	for i := 0; i < people; i++ {
		put(domain.KindPerson, fmt.Sprintf("person%07d", i), map[string]string{
			"given_name": givenNames[r.Intn(len(givenNames))], "family_name": familyNames[r.Intn(len(familyNames))],
			"access_needs": "", "emergency_contact_name": "Next of kin", "emergency_contact_phone": "07700 900123",
		}, i)
	}
	days := 400
	for i := 0; i < marks; i++ {
		date := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%days).Format("2006-01-02")
		act := fmt.Sprintf("activity%03d", r.Intn(60))
		sid := domain.SessionID(act, date)
		pid := fmt.Sprintf("person%07d", r.Intn(people))
		put(domain.KindAttendance, domain.AttendanceID(sid, pid), map[string]string{
			"session_id": sid, "person_id": pid, "activity_id": act, "venue_id": "venue" + act[len(act)-1:],
			"date": date, "status": domain.AttendanceStatuses[r.Intn(len(domain.AttendanceStatuses))],
			"marked_by": "staff01", "marked_at": "2025-06-01T10:04:05Z",
		}, people+i)
	}
	if err := wb.Flush(); err != nil {
		tb.Fatal(err)
	}
}

// TestOpenChild opens a seeded store and reports the time and this process's
// peak memory; BenchmarkOpenRebuild runs it in a fresh process so the peak
// belongs to the open alone.
func TestOpenChild(t *testing.T) {
	dir := os.Getenv("GATHER_OPEN_DIR")
	if dir == "" {
		t.Skip("run by BenchmarkOpenRebuild")
	}
	start := time.Now()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	n := s.View().Count(domain.KindAttendance)
	fmt.Printf("OPEN %d %d %d %d %d\n", elapsed.Microseconds(), procStatusKiB("VmHWM"), n, procStatusKiB("RssAnon"), procStatusKiB("RssFile"))
	// GATHER_OPEN_HEAPPROFILE=file writes the live heap after the open, for
	// go tool pprof -sample_index=inuse_space -top.
	if path := os.Getenv("GATHER_OPEN_HEAPPROFILE"); path != "" {
		runtime.GC()
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := pprof.WriteHeapProfile(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	s.Close()
}

// procStatusKiB reads one memory figure (VmHWM, RssAnon, RssFile) of this
// process from /proc, in KiB.
func procStatusKiB(field string) int {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field+":") {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			return n
		}
	}
	return -1
}

// BenchmarkOpenRebuild: open a store holding 100k people and 1M attendance
// marks and rebuild the read model (goal < 3 s, < 500 MB peak).
func BenchmarkOpenRebuild(b *testing.B) {
	const people, marks = 100_000, 1_000_000
	dir := b.TempDir()
	seedBulk(b, dir, people, marks)
	b.ResetTimer()
	var secs, peak, anon, file float64
	for n := 0; n < b.N; n++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestOpenChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GATHER_OPEN_DIR="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		sc := bufio.NewScanner(strings.NewReader(string(out)))
		for sc.Scan() {
			var us, kib, count, anonKiB, fileKiB int
			if _, err := fmt.Sscanf(sc.Text(), "OPEN %d %d %d %d %d", &us, &kib, &count, &anonKiB, &fileKiB); err == nil {
				if count < marks*9/10 { // derived ids collide a little at random
					b.Fatalf("read model holds %d marks", count)
				}
				secs, peak = float64(us)/1e6, float64(kib)/1024
				anon, file = float64(anonKiB)/1024, float64(fileKiB)/1024
			}
		}
	}
	b.ReportMetric(secs, "open-s")
	b.ReportMetric(peak, "peak-RSS-MB")
	b.ReportMetric(anon, "anon-MB")        // heap and other private memory after the open
	b.ReportMetric(file, "file-mapped-MB") // Badger's memory-mapped tables (page cache)
}

// BenchmarkSearchPeople: name search over 100k people, per query.
func BenchmarkSearchPeople(b *testing.B) {
	dir := b.TempDir()
	seedBulk(b, dir, 100_000, 0)
	s, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	queries := []string{"a", "zo", "pat", "o'b", "siob", "ann lee", "grace m", "kw", "ní", "ev"}
	lat := make([]time.Duration, 0, b.N*len(queries)*50)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for rep := 0; rep < 50; rep++ {
			for _, q := range queries {
				start := time.Now()
				res := s.View().SearchPeople(q, 50)
				lat = append(lat, time.Since(start))
				if len(res) == 0 && q != "ní" {
					b.Fatalf("no results for %q", q)
				}
			}
		}
	}
	b.ReportMetric(float64(percentile(lat, 0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
}
