package server_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
)

// FuzzRequests sends arbitrary bodies to every endpoint that reads one, as
// an enrolled venue device: the server must never fail (5xx) or panic, and
// every refusal must be a JSON error with a message.
func FuzzRequests(f *testing.F) {
	st, err := badgerstore.OpenStore(f.TempDir(), badgerstore.Options{InMemory: true}, server.StoreOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	if _, err := st.AddVenue("v1", "Hall", ""); err != nil {
		f.Fatal(err)
	}
	code, _, _ := st.CreateCode(protocol.Scope{Venues: []string{"v1"}}, "", 0)
	resp, _, err := st.Enrol(protocol.EnrolRequest{Schema: 1, Code: code, DeviceID: "tablet"})
	if err != nil {
		f.Fatal(err)
	}
	h := server.New(st, server.Options{AdminToken: "admin"}).Handler()
	paths := []string{protocol.PathPush, protocol.PathPull, protocol.PathEnrol, protocol.PathAdminCodes, protocol.PathAdminVenues, protocol.PathAdminRevoke}
	f.Add(uint8(0), []byte(`{"schema":1,"epoch":"","writes":[{"seq":1,"kind":"venue","id":"v1","field":"name","value":"x","stamp":"1.0@tablet"}]}`), false)
	f.Add(uint8(1), []byte(`{"schema":1,"after":0,"limit":3}`), false)
	f.Add(uint8(2), []byte(`{"schema":1,"code":"AAAA-BBBB-CCCC","device_id":"d"}`), false)
	f.Add(uint8(3), []byte(`{"schema":1,"scope":{"venues":["v1"]}}`), false)
	f.Add(uint8(4), []byte(`{"schema":1,"name":"Hall"}`), false)
	f.Add(uint8(0), []byte{0x1f, 0x8b, 0, 0}, true)
	f.Fuzz(func(t *testing.T, which uint8, body []byte, gzipped bool) {
		path := paths[int(which)%len(paths)]
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		token := resp.Token
		if path == protocol.PathAdminCodes || path == protocol.PathAdminVenues || path == protocol.PathAdminRevoke {
			token = "admin"
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if gzipped {
			req.Header.Set("Content-Encoding", "gzip")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s answered %d: %s", path, rec.Code, rec.Body.Bytes())
		}
		if rec.Code != http.StatusOK {
			var perr protocol.Error
			if err := protocol.DecodeBytes(rec.Body.Bytes(), rec.Header().Get("Content-Encoding") == "gzip", 1<<20, &perr); err != nil || perr.Message == "" {
				t.Fatalf("%s refused without a JSON message: %v %q", path, err, rec.Body.Bytes())
			}
		}
	})
}
