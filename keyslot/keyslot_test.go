package keyslot

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// fakeClock is moved by hand; no test sleeps.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

const (
	adminPIN     = "739155"
	volunteerPIN = "482916"
)

var (
	admin     = Member{ID: "s-admin", Name: "Ada Admin", Role: domain.RoleAdministrator}
	volunteer = Member{ID: "s-vol", Name: "Val Volunteer", Role: domain.RoleVolunteer}
)

func testOptions(clock *fakeClock) Options {
	return Options{Params: TestParams, Now: clock.Now}
}

// setup makes a key file with an administrator and a volunteer.
func setup(t *testing.T) (path string, f *File, adm *Unlocked, clock *fakeClock) {
	t.Helper()
	clock = &fakeClock{t: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	path = filepath.Join(t.TempDir(), "keys.json")
	f, adm, err := Create(path, admin, adminPIN, testOptions(clock))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if err := f.AddStaff(adm, volunteer, volunteerPIN); err != nil {
		t.Fatalf("AddStaff: %v", err)
	}
	return path, f, adm, clock
}

func TestCreateThenUnlockGivesTheSameKey(t *testing.T) {
	path, _, adm, clock := setup(t)
	f, err := Open(path, testOptions(clock))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who Member
		pin string
	}{{admin, adminPIN}, {volunteer, volunteerPIN}} {
		t.Run(tc.who.Role, func(t *testing.T) {
			u, err := f.Unlock(tc.who.ID, tc.pin)
			if err != nil {
				t.Fatalf("Unlock: %v", err)
			}
			if !bytes.Equal(u.Key(), adm.Key()) || len(u.Key()) != 32 {
				t.Fatal("unlock gave a different data key")
			}
			if u.Member != tc.who {
				t.Fatalf("member = %+v, want %+v", u.Member, tc.who)
			}
		})
	}
	if got := f.Members(); len(got) != 2 || got[0] != admin || got[1] != volunteer {
		t.Fatalf("Members = %+v", got)
	}
}

func TestWrongPINOpensNothingAndLeaksNothing(t *testing.T) {
	_, f, adm, _ := setup(t)
	secrets := keyForms(adm.Key())
	cases := []struct {
		name, staff, pin string
	}{
		{"wrong PIN", admin.ID, "739156"},
		{"other staff's PIN", admin.ID, volunteerPIN},
		{"empty PIN", admin.ID, ""},
		{"right PIN, other slot", volunteer.ID, adminPIN},
		{"unknown staff", "nobody", adminPIN},
		{"staff id differing in case", "S-ADMIN", adminPIN},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u, err := f.Unlock(tc.staff, tc.pin)
			if u != nil {
				t.Fatal("a wrong PIN returned an unlocked staff member")
			}
			if !errors.Is(err, ErrWrongPIN) || err.Error() != "wrong PIN" {
				t.Fatalf("err = %v, want exactly ErrWrongPIN", err)
			}
			for _, s := range append(secrets, tc.pin, adminPIN) {
				if s != "" && strings.Contains(err.Error(), s) {
					t.Fatalf("error %q leaks %q", err, s)
				}
			}
		})
		// Reset so the table tests the PIN check, not the delays.
		if err := f.ClearLockout(adm, admin.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.ClearLockout(adm, volunteer.ID); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDelaysThenLockoutWithFakeClock(t *testing.T) {
	_, f, _, clock := setup(t)
	steps := []struct {
		advance time.Duration
		pin     string
		want    error
		left    int
	}{
		{0, "111119", ErrWrongPIN, 4},         // first slip: no wait
		{0, "111129", ErrWrongPIN, 3},         // DefaultDelays[0] is 0
		{0, volunteerPIN, ErrTooSoon, 3},      // 5 s wait; even the right PIN is not tried
		{4 * time.Second, "x", ErrTooSoon, 3}, // still waiting
		{time.Second, "111139", ErrWrongPIN, 2},
		{29 * time.Second, "111149", ErrTooSoon, 2},
		{time.Second, "111149", ErrWrongPIN, 1},
		{2 * time.Minute, "111159", ErrLockedOut, 0},    // fifth wrong PIN locks
		{24 * time.Hour, volunteerPIN, ErrLockedOut, 0}, // time does not clear a lockout
	}
	for i, st := range steps {
		clock.Advance(st.advance)
		u, err := f.Unlock(volunteer.ID, st.pin)
		if u != nil || !errors.Is(err, st.want) {
			t.Fatalf("step %d: u=%v err=%v, want %v", i, u != nil, err, st.want)
		}
		status, _ := f.Status(volunteer.ID)
		if status.AttemptsLeft != st.left {
			t.Fatalf("step %d: %d attempts left, want %d", i, status.AttemptsLeft, st.left)
		}
	}
	var we *WaitError
	_, f2, _, clock2 := setup(t)
	f2.Unlock(volunteer.ID, "000001")
	f2.Unlock(volunteer.ID, "000002")
	clock2.Advance(2 * time.Second)
	_, err := f2.Unlock(volunteer.ID, volunteerPIN)
	if !errors.As(err, &we) || we.Wait != 3*time.Second || err.Error() != "too many wrong PINs: try again in 3 seconds" {
		t.Fatalf("wait error = %v (%+v)", err, we)
	}
}

func TestRightPINResetsTheCount(t *testing.T) {
	_, f, _, clock := setup(t)
	f.Unlock(volunteer.ID, "000001")
	f.Unlock(volunteer.ID, "000002")
	clock.Advance(5 * time.Second)
	u, err := f.Unlock(volunteer.ID, volunteerPIN)
	if err != nil {
		t.Fatal(err)
	}
	if u.PriorFailures != 2 {
		t.Fatalf("PriorFailures = %d, want 2", u.PriorFailures)
	}
	if st, _ := f.Status(volunteer.ID); st.Failures != 0 || st.Wait != 0 || st.AttemptsLeft != 5 {
		t.Fatalf("status after success = %+v", st)
	}
}

func TestFailuresSurviveARestart(t *testing.T) {
	path, f, _, clock := setup(t)
	for i := 0; i < 4; i++ {
		f.Unlock(volunteer.ID, "000001")
		clock.Advance(time.Hour)
	}
	reopened, err := Open(path, testOptions(clock))
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := reopened.Status(volunteer.ID); st.Failures != 4 || st.AttemptsLeft != 1 {
		t.Fatalf("after restart: %+v", st)
	}
	if _, err := reopened.Unlock(volunteer.ID, "000001"); !errors.Is(err, ErrLockedOut) {
		t.Fatalf("err = %v, want ErrLockedOut", err)
	}
	again, _ := Open(path, testOptions(clock))
	if _, err := again.Unlock(volunteer.ID, volunteerPIN); !errors.Is(err, ErrLockedOut) {
		t.Fatalf("restart cleared the lockout: %v", err)
	}
}

func TestClockGoingBackwardsWaitsAtMostOneDelay(t *testing.T) {
	_, f, _, clock := setup(t)
	f.Unlock(volunteer.ID, "000001")
	f.Unlock(volunteer.ID, "000002")
	clock.Advance(-48 * time.Hour)
	st, _ := f.Status(volunteer.ID)
	if st.Wait != 5*time.Second {
		t.Fatalf("wait = %v, want 5s", st.Wait)
	}
	if _, err := f.Unlock(volunteer.ID, volunteerPIN); !errors.Is(err, ErrTooSoon) {
		t.Fatalf("err = %v, want ErrTooSoon", err)
	}
	clock.Advance(5 * time.Second)
	if _, err := f.Unlock(volunteer.ID, volunteerPIN); err != nil {
		t.Fatalf("still waiting for the old time to come round: %v", err)
	}
}

func TestOnlyAnAdministratorClearsALockout(t *testing.T) {
	_, f, adm, clock := setup(t)
	for i := 0; i < 5; i++ {
		f.Unlock(volunteer.ID, "000001")
		clock.Advance(time.Hour)
	}
	other := Member{ID: "s-fac", Name: "Fay", Role: domain.RoleFacilitator}
	if err := f.AddStaff(adm, other, "603817"); err != nil {
		t.Fatal(err)
	}
	fac, err := f.Unlock(other.ID, "603817")
	if err != nil {
		t.Fatal(err)
	}
	forged := &Unlocked{Member: admin, key: make([]byte, 32)}
	for name, who := range map[string]*Unlocked{"facilitator": fac, "nil": nil, "forged key": forged} {
		t.Run(name, func(t *testing.T) {
			if err := f.ClearLockout(who, volunteer.ID); !errors.Is(err, ErrNotAdministrator) {
				t.Fatalf("err = %v, want ErrNotAdministrator", err)
			}
		})
	}
	if err := f.ClearLockout(adm, volunteer.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Unlock(volunteer.ID, volunteerPIN); err != nil {
		t.Fatalf("after clearing: %v", err)
	}
}

// TestStaffChangesKeepTheDataKey opens a real encrypted store before and
// after every change to the key file: none of them re-encrypts the data.
func TestStaffChangesKeepTheDataKey(t *testing.T) {
	path, f, adm, clock := setup(t)
	storeDir := t.TempDir()
	s, err := storage.Open(storeDir, storage.Options{EncryptionKey: adm.Key()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(admin.ID, record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{"given_name": "Wilhelmina"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	reception := Member{ID: "s-rec", Name: "Rae", Role: domain.RoleReception}
	steps := []struct {
		name  string
		do    func() error
		staff string
		pin   string
	}{
		{"add staff", func() error { return f.AddStaff(adm, reception, "915372") }, reception.ID, "915372"},
		{"change own PIN", func() error { return f.ChangePIN(volunteer.ID, volunteerPIN, "264805") }, volunteer.ID, "264805"},
		{"admin resets PIN", func() error { return f.ResetPIN(adm, reception.ID, "350971") }, reception.ID, "350971"},
		{"change role", func() error {
			return f.UpdateStaff(adm, Member{ID: reception.ID, Name: "Rae R", Role: domain.RoleLinkWorker})
		}, reception.ID, "350971"},
		{"remove staff", func() error { return f.RemoveStaff(adm, volunteer.ID) }, reception.ID, "350971"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			reopened, err := Open(path, testOptions(clock))
			if err != nil {
				t.Fatal(err)
			}
			u, err := reopened.Unlock(st.staff, st.pin)
			if err != nil {
				t.Fatalf("unlock after %s: %v", st.name, err)
			}
			s, err := storage.Open(storeDir, storage.Options{EncryptionKey: u.Key()})
			if err != nil {
				t.Fatalf("store after %s: %v", st.name, err)
			}
			defer s.Close()
			if p, ok := s.View().Person("p1"); !ok || p.GivenName != "Wilhelmina" {
				t.Fatalf("store after %s does not read: %+v", st.name, p)
			}
		})
	}
	reopened, _ := Open(path, testOptions(clock))
	if _, err := reopened.Unlock(volunteer.ID, "264805"); !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("removed staff: err = %v, want ErrWrongPIN", err)
	}
	if _, err := reopened.Unlock(volunteer.ID, volunteerPIN); !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("old PIN after change: err = %v", err)
	}
	if u, _ := reopened.Unlock(reception.ID, "350971"); u.Role != domain.RoleLinkWorker || u.Name != "Rae R" {
		t.Fatalf("role change lost: %+v", u.Member)
	}
}

func TestChangePINNeedsTheOldPIN(t *testing.T) {
	_, f, _, _ := setup(t)
	if err := f.ChangePIN(volunteer.ID, "000001", "264805"); !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("err = %v, want ErrWrongPIN", err)
	}
	if st, _ := f.Status(volunteer.ID); st.Failures != 1 {
		t.Fatalf("a wrong old PIN did not count: %+v", st)
	}
	if err := f.ChangePIN(volunteer.ID, volunteerPIN, "1234"); !errors.Is(err, ErrPINTooShort) {
		t.Fatalf("weak new PIN: %v", err)
	}
}

func TestKeyFileHoldsNoPlaintextKeyOrPIN(t *testing.T) {
	path, _, adm, _ := setup(t)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(keyForms(adm.Key()), adminPIN, volunteerPIN) {
		if bytes.Contains(b, []byte(s)) {
			t.Fatalf("key file holds %q", s)
		}
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("temp files left behind: %v", entries)
	}
}

// keyForms are the ways a key could show up in a file or message.
func keyForms(key []byte) []string {
	return []string{string(key), hex.EncodeToString(key), base64.StdEncoding.EncodeToString(key),
		base64.RawURLEncoding.EncodeToString(key), base64.StdEncoding.EncodeToString(key)[:20]}
}

func TestEditedFileIsRefused(t *testing.T) {
	cases := []struct {
		name string
		edit func(f *fileData)
		want error
	}{
		{"volunteer made administrator", func(f *fileData) { slot(f, volunteer.ID).Role = domain.RoleAdministrator }, ErrTampered},
		{"volunteer renamed", func(f *fileData) { slot(f, volunteer.ID).Name = "Ada Admin" }, ErrTampered},
		{"slot copied under another id", func(f *fileData) {
			a, v := slot(f, admin.ID), slot(f, volunteer.ID)
			v.Salt, v.Nonce, v.Wrapped, v.KDF = a.Salt, a.Nonce, a.Wrapped, a.KDF
		}, ErrWrongPIN},
		{"wrapped key flipped", func(f *fileData) { slot(f, volunteer.ID).Wrapped[3] ^= 1 }, ErrWrongPIN},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path, _, _, clock := setup(t)
			b, _ := os.ReadFile(path)
			data, err := decode(b)
			if err != nil {
				t.Fatal(err)
			}
			tc.edit(data)
			b, _ = encode(data)
			os.WriteFile(path, b, 0o600)
			f, err := Open(path, testOptions(clock))
			if err != nil {
				t.Fatal(err)
			}
			pin := volunteerPIN
			if tc.name == "slot copied under another id" {
				pin = adminPIN
			}
			if u, err := f.Unlock(volunteer.ID, pin); u != nil || !errors.Is(err, tc.want) {
				t.Fatalf("u=%v err=%v, want %v", u != nil, err, tc.want)
			}
		})
	}
}

func slot(f *fileData, id string) *slotData {
	for i := range f.Slots {
		if f.Slots[i].Staff == id {
			return &f.Slots[i]
		}
	}
	panic("no slot " + id)
}

func TestTheLastAdministratorStays(t *testing.T) {
	_, f, adm, _ := setup(t)
	if err := f.RemoveStaff(adm, admin.ID); !errors.Is(err, ErrLastAdministrator) {
		t.Fatalf("remove: %v", err)
	}
	if err := f.UpdateStaff(adm, Member{ID: admin.ID, Name: "Ada", Role: domain.RoleVolunteer}); !errors.Is(err, ErrLastAdministrator) {
		t.Fatalf("demote: %v", err)
	}
	second := Member{ID: "s-admin2", Name: "Bo", Role: domain.RoleAdministrator}
	if err := f.AddStaff(adm, second, "860314"); err != nil {
		t.Fatal(err)
	}
	if err := f.RemoveStaff(adm, admin.ID); err != nil {
		t.Fatalf("remove with a second admin: %v", err)
	}
	// The removed administrator's unlocked session no longer counts.
	if err := f.ClearLockout(adm, second.ID); !errors.Is(err, ErrNotAdministrator) {
		t.Fatalf("removed admin still acts: %v", err)
	}
}

func TestAddStaffRules(t *testing.T) {
	_, f, adm, _ := setup(t)
	vol, err := f.Unlock(volunteer.ID, volunteerPIN)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		by   *Unlocked
		m    Member
		pin  string
		want error
	}{
		{"volunteer cannot add", vol, Member{ID: "n1", Role: domain.RoleVolunteer}, "604931", ErrNotAdministrator},
		{"duplicate", adm, volunteer, "604931", ErrStaffExists},
		{"unknown role", adm, Member{ID: "n2", Role: "superuser"}, "604931", ErrUnknownRole},
		{"weak PIN", adm, Member{ID: "n3", Role: domain.RoleVolunteer}, "123456", ErrPINTooEasy},
		{"short PIN", adm, Member{ID: "n4", Role: domain.RoleVolunteer}, "6049", ErrPINTooShort},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := f.AddStaff(tc.by, tc.m, tc.pin); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestCreateRefusesToReplaceAKeyFile(t *testing.T) {
	path, _, _, clock := setup(t)
	before, _ := os.ReadFile(path)
	if _, _, err := Create(path, admin, "846201", testOptions(clock)); !errors.Is(err, ErrExists) {
		t.Fatalf("err = %v, want ErrExists", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("Create changed an existing key file")
	}
	if _, err := Open(filepath.Join(t.TempDir(), "none"), Options{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing file: %v", err)
	}
}

func TestDefaultsAreStrong(t *testing.T) {
	if (Options{}).params() != DefaultParams {
		t.Fatal("zero options must mean the default parameters")
	}
	if DefaultParams.Time < 3 || DefaultParams.MemoryKiB < 64*1024 {
		t.Fatalf("default Argon2id parameters too weak: %+v", DefaultParams)
	}
	if (Options{}).minPIN() < 6 || (Options{MinPINLength: 2}).minPIN() != MinPINLengthFloor {
		t.Fatal("PIN length defaults wrong")
	}
	if (Lockout{}).maxFailures() != 5 {
		t.Fatal("default lockout is not 5")
	}
	// A slot made with the defaults records them, so a later change of
	// defaults cannot strand it.
	path := filepath.Join(t.TempDir(), "k")
	if testing.Short() {
		t.Skip("one real Argon2id derivation")
	}
	if _, _, err := Create(path, admin, adminPIN, Options{}); err != nil {
		t.Fatal(err)
	}
	var data fileData
	b, _ := os.ReadFile(path)
	json.Unmarshal(b, &data)
	if data.Slots[0].KDF != DefaultParams.kdf() {
		t.Fatalf("stored params %+v", data.Slots[0].KDF)
	}
}

func TestForgetEndsAdministratorPowersButNotTheStore(t *testing.T) {
	_, f, adm, _ := setup(t)
	storeKey := adm.Key()
	adm.Forget()
	if bytes.Equal(storeKey, make([]byte, 32)) {
		t.Fatal("Forget zeroed a key already handed to the store")
	}
	if err := f.ResetPIN(adm, volunteer.ID, "604931"); !errors.Is(err, ErrNotAdministrator) {
		t.Fatalf("after Forget: %v", err)
	}
}

// An administrator resets a PIN while the old PIN is being tried: the old
// PIN must not get in on the strength of the slot it started with.
func TestSlotRekeyedDuringAttemptRefusesTheOldPIN(t *testing.T) {
	_, f, adm, _ := setup(t)
	a, err := f.beginAttempt(volunteer.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.ResetPIN(adm, volunteer.ID, "604931"); err != nil {
		t.Fatal(err)
	}
	key, ok := open(&a.slot, volunteerPIN, false, true)
	if !ok {
		t.Fatal("old slot should open with the old PIN")
	}
	if u, err := f.finishAttempt(a, key, ok); u != nil || !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("u=%v err=%v, want ErrWrongPIN", u != nil, err)
	}
	if _, err := f.Unlock(volunteer.ID, "604931"); err != nil {
		t.Fatalf("new PIN: %v", err)
	}
}

func TestDestroyLeavesNothingToUnlock(t *testing.T) {
	path, _, _, clock := setup(t)
	if err := Destroy(path); err != nil {
		t.Fatal(err)
	}
	if Exists(path) {
		t.Fatal("key file still there")
	}
	if _, err := Open(path, testOptions(clock)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("open after destroy: %v", err)
	}
	if err := Destroy(path); err != nil {
		t.Fatalf("destroying twice: %v", err)
	}
}

func TestBadParamsAreRefusedNotPanicked(t *testing.T) {
	for _, p := range []Params{{Time: 0, MemoryKiB: 64, Threads: 1}, {Time: 1, MemoryKiB: 64, Threads: 0}, {Time: 1, MemoryKiB: 1, Threads: 1}} {
		path := filepath.Join(t.TempDir(), FileName)
		if _, _, err := Create(path, admin, adminPIN, Options{Params: p}); err == nil {
			t.Errorf("params %+v accepted", p)
		}
		if Exists(path) {
			t.Errorf("params %+v left a file", p)
		}
	}
}

// TestDestroyedKeyFileStaysDestroyed: nothing a File does after Destroy
// (a PIN check still running on a device that wiped itself) writes the key
// file again, through it or through another File on the same path.
func TestDestroyedKeyFileStaysDestroyed(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	opts := Options{Params: TestParams}
	f, admin, err := Create(path, Member{ID: "a", Name: "Ada", Role: domain.RoleAdministrator}, "739155", opts)
	if err != nil {
		t.Fatal(err)
	}
	other, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Destroy(); err != nil {
		t.Fatal(err)
	}
	for name, try := range map[string]func() error{
		"wrong PIN on the destroyed File": func() error { _, err := f.Unlock("a", "000001"); return err },
		"wrong PIN on another File":       func() error { _, err := other.Unlock("a", "000001"); return err },
		"add staff": func() error {
			return f.AddStaff(admin, Member{ID: "b", Name: "B", Role: domain.RoleVolunteer}, "482913")
		},
	} {
		if err := try(); err == nil {
			t.Errorf("%s succeeded", name)
		}
		if Exists(path) {
			t.Fatalf("%s wrote the key file back", name)
		}
	}
}

// TestSignedInRoleBoundsAdministration: an administrator on the key file
// whom the app signed in with a lower role (their staff record lowered it
// on another device; Unlocked.Role lowered at sign-in) manages no slots,
// though the table still says administrator.
func TestSignedInRoleBoundsAdministration(t *testing.T) {
	_, f, adm, _ := setup(t)
	adm.Role = "link worker"
	for _, c := range []struct {
		name   string
		change func() error
	}{
		{"add", func() error { return f.AddStaff(adm, Member{ID: "s9", Name: "New", Role: "volunteer"}, "604931") }},
		{"update", func() error { return f.UpdateStaff(adm, Member{ID: volunteer.ID, Name: "Renamed", Role: "volunteer"}) }},
		{"reset", func() error { return f.ResetPIN(adm, volunteer.ID, "604931") }},
		{"lockout", func() error { return f.ClearLockout(adm, volunteer.ID) }},
		{"remove", func() error { return f.RemoveStaff(adm, volunteer.ID) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.change(); !errors.Is(err, ErrNotAdministrator) {
				t.Errorf("as an administrator signed in as a link worker: %v", err)
			}
		})
	}
	if n := len(f.Members()); n != 2 {
		t.Errorf("%d members after refused changes, want 2", n)
	}
}
