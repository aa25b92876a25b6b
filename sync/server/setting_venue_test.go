package server_test

import (
	"context"
	"sync"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/pgstore"
)

// TestVenueTabletReceivesTheServiceContactOnly: an activity's info sheet
// printed on a venue tablet gives the service's number when the venue has
// none, so the tablet receives the organisation's settings, but only the
// service's contact: not the follow-up interval, the retention period or a
// setting this server does not know. It may not change them; the office
// receives them whole.
func TestVenueTabletReceivesTheServiceContactOnly(t *testing.T) {
	f := newFixture(t)
	office := newRawAs(t, f.env, "admin-laptop", org, domain.RoleAdministrator)
	oc := office.Clock
	var ws []record.Write
	for field, value := range map[string]string{
		"service_name": "Kirkby Vale Social Prescribing", "service_phone": "01632 960000",
		"follow_up_weeks": "6", "retention_months": "84", "a_setting_from_a_newer_app": "x",
	} {
		ws = append(ws, record.Write{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: field, Value: value, Stamp: oc.Now(), Staff: "boss"})
	}
	if err := office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}

	got := pullVisible(t, f.tablet)["setting/"+domain.OrgSettingsID]
	if got == nil {
		t.Fatal("the venue tablet did not receive the service's contact")
	}
	if got.Get("service_phone") != "01632 960000" || got.Get("service_name") != "Kirkby Vale Social Prescribing" {
		t.Errorf("the tablet's settings lack the service's contact: %v", got.Values())
	}
	for _, field := range []string{"follow_up_weeks", "retention_months", "a_setting_from_a_newer_app"} {
		if _, ok := got.Fields[field]; ok {
			t.Errorf("the venue tablet received the organisation's %s", field)
		}
	}
	if whole := pullVisible(t, newRaw(t, f.env, "office-reader", org))["setting/"+domain.OrgSettingsID]; whole.Get("retention_months") != "84" {
		t.Errorf("the office's settings lost the retention period: %v", whole.Values())
	}

	tc := hlc.NewClock("tablet", f.env.Clock.Now)
	for _, field := range []string{"service_phone", "follow_up_weeks"} {
		t.Run(field, func(t *testing.T) {
			dev := newRaw(t, f.env, "tablet-"+field, protocol.Scope{Venues: []string{f.v1}})
			perr := refusal(t, dev.Push([]record.Write{{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: field, Value: "07700 900000", Stamp: tc.Now(), Staff: "bev"}}, 1))
			if perr == nil || perr.Code != protocol.CodeOutOfScope {
				t.Fatalf("a venue tablet changed the organisation's %s (%v)", field, perr)
			}
		})
	}
	if held, _ := f.env.Store.Entity(domain.KindSetting, domain.OrgSettingsID); held.Get("service_phone") != "01632 960000" {
		t.Errorf("the service's phone is now %q", held.Get("service_phone"))
	}
}

// logSettingsTheOldWay stores the organisation's settings as a server from
// before venue tablets received the service's contact logged them: for
// organisation devices only, indexed under no venue.
func logSettingsTheOldWay(t *testing.T, b server.Backend, fields map[string]string) {
	t.Helper()
	oc := hlc.NewClock("admin-laptop", nil)
	e := record.NewEntity(domain.KindSetting, domain.OrgSettingsID)
	for field, value := range fields {
		e.Apply(record.Write{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: field, Value: value, Stamp: oc.Now(), Staff: "boss"})
	}
	err := b.Update(context.Background(), func(tx server.Tx) error {
		m, err := tx.Meta()
		if err != nil {
			return err
		}
		m.Seq++
		state := record.AppendEntity(nil, e)
		if err := tx.PutEntity(e.Kind, e.ID, state, m.Seq); err != nil {
			return err
		}
		entry := server.LogEntry{Kind: e.Kind, ID: e.ID, Audience: server.AudienceOrganisation, State: state}
		if err := tx.PutLog(m.Seq, entry, nil); err != nil {
			return err
		}
		return tx.SetMeta(m)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSettingsLoggedByAnOlderServerReachVenueTablets: settings an older
// server logged for organisation devices only are logged again, for
// everyone, when the server starts, so a venue tablet gets the service's
// phone without waiting for someone to change the settings; a later start
// (or a second process starting beside it on PostgreSQL) does not log them
// again.
func TestSettingsLoggedByAnOlderServerReachVenueTablets(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	v1 := env.Venue("v1", "Garden")
	tablet := newRaw(t, env, "tablet", protocol.Scope{Venues: []string{v1}})
	logSettingsTheOldWay(t, env.Store.Backend(), map[string]string{"service_phone": "01632 960000", "retention_months": "84"})
	if got := pullVisible(t, tablet)["setting/"+domain.OrgSettingsID]; got != nil {
		t.Fatalf("the old settings reached the tablet before the server started again: %v", got.Values())
	}

	env.Restart()
	got := pullVisible(t, tablet)["setting/"+domain.OrgSettingsID]
	if got == nil || got.Get("service_phone") != "01632 960000" {
		t.Fatalf("after the server started again the tablet's settings are %v, want the service's phone", got)
	}
	if _, ok := got.Fields["retention_months"]; ok {
		t.Error("the tablet received the retention period")
	}
	if whole := pullVisible(t, newRaw(t, env, "office", org))["setting/"+domain.OrgSettingsID]; whole.Get("retention_months") != "84" {
		t.Errorf("the office's settings lost the retention period: %v", whole.Values())
	}

	head := env.Store.Head()
	env.Restart()
	if again := env.Store.Head(); again != head {
		t.Errorf("starting again logged %d more entries", again-head)
	}

	if !testenv.OnPostgres() {
		return
	}
	t.Run("two processes starting at once", func(t *testing.T) {
		logSettingsTheOldWay(t, env.Store.Backend(), map[string]string{"service_phone": "01632 960001"})
		before := env.Store.Head()
		env.Stop()
		stores := make([]*server.Store, 2)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				stores[i], errs[i] = pgstore.OpenStore(context.Background(), env.DB, pgstore.Options{MaxConns: 4}, server.StoreOptions{})
			}()
		}
		wg.Wait()
		for i, st := range stores {
			if errs[i] != nil {
				t.Fatalf("process %d: %v", i, errs[i])
			}
			defer st.Close()
		}
		if head := stores[0].Head(); head != before+1 {
			t.Errorf("two processes starting at once logged the settings %d times, want once", head-before)
		}
	})
}

// TestAServerStartsWhenItCannotLogTheSettingsAgain: logging the settings
// again for venue tablets (widen.go) is a convenience, so a settings
// record it cannot read (damaged on disk) must not keep the whole server
// from starting, on every start from then on: it says so in its log and
// serves the rest; venue tablets get the settings at their next change.
func TestAServerStartsWhenItCannotLogTheSettingsAgain(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	office := newRawAs(t, env, "admin-laptop", org, domain.RoleAdministrator)
	if err := office.Push([]record.Write{{Kind: domain.KindPerson, ID: "ann", Field: "given_name", Value: "Ann", Stamp: office.Clock.Now(), Staff: "boss"}}, 1); err != nil {
		t.Fatal(err)
	}
	err := env.Store.Backend().Update(context.Background(), func(tx server.Tx) error {
		m, err := tx.Meta()
		if err != nil {
			return err
		}
		m.Seq++
		damaged := []byte{0xff, 0xfe, 0x01}
		if err := tx.PutEntity(domain.KindSetting, "damaged", damaged, m.Seq); err != nil {
			return err
		}
		if err := tx.PutLog(m.Seq, server.LogEntry{Kind: domain.KindSetting, ID: "damaged", Audience: server.AudienceOrganisation, State: damaged}, nil); err != nil {
			return err
		}
		return tx.SetMeta(m)
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Restart() // fails the test if the server does not start
	if e, err := env.Store.Entity(domain.KindPerson, "ann"); err != nil || e.Get("given_name") != "Ann" {
		t.Errorf("the server started without Ann (%v)", err)
	}
}
