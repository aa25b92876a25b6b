package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
)

// selfSigned writes a certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gather test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestServeOverTLS(t *testing.T) {
	data := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--tls-cert", certFile, "--tls-key", keyFile}, io.Discard, io.Discard)
	}()
	var info serveInfo
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(filepath.Join(data, "serve.json")); err == nil && json.Unmarshal(b, &info) == nil {
			break
		}
	}
	if !strings.HasPrefix(info.URL, "https://") {
		t.Fatalf("serve.json says %+v", info)
	}
	// Admin commands reach the running server over TLS.
	if out, code := cli(t, "add-venue", "--data", data, "--id", "hall", "--name", "Hall"); code != 0 {
		t.Fatalf("add-venue: %s", out)
	}
	out, code := cli(t, "create-code", "--data", data, "--venues", "hall")
	if code != 0 {
		t.Fatalf("create-code: %s", out)
	}
	st, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	code1 := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(out)
	if err := client.Enrol(ctx, st, info.URL, code1, client.Options{HTTPClient: hc}); err != nil {
		t.Fatal(err)
	}
	if err := client.New(st, client.Options{HTTPClient: hc}).SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if v, _ := st.View().Get("venue", "hall"); v == nil {
		t.Error("the tablet did not receive its venue over TLS")
	}
	// A client that does not trust the certificate is turned away.
	plain := &http.Client{}
	if _, err := plain.Get(info.URL + "/v1/health"); err == nil {
		t.Error("an untrusted certificate was accepted")
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d on shutdown", code)
	}
}
