package client_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/gather-sp/gather/sync/protocol"
)

// doJSON posts v encoded the protocol's way and decodes the answer into out.
func doJSON(t *testing.T, url, token string, v, out any) int {
	t.Helper()
	body, err := protocol.Encode(v)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	protocol.SetHeaders(req.Header)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	gz := resp.Header.Get("Content-Encoding") == "gzip"
	if err := protocol.Decode(resp.Body, gz, 64<<20, 256<<20, out); err != nil {
		t.Fatalf("decode answer: %v", err)
	}
	return resp.StatusCode
}
