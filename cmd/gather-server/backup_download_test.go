package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
	"github.com/gather-sp/gather/sync/server/storetest"
)

// slowWriter takes a pause on every write: a USB stick or a network share.
type slowWriter struct{ n int }

func (w *slowWriter) Write(p []byte) (int, error) {
	time.Sleep(15 * time.Millisecond)
	w.n += len(p)
	return len(p), nil
}

// A backup through the running server streams for as long as the
// destination needs: the server's write timeout (5 minutes, 200 ms here)
// cut it, and the admin client's 30-second Timeout covered the whole body.
func TestBackupThroughTheServerOutlastsItsWriteTimeout(t *testing.T) {
	defer func(d time.Duration) { writeTimeout = d }(writeTimeout)
	writeTimeout = 200 * time.Millisecond
	data := t.TempDir()
	st, err := badgerstore.OpenStore(data, badgerstore.Options{}, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	add, flush := storetest.OfficePusher(t, st)
	note := strings.Repeat("x", 1500)
	for i := 0; i < 3000; i++ {
		add(domain.KindPerson, fmt.Sprintf("p%05d", i), map[string]string{"given_name": "G", "notes": note})
	}
	flush()
	token, err := ensureAdminToken(data)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	h := server.New(st, server.Options{Logger: slog.New(slog.DiscardHandler), AdminToken: token}).Handler()
	go func() {
		done <- listenAndServe(ctx, slog.New(slog.DiscardHandler), h, "127.0.0.1:0", false, "", "", data)
	}()
	defer func() { cancel(); <-done }()
	// Until the admin client reads serve.json: os.WriteFile creates it
	// empty before it writes it, and a slow start takes seconds.
	var a *admin
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if a, err = remoteAdmin(data); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
	}
	if a.http.Timeout != 0 {
		t.Errorf("the admin client's Timeout (%v) would cut a long backup", a.http.Timeout)
	}
	var want strings.Builder
	if err := st.Backup(&want); err != nil {
		t.Fatal(err)
	}
	w := &slowWriter{}
	start := time.Now()
	err = a.download(w)
	if err == nil && w.n < want.Len()*9/10 {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		t.Fatalf("a backup that took %v (%d of about %d bytes) failed: %v", time.Since(start).Round(time.Millisecond), w.n, want.Len(), err)
	}
	if time.Since(start) < writeTimeout {
		t.Fatalf("the download took %v, less than the write timeout: the test proves nothing", time.Since(start))
	}
}
