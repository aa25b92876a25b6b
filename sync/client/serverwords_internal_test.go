package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gather-sp/gather/sync/protocol"
)

// TestServerWords: what a server says is kept whole up to maxServerWords
// characters; longer, it is cut between two characters and marked.
func TestServerWords(t *testing.T) {
	at := strings.Repeat("a", maxServerWords)
	for _, c := range []struct {
		name, in, want string
	}{
		{"short", "outside this device's venues", "outside this device's venues"},
		{"empty", "", ""},
		{"just at the bound", at, at},
		{"one over", at + "b", at[:maxServerWords-1] + "…"},
		{"wide characters", strings.Repeat("😀", maxServerWords+5), strings.Repeat("😀", maxServerWords-1) + "…"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := serverWords(c.in)
			if got != c.want {
				t.Errorf("serverWords(%d runes) = %d runes %q…, want %d runes", utf8.RuneCountInString(c.in),
					utf8.RuneCountInString(got), got[:min(len(got), 12)], utf8.RuneCountInString(c.want))
			}
			if !utf8.ValidString(got) {
				t.Error("cut inside a character")
			}
		})
	}
}

// TestDeviceNamesFromTheServerAreBounded: Admin › Devices shows the names
// the server lists; a hostile one's megabyte name is shown cut.
func TestDeviceNamesFromTheServerAreBounded(t *testing.T) {
	long := strings.Repeat("ü", 200_000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := protocol.Encode(&protocol.DevicesResponse{Devices: []protocol.DeviceInfo{{ID: "d1", Name: long}}})
		protocol.SetHeaders(w.Header())
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	c := newTestClient(t, Options{})
	if err := c.store.SetMeta(map[string][]byte{MetaServer: []byte(srv.URL), MetaToken: []byte("t")}); err != nil {
		t.Fatal(err)
	}
	devices, err := c.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(devices[0].Name); len(devices) != 1 || n > maxServerWords {
		t.Errorf("the device's name is %d characters", n)
	}
}

// TestRefusedWordsKeptBeforeTheBoundAreShownBounded: a list of refused
// changes saved before the bound gives its reasons bounded.
func TestRefusedWordsKeptBeforeTheBoundAreShownBounded(t *testing.T) {
	c := newTestClient(t, Options{})
	b, _ := json.Marshal([]RefusedChange{{Seq: 1, Kind: "person", ID: "p1", Field: "phone", Reason: strings.Repeat("x", 60_000)}})
	if err := c.store.SetMeta(map[string][]byte{MetaRefused: b}); err != nil {
		t.Fatal(err)
	}
	if list := c.Refused(); len(list) != 1 || utf8.RuneCountInString(list[0].Reason) > maxServerWords {
		t.Errorf("the reason kept is shown at %d characters", utf8.RuneCountInString(list[0].Reason))
	}
}
