package storage

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestCrashChild is the child half of TestKillNineLosesNoAcknowledgedMark:
// it writes attendance marks and prints each id once Save has returned.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("GATHER_CRASH_DIR")
	if dir == "" {
		t.Skip("run by TestKillNineLosesNoAcknowledgedMark")
	}
	round := os.Getenv("GATHER_CRASH_ROUND")
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("OPEN-FAILED", err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	sid := domain.SessionID("garden", "2026-11-21")
	for i := 0; ; i++ {
		pid := fmt.Sprintf("r%s-p%d", round, i)
		id := domain.AttendanceID(sid, pid)
		err := s.Save("facilitator", record.Change{Kind: domain.KindAttendance, ID: id, Fields: map[string]string{
			"session_id": sid, "person_id": pid, "status": domain.StatusPresent,
		}})
		if err != nil {
			fmt.Println("SAVE-FAILED", err)
			os.Exit(4)
		}
		fmt.Fprintln(out, id)
		out.Flush()
	}
}

// TestKillNineLosesNoAcknowledgedMark kills a writing process with SIGKILL at
// random moments and checks every mark it acknowledged survives.
func TestKillNineLosesNoAcknowledgedMark(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	var acked []string
	const rounds = 20
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GATHER_CRASH_DIR="+dir, fmt.Sprintf("GATHER_CRASH_ROUND=%d", round))
		stdout, err := cmd.StdoutPipe()
		must(t, err)
		must(t, cmd.Start())
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait for the first acknowledged mark, then let it run a random while.
		deadline := time.After(time.Duration(20+r.Intn(200)) * time.Millisecond)
		started := false
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if strings.Contains(l, "FAILED") {
					t.Fatalf("round %d: child: %s", round, l)
				}
				if strings.HasPrefix(l, domain.SessionID("garden", "")) {
					acked = append(acked, l)
					started = true
				}
			case <-deadline:
				if started {
					break read
				}
				deadline = time.After(10 * time.Millisecond)
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		for l := range lines { // anything printed before the kill was acknowledged
			if strings.HasPrefix(l, domain.SessionID("garden", "")) {
				acked = append(acked, l)
			}
		}
		cmd.Wait()
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("store does not open cleanly after %d kills: %v", rounds, err)
	}
	defer s.Close()
	v := s.View()
	for _, id := range acked {
		if _, ok := v.Get(domain.KindAttendance, id); !ok {
			t.Errorf("acknowledged mark %s was lost", id)
		}
	}
	queued, err := s.PendingWrites(0, 1<<30)
	must(t, err)
	if len(queued) < 3*len(acked) {
		t.Errorf("outbound queue holds %d writes for %d acknowledged marks (3 fields each)", len(queued), len(acked))
	}
	t.Logf("%d rounds, %d acknowledged marks, all present", rounds, len(acked))
}
