package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/version"
)

// TestHealthCarriesTheVersion: an administrator (or a load balancer) can
// tell which release a server runs from its health answer, and which
// organisation name a store taking over its devices must adopt.
func TestHealthCarriesTheVersion(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	resp, err := http.Get(env.URL + protocol.PathHealth)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h protocol.Health
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	if h.Status != "ok" || h.Version != version.String("gather-server") {
		t.Errorf("health %+v, want version %q", h, version.String("gather-server"))
	}
	if h.Organisation == "" || h.Organisation != env.Store.Organisation() {
		t.Errorf("health names organisation %q, want %q", h.Organisation, env.Store.Organisation())
	}
}
