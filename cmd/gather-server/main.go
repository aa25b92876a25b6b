package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `gather-server: Gather's central sync server.

Commands:
  serve        run the server
  add-venue    add a venue
  create-code  make a one-time enrolment code for a device
  devices      list enrolled devices
  revoke       remove a device (a lost tablet); it is refused from then on
  backup       write a backup of the data folder
  restore      fill an empty data folder from a backup (devices re-sync)

Run "gather-server COMMAND -h" for a command's options.
`

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmds := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"serve": serve, "add-venue": addVenue, "create-code": createCode, "devices": devices,
		"revoke": revoke, "backup": backup, "restore": restore,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gather-server: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err := cmd(ctx, args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "gather-server %s: %v\n", args[0], err)
			return 2
		}
		fmt.Fprintf(stderr, "gather-server %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

type usageError struct{ error }

func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "the server's data folder (required)")
	return fs, data
}

func parse(fs *flag.FlagSet, args []string, data *string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments %q", fs.Args())}
	}
	if *data == "" {
		return usageError{errors.New("--data DIR is required: the folder where the server keeps its data")}
	}
	return nil
}

// serveInfo is written to DIR/serve.json while the server runs, so admin
// commands can find it.
type serveInfo struct {
	URL     string `json:"url"`
	TLSCert string `json:"tls_cert,omitempty"`
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8420", "address to listen on")
	certFile := fs.String("tls-cert", "", "TLS certificate file (PEM)")
	keyFile := fs.String("tls-key", "", "TLS key file (PEM)")
	plain := fs.Bool("insecure-allow-plain-http", false, "serve plain HTTP on a non-loopback address (only behind a TLS proxy or on an encrypted network)")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	if (*certFile == "") != (*keyFile == "") {
		return usageError{errors.New("give both --tls-cert and --tls-key, or neither")}
	}
	useTLS := *certFile != ""
	if err := server.CheckListen(*addr, useTLS, *plain); err != nil {
		return err
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		return usageError{fmt.Errorf("--log-level: %v", err)}
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: lv}))
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return err
	}
	adminToken, err := ensureAdminToken(*data)
	if err != nil {
		return err
	}
	store, err := server.OpenStore(*data, server.StoreOptions{})
	if err != nil {
		return err
	}
	defer store.Close()
	srv := &http.Server{
		Handler:           server.New(store, server.Options{Logger: log, AdminToken: adminToken}).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w (is another server running?)", *addr, err)
	}
	scheme := "http"
	if useTLS {
		scheme = "https"
	}
	info := serveInfo{URL: scheme + "://" + adminAddr(ln.Addr().String())}
	if useTLS {
		info.TLSCert, _ = filepath.Abs(*certFile)
	}
	b, _ := json.Marshal(info)
	if err := os.WriteFile(filepath.Join(*data, "serve.json"), b, 0o600); err != nil {
		return err
	}
	defer os.Remove(filepath.Join(*data, "serve.json"))
	log.Info("gather-server listening", "addr", ln.Addr().String(), "tls", useTLS, "epoch", store.Epoch(), "data", *data)
	errc := make(chan error, 1)
	go func() {
		if useTLS {
			errc <- srv.ServeTLS(ln, *certFile, *keyFile)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// adminAddr turns a listening address into one a local command can dial.
func adminAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

func ensureAdminToken(dir string) (string, error) {
	path := filepath.Join(dir, "admin-token")
	if b, err := os.ReadFile(path); err == nil && len(bytes.TrimSpace(b)) > 0 {
		return string(bytes.TrimSpace(b)), nil
	}
	var raw [32]byte
	rand.Read(raw[:])
	tok := hex.EncodeToString(raw[:])
	return tok, os.WriteFile(path, []byte(tok+"\n"), 0o600)
}

// admin runs direct against the data folder when it is free, or through
// the running server's admin endpoint when the server holds it.
type admin struct {
	store *server.Store // direct
	url   string        // or remote
	token string
	http  *http.Client
}

func openAdmin(data string) (*admin, error) {
	if _, err := os.Stat(data); err != nil {
		return nil, fmt.Errorf("no data folder at %s: start the server once with serve --data %s", data, data)
	}
	st, err := server.OpenStore(data, server.StoreOptions{})
	if err == nil {
		return &admin{store: st}, nil
	}
	if !errors.Is(err, server.ErrLocked) {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(data, "serve.json"))
	if err != nil {
		return nil, fmt.Errorf("the data folder is in use but the running server left no serve.json: %w", err)
	}
	var info serveInfo
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, fmt.Errorf("serve.json is damaged: %w", err)
	}
	tok, err := os.ReadFile(filepath.Join(data, "admin-token"))
	if err != nil {
		return nil, fmt.Errorf("reading the admin token: %w", err)
	}
	hc := &http.Client{Timeout: 30 * time.Second}
	if info.TLSCert != "" {
		pem, err := os.ReadFile(info.TLSCert)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		hc.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	}
	return &admin{url: info.URL, token: strings.TrimSpace(string(tok)), http: hc}, nil
}

func (a *admin) close() {
	if a.store != nil {
		a.store.Close()
	}
}

func (a *admin) call(method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := protocol.Encode(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.url+path, body)
	if err != nil {
		return err
	}
	protocol.SetHeaders(req.Header)
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := a.http.Do(req)
	if err != nil {
		return fmt.Errorf("the data folder is in use, but the running server at %s does not answer: %w", a.url, err)
	}
	defer resp.Body.Close()
	gz := resp.Header.Get("Content-Encoding") == "gzip"
	if resp.StatusCode != http.StatusOK {
		var perr protocol.Error
		if err := protocol.Decode(resp.Body, gz, 1<<20, 1<<20, &perr); err != nil {
			return fmt.Errorf("the server answered %s", resp.Status)
		}
		return &perr
	}
	if out == nil {
		return nil
	}
	return protocol.Decode(resp.Body, gz, 64<<20, 64<<20, out)
}

func addVenue(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("add-venue", stderr)
	name := fs.String("name", "", "the venue's name (required)")
	id := fs.String("id", "", "the venue's id (default: a new one)")
	address := fs.String("address", "", "the venue's address")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return usageError{errors.New("--name is required")}
	}
	a, err := openAdmin(*data)
	if err != nil {
		return err
	}
	defer a.close()
	var venue string
	if a.store != nil {
		venue, err = a.store.AddVenue(*id, *name, *address)
	} else {
		var resp protocol.AddVenueResponse
		err = a.call(http.MethodPost, protocol.PathAdminVenues, protocol.AddVenueRequest{Schema: protocol.Schema, ID: *id, Name: *name, Address: *address}, &resp)
		venue = resp.ID
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "venue %s added: %s\n", venue, *name)
	return nil
}

func createCode(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("create-code", stderr)
	venues := fs.String("venues", "", "comma-separated venue ids the device is for (a tablet at a venue)")
	org := fs.Bool("organisation", false, "the device sees everything (link workers, reception)")
	role := fs.String("role", "", "the role of the device's users, for the record (facilitator, link worker, ...)")
	valid := fs.Duration("valid", 24*time.Hour, "how long the code works")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	scope := protocol.Scope{Organisation: *org}
	for _, v := range strings.Split(*venues, ",") {
		if v = strings.TrimSpace(v); v != "" {
			scope.Venues = append(scope.Venues, v)
		}
	}
	if *org == (len(scope.Venues) > 0) {
		return usageError{errors.New("give either --organisation or --venues ID,ID")}
	}
	if *valid <= 0 || *valid > 30*24*time.Hour {
		return usageError{errors.New("--valid must be between a minute and 30 days")}
	}
	a, err := openAdmin(*data)
	if err != nil {
		return err
	}
	defer a.close()
	var code string
	var expires time.Time
	if a.store != nil {
		code, expires, err = a.store.CreateCode(scope, *role, *valid)
	} else {
		var resp protocol.CreateCodeResponse
		err = a.call(http.MethodPost, protocol.PathAdminCodes, protocol.CreateCodeRequest{Schema: protocol.Schema, Scope: scope, Role: *role, ValidForMinute: int(valid.Minutes())}, &resp)
		code, expires = resp.Code, time.UnixMilli(resp.Expires)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "enrolment code for %s: %s\nit works once, until %s\n", scope, code, expires.Local().Format("2 Jan 2006 15:04"))
	return nil
}

func devices(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("devices", stderr)
	if err := parse(fs, args, data); err != nil {
		return err
	}
	a, err := openAdmin(*data)
	if err != nil {
		return err
	}
	defer a.close()
	var list []protocol.DeviceInfo
	if a.store != nil {
		list = a.store.Devices()
	} else {
		var resp protocol.DevicesResponse
		if err := a.call(http.MethodGet, protocol.PathAdminDevices, nil, &resp); err != nil {
			return err
		}
		list = resp.Devices
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DEVICE\tNAME\tSCOPE\tENROLLED\tLAST SEEN\tSTATE")
	for _, d := range list {
		state := "active"
		if d.Revoked {
			state = "revoked"
		}
		seen := "never"
		if d.LastSeen > 0 {
			seen = time.UnixMilli(d.LastSeen).Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Name, d.Scope, time.UnixMilli(d.Enrolled).Local().Format("2006-01-02 15:04"), seen, state)
	}
	return tw.Flush()
}

func revoke(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("revoke", stderr)
	id := fs.String("device", "", "the device id to remove (see devices)")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	if *id == "" {
		return usageError{errors.New("--device ID is required")}
	}
	a, err := openAdmin(*data)
	if err != nil {
		return err
	}
	defer a.close()
	if a.store != nil {
		err = a.store.Revoke(*id)
	} else {
		err = a.call(http.MethodPost, protocol.PathAdminRevoke, protocol.RevokeRequest{Schema: protocol.Schema, DeviceID: *id}, nil)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "device %s revoked: it is refused from its next request, and wipes its copy when it hears so\n", *id)
	return nil
}

func backup(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("backup", stderr)
	out := fs.String("out", "", "file to write the backup to (required)")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	if *out == "" {
		return usageError{errors.New("--out FILE is required")}
	}
	a, err := openAdmin(*data)
	if err != nil {
		return err
	}
	defer a.close()
	tmp := *out + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if a.store != nil {
		err = a.store.Backup(f)
	} else {
		err = a.download(f)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s\n", *out)
	return nil
}

func (a *admin) download(w io.Writer) error {
	req, err := http.NewRequest(http.MethodGet, a.url+"/v1/admin/backup", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := a.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the server answered %s", resp.Status)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

func restore(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("restore", stderr)
	in := fs.String("in", "", "backup file to restore (required)")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	if *in == "" {
		return usageError{errors.New("--in FILE is required")}
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return err
	}
	if err := server.Restore(*data, f); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored into %s with a new epoch: devices will fetch everything again and send back what the backup lacks\n", *data)
	return nil
}
