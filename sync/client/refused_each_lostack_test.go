package client_test

import (
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// losesFirstPushAnswer passes pushes to the server and loses the answer to
// the first: the server applied it, the device never heard.
type losesFirstPushAnswer struct{ pushes atomic.Int32 }

func (l *losesFirstPushAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && req.URL.Path == protocol.PathPush && l.pushes.Add(1) == 1 {
		resp.Body.Close()
		return nil, errors.New("connection reset (answer lost)")
	}
	return resp, err
}

// TestARefusedOneByOneAnswerLostIsListedOnce: a reception desk's own
// merge, which its role may not make, goes with two people it may save.
// The server saves the people and refuses the merge one by one, but the
// answer is lost; the desk sends the batch again. The merge is listed as
// refused once, the people reach the server, nothing waits, and the desk
// keeps its merge (listed, to undo or make on an office device).
func TestARefusedOneByOneAnswerLostIsListedOnce(t *testing.T) {
	w := newWorld(t)
	var lose losesFirstPushAnswer
	desk := w.env.NewDeviceAs("desk", org, domain.RoleReception, client.Options{HTTPClient: testenv.HTTPClient(&lose)}, nil)
	desk.Save(domain.KindPerson, "x", map[string]string{"given_name": "Xena", "family_name": "Tester"})
	desk.Save(domain.KindPerson, "x-dup", map[string]string{"given_name": "Xena", "family_name": "Tester"})
	desk.Save(domain.KindPerson, "x-dup", map[string]string{record.FieldMergedInto: "x"})
	desk.Save(domain.KindPerson, "y", map[string]string{"given_name": "Yan", "family_name": "Tester"})
	if err := desk.Client.SyncOnce(t.Context()); err == nil {
		t.Fatal("the sync whose answer was lost went through")
	}
	desk.Sync()
	if lose.pushes.Load() < 2 {
		t.Fatalf("%d pushes; want the batch sent again", lose.pushes.Load())
	}
	refused := desk.Client.Refused()
	if len(refused) != 1 || refused[0].Field != record.FieldMergedInto {
		t.Errorf("the desk lists %+v; want its merge once", refused)
	}
	if n := desk.Store.PendingCount(); n != 0 {
		t.Errorf("%d changes still wait on the desk", n)
	}
	if got := desk.Get(domain.KindPerson, "x-dup", record.FieldMergedInto); got != "x" {
		t.Errorf("the desk lost its merge (%q)", got)
	}
	for _, id := range []string{"x", "x-dup", "y"} {
		e, _ := w.env.Store.Entity(domain.KindPerson, id)
		if e.Get("given_name") == "" {
			t.Errorf("%s did not reach the server", id)
		}
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, "x-dup"); e.Get(record.FieldMergedInto) != "" {
		t.Error("the server took a merge from a reception desk")
	}
}
