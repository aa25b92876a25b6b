package main

import (
	"bufio"
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
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/atomicfile"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
	"github.com/gather-sp/gather/sync/server/pgstore"
	"github.com/gather-sp/gather/version"
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
  create-code  make a one-time connection code (enrolment code) for a device
  devices      list enrolled devices
  revoke       remove a device (a lost tablet); it is refused from then on
  backup       write a backup of the data folder (sealed with the store's key)
  restore      fill an empty data folder from a backup (devices re-sync)
  init-key     write a new random key file for the store (mode 0600)
  rotate-key   re-seal a stopped store under a new key
  admin-token  make a new admin token for servers sharing a PostgreSQL database
  rotate-epoch give the store a new epoch after restoring it by other means
               (a PostgreSQL point-in-time restore): devices re-sync
  adopt-organisation --name NAME
               give a store rebuilt without a backup the organisation name
               its devices hold (their message names it), so they may
               enrol and send back what they hold

By default the store is Badger in the data folder (--data DIR), served by one
process. With --db postgres://... (or $` + dbEnv + `), every command uses
that PostgreSQL database instead, which several serve processes may share
behind a load balancer; see docs/deploy.md.

The store is encrypted at rest. Every command that opens it takes its key
from --key-file FILE, else from $GATHER_SERVER_KEY (64 hex characters), else
from DATA.key next to the data folder (which serve makes on first start).
Keep a copy of the key apart from the data and its backups: without it,
neither can be read. See docs/security.md, "At rest on the server".

Run "gather-server COMMAND -h" for a command's options.
`

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if a := args[0]; len(args) == 1 && (a == "--version" || a == "-version" || a == "version") {
		fmt.Fprintln(stdout, version.String("gather-server"))
		return 0
	}
	cmds := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"serve": serve, "add-venue": addVenue, "create-code": createCode, "devices": devices,
		"revoke": revoke, "backup": backup, "restore": restore, "init-key": initKey, "rotate-key": rotateKey,
		"admin-token": adminTokenCmd, "rotate-epoch": rotateEpoch, "adopt-organisation": adoptOrganisation,
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

// dbEnv may hold the --db address, so its password is not in the process
// list.
const dbEnv = "GATHER_SERVER_DATABASE_URL"

func newFlags(name string, stderr io.Writer) (fs *flag.FlagSet, data, keyFile *string) {
	fs = flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data = fs.String("data", "", "the server's data folder (required unless --db)")
	fs.String("db", "", "a PostgreSQL database to keep the store in instead, as postgres://user@host/dbname (default: $"+dbEnv+" when --data is not given)")
	keyFile = fs.String("key-file", "", "file holding the key the store is encrypted with (default: $"+badgerstore.KeyEnv+", else DATA.key next to the data folder)")
	return fs, data, keyFile
}

// parseArgs parses a command's flags; it takes no other arguments.
func parseArgs(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments %q", fs.Args())}
	}
	return nil
}

func parse(fs *flag.FlagSet, args []string, data *string) error {
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	explicit := fs.Lookup("db").Value.String()
	switch {
	case *data != "" && explicit != "":
		return usageError{errors.New("give --data DIR (Badger) or --db URL (PostgreSQL), not both")}
	case *data == "" && dbURL(fs, *data) == "":
		return usageError{errors.New("--data DIR is required: the folder where the server keeps its data (or --db postgres://... for PostgreSQL)")}
	}
	return nil
}

// dbURL is the PostgreSQL database a command uses, or "" for Badger in
// --data.
func dbURL(fs *flag.FlagSet, data string) string {
	if v := fs.Lookup("db").Value.String(); v != "" || data != "" {
		return v
	}
	return os.Getenv(dbEnv)
}

// openPG opens the store in a PostgreSQL database.
func openPG(ctx context.Context, url string) (*server.Store, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return pgstore.OpenStore(ctx, url, pgstore.Options{}, server.StoreOptions{})
}

// prefixes is a flag of CIDRs (or single addresses), repeated or
// comma-separated.
type prefixes []netip.Prefix

func (p *prefixes) String() string {
	var out []string
	for _, x := range *p {
		out = append(out, x.String())
	}
	return strings.Join(out, ",")
}

func (p *prefixes) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if pr, err := netip.ParsePrefix(part); err == nil {
			*p = append(*p, pr.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return fmt.Errorf("%q is not an address or CIDR (like 10.0.0.0/8)", part)
		}
		*p = append(*p, netip.PrefixFrom(a, a.BitLen()))
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
	fs, data, storeKeyFile := newFlags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8420", "address to listen on")
	certFile := fs.String("tls-cert", "", "TLS certificate file (PEM)")
	keyFile := fs.String("tls-key", "", "TLS key file (PEM)")
	plain := fs.Bool("insecure-allow-plain-http", false, "serve plain HTTP on a non-loopback address (only behind a TLS proxy or on an encrypted network)")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	var trusted prefixes
	fs.Var(&trusted, "trusted-proxy", "a load balancer's address or CIDR (repeatable): for its requests, the client's address is taken from X-Forwarded-For, so the wrong-code limit counts clients, not the proxy")
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
	if db := dbURL(fs, *data); db != "" {
		store, err := openPG(ctx, db)
		if err != nil {
			return err
		}
		defer store.Close()
		// The admin token's hash is in the database (admin-token), shared
		// by every process.
		if h, err := store.Backend().AdminTokenHash(ctx); err != nil {
			return err
		} else if h == nil {
			log.Warn("no admin token is set for this database, so the admin endpoints refuse every request: make one with gather-server admin-token (the admin commands work on the database without it)")
		}
		h := server.New(store, server.Options{Logger: log, TrustedProxies: trusted}).Handler()
		return listenAndServe(ctx, log, h, *addr, useTLS, *certFile, *keyFile, "", "epoch", store.Epoch(), "store", "postgresql")
	}
	if err := checkOwner(*data); err != nil {
		return err
	}
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return err
	}
	adminToken, err := ensureAdminToken(*data)
	if err != nil {
		return err
	}
	key, keySource, err := storeKey(*data, *storeKeyFile, func(path string) {
		log.Warn("made a new key for the server store: copy it now to somewhere safe, apart from the data folder and its backups (without it neither can be read), and for production keep it off the data's disk and give it with --key-file or "+badgerstore.KeyEnv, "key_file", path)
	})
	if err != nil {
		return err
	}
	if key == nil {
		log.Warn("the server store is NOT encrypted at rest: it was made before the server encrypted its store; move it to an encrypted one (docs/security.md, At rest on the server)", "data", *data)
	}
	store, err := badgerstore.OpenStore(*data, badgerstore.Options{EncryptionKey: key}, server.StoreOptions{})
	if err != nil {
		return err
	}
	defer store.Close()
	h := server.New(store, server.Options{Logger: log, AdminToken: adminToken, TrustedProxies: trusted}).Handler()
	return listenAndServe(ctx, log, h, *addr, useTLS, *certFile, *keyFile, *data, "epoch", store.Epoch(), "data", *data,
		"encrypted", key != nil, "key_from", keySource)
}

// listenAndServe serves h until ctx ends. With a data folder it writes
// serve.json there, so admin commands can find the running server.
func listenAndServe(ctx context.Context, log *slog.Logger, h http.Handler, addr string, useTLS bool, certFile, keyFile, data string, attrs ...any) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w (is another server running?)", addr, err)
	}
	scheme := "http"
	if useTLS {
		scheme = "https"
	}
	if data != "" {
		info := serveInfo{URL: scheme + "://" + adminAddr(ln.Addr().String())}
		if useTLS {
			info.TLSCert, _ = filepath.Abs(certFile)
		}
		b, _ := json.Marshal(info)
		// Written aside and renamed, so an admin command run as the
		// server starts reads the whole file or none (os.WriteFile makes
		// it empty first: "serve.json is damaged").
		tmp := filepath.Join(data, "serve.json.tmp")
		if err := os.WriteFile(tmp, b, 0o600); err != nil {
			return err
		}
		if err := os.Rename(tmp, filepath.Join(data, "serve.json")); err != nil {
			os.Remove(tmp)
			return err
		}
		defer os.Remove(filepath.Join(data, "serve.json"))
	}
	log.Info("gather-server listening", append([]any{"addr", ln.Addr().String(), "tls", useTLS}, attrs...)...)
	errc := make(chan error, 1)
	go func() {
		if useTLS {
			errc <- srv.ServeTLS(ln, certFile, keyFile)
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

// writeTimeout bounds writing an answer (a variable for tests).
var writeTimeout = 5 * time.Minute

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

// openAdmin opens the store for a command that must find one there: only
// serve and restore make a store.
func openAdmin(fs *flag.FlagSet, data, keyFile string) (*admin, error) {
	if db := dbURL(fs, data); db != "" {
		// Every process shares the database: commands use it directly.
		st, err := openPG(context.Background(), db)
		if err != nil {
			return nil, err
		}
		return &admin{store: st}, nil
	}
	if err := needStore(data); err != nil {
		return nil, err
	}
	if err := checkOwner(data); err != nil && !serverAnswers(data) {
		return nil, err
	}
	key, _, err := findKey(data, keyFile)
	if err != nil {
		return nil, err
	}
	st, err := badgerstore.OpenStore(data, badgerstore.Options{EncryptionKey: key}, server.StoreOptions{})
	if err == nil {
		return &admin{store: st}, nil
	}
	keyErr := errors.Is(err, badgerstore.ErrKeyNeeded) || errors.Is(err, badgerstore.ErrWrongKey)
	if !errors.Is(err, badgerstore.ErrLocked) && !keyErr {
		return nil, err
	}
	a, rerr := remoteAdmin(data)
	if keyErr {
		// A running server has the key already: this command needs none
		// when it can go through the server. Otherwise the key is the
		// problem, so say that.
		if rerr != nil || a.ping() != nil {
			return nil, err
		}
	}
	return a, rerr
}

// remoteAdmin reaches the server that runs on data.
func remoteAdmin(data string) (*admin, error) {
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
	// No overall Timeout: it would cut a backup's download, however long
	// the store. A server that does not answer is caught by the dial and
	// header timeouts, and call bounds each small request.
	tr := &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: adminTimeout,
		IdleConnTimeout:       time.Minute,
	}
	if info.TLSCert != "" {
		pem, err := os.ReadFile(info.TLSCert)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	hc := &http.Client{Transport: tr}
	return &admin{url: info.URL, token: strings.TrimSpace(string(tok)), http: hc}, nil
}

// debData is the data folder of the server the .deb installs
// (packaging/linux/gather-server.service).
const debData = "/var/lib/gather-server/data"

// needStore refuses a data folder that holds no store, so a command given
// the wrong folder (the .deb's parent folder, a typo) says so instead of
// making an empty store there and answering from it: a backup of nothing
// that reports success.
func needStore(data string) error {
	state, err := badgerstore.StoreEncryption(data)
	if err != nil {
		return err
	}
	if state == badgerstore.NoStore {
		return fmt.Errorf("there is no server store in %s: give the data folder the server runs on "+
			"(the .deb's is %s), or start a new store with gather-server serve --data %s", data, debData, data)
	}
	return nil
}

// serverAnswers says whether a server runs on data and answers: then a
// command goes through it and writes nothing in the folder.
func serverAnswers(data string) bool {
	a, err := remoteAdmin(data)
	return err == nil && a.ping() == nil
}

// adminTimeout bounds an admin request but a backup's download.
const adminTimeout = 30 * time.Second

// ping says whether the running server answers.
func (a *admin) ping() error {
	ctx, cancel := context.WithTimeout(context.Background(), adminTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.url+protocol.PathHealth, nil)
	if err != nil {
		return err
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the server answered %s", resp.Status)
	}
	return nil
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
	ctx, cancel := context.WithTimeout(context.Background(), adminTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, a.url+path, body)
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
	fs, data, keyFile := newFlags("add-venue", stderr)
	name := fs.String("name", "", "the venue's name (required)")
	id := fs.String("id", "", "the venue's id (default: a new one)")
	address := fs.String("address", "", "the venue's address")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return usageError{errors.New("--name is required")}
	}
	a, err := openAdmin(fs, *data, *keyFile)
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
	fs, data, keyFile := newFlags("create-code", stderr)
	venues := fs.String("venues", "", "comma-separated venue ids the device is for (a tablet at a venue)")
	org := fs.Bool("organisation", false, "the device sees everything (link workers, reception)")
	role := fs.String("role", "", "the role of the device's users (facilitator, link worker, ...); an --organisation device with --role administrator may also list devices, make codes and revoke from the app")
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
	// A misspelt role would enrol a device the server then refuses
	// erasures, merges and settings from (its push checks the role).
	if *role != "" && !slices.Contains(domain.Roles, *role) {
		return usageError{fmt.Errorf("%q is not a role Gather knows: give --role one of %s", *role, strings.Join(domain.Roles, ", "))}
	}
	if *org && *role == "" {
		fmt.Fprintf(stderr, "note: this code names no role, so the server will not take an erasure, a merge or the organisation's settings from the device it enrols; give --role (%s) for those\n", strings.Join(domain.Roles, ", "))
	}
	a, err := openAdmin(fs, *data, *keyFile)
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
	fmt.Fprintf(stdout, "connection code for %s: %s\nit works once, until %s\n", scope, code, expires.Local().Format("2 Jan 2006 15:04"))
	return nil
}

func devices(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data, keyFile := newFlags("devices", stderr)
	if err := parse(fs, args, data); err != nil {
		return err
	}
	a, err := openAdmin(fs, *data, *keyFile)
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
	fmt.Fprintln(tw, "DEVICE\tNAME\tSCOPE\tROLE\tENROLLED\tLAST SEEN\tLAST SYNCED\tSTATE")
	when := func(ms int64) string {
		if ms <= 0 {
			return "never"
		}
		return time.UnixMilli(ms).Local().Format("2006-01-02 15:04")
	}
	for _, d := range list {
		state := "active"
		if d.Revoked {
			state = "revoked"
		}
		role := d.Role
		if role == "" {
			role = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Name, d.Scope, role, when(d.Enrolled), when(d.LastSeen), when(d.LastSynced), state)
	}
	return tw.Flush()
}

func revoke(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data, keyFile := newFlags("revoke", stderr)
	id := fs.String("device", "", "the device id to remove (see devices)")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	if *id == "" {
		return usageError{errors.New("--device ID is required")}
	}
	a, err := openAdmin(fs, *data, *keyFile)
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
	fs, data, keyFile := newFlags("backup", stderr)
	out := fs.String("out", "", "file to write the backup to (required)")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	if dbURL(fs, *data) != "" {
		return usageError{errors.New("backup is for the Badger store in --data; back up and restore a PostgreSQL store with pg_dump and pg_restore or your database's point-in-time recovery, then run rotate-epoch (docs/deploy.md)")}
	}
	if *out == "" {
		return usageError{errors.New("--out FILE is required")}
	}
	a, err := openAdmin(fs, *data, *keyFile)
	if err != nil {
		return err
	}
	defer a.close()
	err = atomicfile.Write(*out, 0o600, func(w io.Writer) error {
		if a.store != nil {
			return a.store.Backup(w)
		}
		return a.download(w)
	})
	if err != nil {
		return err
	}
	if state, _ := badgerstore.StoreEncryption(*data); state == badgerstore.EncryptedStore {
		fmt.Fprintf(stdout, "backup written to %s, sealed with the store's key: it cannot be restored without that key, so keep the key safe and apart from it\n", *out)
	} else {
		fmt.Fprintf(stdout, "backup written to %s\nthe store is not encrypted, so neither is this backup: it holds every record in plain form\n", *out)
	}
	return nil
}

func (a *admin) download(w io.Writer) error {
	req, err := http.NewRequest(http.MethodGet, a.url+protocol.PathAdminBackup, nil)
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
	fs, data, keyFile := newFlags("restore", stderr)
	in := fs.String("in", "", "backup file to restore (required)")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	if dbURL(fs, *data) != "" {
		return usageError{errors.New("restore is for the Badger store in --data; back up and restore a PostgreSQL store with pg_dump and pg_restore or your database's point-in-time recovery, then run rotate-epoch (docs/deploy.md)")}
	}
	if *in == "" {
		return usageError{errors.New("--in FILE is required")}
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	if state, err := badgerstore.StoreEncryption(*data); err != nil {
		return err
	} else if state != badgerstore.NoStore {
		return fmt.Errorf("restore needs an empty data folder; %s already holds a store", *data)
	}
	if err := checkOwner(*data); err != nil {
		return err
	}
	br := bufio.NewReader(f)
	head, _ := br.Peek(len(badgerstore.EncryptedBackupMagic))
	sealed := string(head) == badgerstore.EncryptedBackupMagic
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return err
	}
	var key []byte
	if sealed {
		// A sealed backup opens only with its own key: never make one.
		if key, _, err = findKey(*data, *keyFile); err != nil {
			return err
		}
		if key == nil {
			return badgerstore.ErrBackupKey
		}
	} else if key, _, err = storeKey(*data, *keyFile, func(path string) { newKeyNote(stderr, path) }); err != nil {
		// A plain backup (from an older server) is restored into an
		// encrypted store all the same.
		return err
	}
	if err := badgerstore.Restore(*data, br, badgerstore.Options{EncryptionKey: key}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored into %s with a new epoch: devices will fetch everything again and send back what the backup lacks\n", *data)
	fmt.Fprint(stdout, afterRestore(*data))
	return nil
}

// afterRestore says what a restore cannot put right by itself: the store
// holds its devices as they were at the backup's moment, so a device
// removed since (a stolen tablet) may sync again until it is revoked again.
func afterRestore(data string) string {
	where := "--data " + data
	if data == "" {
		where = "--db ..."
	}
	return "devices are connected as they were at the backup's moment: a device removed since then (a lost or stolen tablet) is connected again. " +
		"Before serving, list them with \"gather-server devices " + where + "\" and run \"gather-server revoke " + where + " --device ID\" for each one removed since. " +
		"Administrators' devices revoke again, when they next sync, the devices they revoked or saw revoked, but a removed device that syncs before them is served until then. " +
		"Enrolment codes are dropped: a device connected since then is asked to connect again with a new code, and keeps what it holds.\n"
}

// ---- the at-rest key ----

// defaultKeyFile is where serve keeps the key it makes when given none:
// next to the data folder, not in it, so a copy of the folder alone does not
// carry its key. (A careful operator moves it off the data's disk and gives
// it with --key-file or GATHER_SERVER_KEY; docs/security.md says how.)
func defaultKeyFile(data string) string {
	abs, err := filepath.Abs(data)
	if err != nil {
		abs = filepath.Clean(data)
	}
	return abs + ".key"
}

// findKey finds the store's key: --key-file, else GATHER_SERVER_KEY, else
// the default key file if there is one. It says where the key came from; a
// nil key means none was found.
func findKey(data, keyFile string) ([]byte, string, error) {
	if keyFile != "" {
		k, err := badgerstore.ReadKeyFile(keyFile)
		return k, keyFile, err
	}
	if v := os.Getenv(badgerstore.KeyEnv); v != "" {
		k, err := badgerstore.ParseKey([]byte(v))
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", badgerstore.KeyEnv, err)
		}
		return k, badgerstore.KeyEnv, nil
	}
	path := defaultKeyFile(data)
	if _, err := os.Lstat(path); err == nil {
		k, err := badgerstore.ReadKeyFile(path)
		return k, path, err
	}
	return nil, "", nil
}

// storeKey is findKey for serve and restore, the commands that may create
// the store. When no key
// is found and data holds no store yet, it makes one at the default key
// file and calls made: so the one-command start (make server) gives an
// encrypted store. A store made before encryption keeps opening without a
// key (nil, with no error), and an encrypted one without its key is left to
// OpenStore to refuse in words.
func storeKey(data, keyFile string, made func(path string)) ([]byte, string, error) {
	key, source, err := findKey(data, keyFile)
	if err != nil || key != nil {
		return key, source, err
	}
	state, err := badgerstore.StoreEncryption(data)
	if err != nil || state != badgerstore.NoStore {
		return nil, "", err
	}
	path := defaultKeyFile(data)
	key = badgerstore.NewKey()
	if err := badgerstore.WriteKeyFile(path, key); err != nil {
		return nil, "", fmt.Errorf("making a key for the new store: %w (or give one with --key-file or %s)", err, badgerstore.KeyEnv)
	}
	made(path)
	return key, path, nil
}

func newKeyNote(stderr io.Writer, path string) {
	fmt.Fprintf(stderr, "gather-server: made a new key for the server store at %s\n"+
		"  copy it now to somewhere safe, apart from the data folder and its backups: without it neither can be read\n", path)
}

func initKey(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("init-key", flag.ContinueOnError)
	fs.SetOutput(stderr)
	keyFile := fs.String("key-file", "", "where to write the new key (required; never overwritten)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if *keyFile == "" {
		return usageError{errors.New("--key-file PATH is required: where to write the new key")}
	}
	if err := badgerstore.WriteKeyFile(*keyFile, badgerstore.NewKey()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "new key written to %s (readable by you only)\n"+
		"give it to every gather-server command with --key-file %s, and keep a copy apart from the data and its backups: without it neither can be read\n", *keyFile, *keyFile)
	return nil
}

func rotateKey(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data, keyFile := newFlags("rotate-key", stderr)
	newKeyFile := fs.String("new-key-file", "", "file holding the new key, made with init-key (required)")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	if dbURL(fs, *data) != "" {
		return usageError{errors.New("rotate-key is for the Badger store in --data; back up and restore a PostgreSQL store with pg_dump and pg_restore or your database's point-in-time recovery, then run rotate-epoch (docs/deploy.md)")}
	}
	if *newKeyFile == "" {
		return usageError{errors.New("--new-key-file PATH is required: make one first with gather-server init-key")}
	}
	if err := needStore(*data); err != nil {
		return err
	}
	if err := checkOwner(*data); err != nil {
		return err
	}
	old, source, err := findKey(*data, *keyFile)
	if err != nil {
		return err
	}
	if old == nil {
		return badgerstore.ErrKeyNeeded
	}
	next, err := badgerstore.ReadKeyFile(*newKeyFile)
	if err != nil {
		return err
	}
	if err := badgerstore.RotateKey(*data, old, next); errors.Is(err, badgerstore.ErrLocked) {
		return errors.New("the data folder is in use by a running gather-server: stop it first, then rotate its key")
	} else if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "the store in %s now opens only with the key in %s (start it with --key-file %s)\n"+
		"keep the old key (%s) as long as you keep backups made before now: they still need it\n", *data, *newKeyFile, *newKeyFile, source)
	return nil
}

func adminTokenCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data, _ := newFlags("admin-token", stderr)
	if err := parse(fs, args, data); err != nil {
		return err
	}
	db := dbURL(fs, *data)
	if db == "" {
		return usageError{fmt.Errorf("a server on --data keeps its admin token in %s", filepath.Join(*data, "admin-token"))}
	}
	st, err := openPG(context.Background(), db)
	if err != nil {
		return err
	}
	defer st.Close()
	var raw [32]byte
	rand.Read(raw[:])
	tok := hex.EncodeToString(raw[:])
	if err := st.Backend().(*pgstore.DB).SetAdminTokenHash(context.Background(), server.HashToken(tok)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\nthis is the new admin token of every server on this database (the old one no longer works); it is shown only now, so keep it safe\n", tok)
	return nil
}

func adoptOrganisation(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data, keyFile := newFlags("adopt-organisation", stderr)
	name := fs.String("name", "", "the organisation name a device refused by this server gives (required)")
	force := fs.Bool("force", false, "adopt the name although devices are enrolled here already (they take it at their next sync)")
	if err := parse(fs, args, data); err != nil {
		return err
	}
	if *name == "" {
		return usageError{errors.New("--name is required: the organisation name a device refused by this server gives")}
	}
	a, err := openAdmin(fs, *data, *keyFile)
	if err != nil {
		return err
	}
	defer a.close()
	if a.store == nil {
		return errors.New("the data folder is in use by a running gather-server: stop it first, then adopt the organisation name")
	}
	// A store its devices fill again has none enrolled yet. Adopting the
	// name of a device given the wrong organisation's code would let it
	// send that organisation's records here, and move the devices
	// enrolled here onto the other name.
	enrolled := 0
	for _, d := range a.store.Devices() {
		if !d.Revoked {
			enrolled++
		}
	}
	if enrolled > 0 && !*force {
		return fmt.Errorf("this store has enrolled devices already (%d), so it is not one rebuilt without a backup, "+
			"and a device refused here may hold another organisation's records; if you are sure they are this organisation's, run again with --force", enrolled)
	}
	was, err := a.store.AdoptOrganisation(ctx, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "the store's organisation name is now %s (it was %s): devices holding that name's records may enrol here\n", *name, was)
	return nil
}

func rotateEpoch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data, keyFile := newFlags("rotate-epoch", stderr)
	if err := parse(fs, args, data); err != nil {
		return err
	}
	a, err := openAdmin(fs, *data, *keyFile)
	if err != nil {
		return err
	}
	defer a.close()
	if a.store == nil {
		return errors.New("the data folder is in use by a running gather-server: stop it first, then rotate its epoch")
	}
	epoch, err := a.store.RotateEpoch(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "the store's epoch is now %s: every device fetches everything again and sends back what the store lacks\n", epoch)
	fmt.Fprint(stdout, afterRestore(*data))
	return nil
}
