package packaging

import (
	"archive/zip"
	"bytes"
	"debug/pe"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/gather-sp/gather/version"
)

// TestServerUnitIsHardened: the server runs as its own user, keeps its
// data and key in its own folders, and is fenced off from the rest.
func TestServerUnitIsHardened(t *testing.T) {
	b, err := os.ReadFile("linux/gather-server.service")
	if err != nil {
		t.Fatal(err)
	}
	unit := string(b)
	for _, want := range []string{
		"User=gather-server", "StateDirectory=gather-server", "ConfigurationDirectory=gather-server",
		"--data /var/lib/gather-server/data", "--key-file /etc/gather-server/server.key",
		"NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
		"CapabilityBoundingSet=\n", "UMask=0077", "Restart=on-failure",
	} {
		if !strings.Contains(unit, want) {
			t.Errorf("gather-server.service lacks %q", strings.TrimSpace(want))
		}
	}
}

// dist is the folder scripts/package.sh wrote, named by GATHER_DIST. CI
// sets it after `make package`; without it the package checks do not run
// (`make test` builds no packages).
func dist(t *testing.T) string {
	d := os.Getenv("GATHER_DIST")
	if d == "" {
		t.Skip("GATHER_DIST is not set: run `make package` (CI checks the packages after building them)")
	}
	if !filepath.IsAbs(d) {
		d = filepath.Join("..", d) // named from the repository's root
	}
	return d
}

func TestServerDebInstallsBinaryAndUnit(t *testing.T) {
	d, v := dist(t), version.Version
	debs, _ := filepath.Glob(filepath.Join(d, "gather-server_"+v+"-*_amd64.deb"))
	if len(debs) != 1 {
		t.Fatalf("want one gather-server .deb for %s in %s, found %v", v, d, debs)
	}
	out, err := exec.Command("dpkg-deb", "--contents", debs[0]).CombinedOutput()
	if err != nil {
		t.Fatalf("dpkg-deb --contents: %v\n%s", err, out)
	}
	for _, want := range []string{"./usr/bin/gather-server", "./lib/systemd/system/gather-server.service"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("the server .deb lacks %s:\n%s", want, out)
		}
	}
	if ctl, _ := exec.Command("dpkg-deb", "--field", debs[0], "Version").Output(); !strings.HasPrefix(string(ctl), v+"-") {
		t.Errorf("the server .deb says version %q, want %s", ctl, v)
	}
}

func TestLinuxTarballHasBinaryDesktopEntryAndIcon(t *testing.T) {
	d, v := dist(t), version.Version
	out, err := exec.Command("tar", "-tJf", filepath.Join(d, "gather-"+v+"-linux-amd64.tar.xz")).CombinedOutput()
	if err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	for _, want := range []string{"usr/local/bin/", "share/applications/", ".desktop", "share/pixmaps/"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("the tarball lacks %s:\n%s", want, out)
		}
	}
}

// TestWindowsExeIsAGUIProgramWithItsVersion reads the PE file: a GUI
// program (no console window) for amd64, with the version in its resources.
func TestWindowsExeIsAGUIProgramWithItsVersion(t *testing.T) {
	d, v := dist(t), version.Version
	z, err := zip.OpenReader(filepath.Join(d, "gather-"+v+"-windows-amd64.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var exe []byte
	readme := false
	for _, zf := range z.File {
		switch zf.Name {
		case "Gather-" + v + "-windows/README-INSTALL.txt":
			readme = true
		case "Gather-" + v + "-windows/Gather.exe":
			r, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			exe, err = io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if !readme {
		t.Error("the zip has no README-INSTALL.txt")
	}
	f, err := pe.NewFile(bytes.NewReader(exe))
	if err != nil {
		t.Fatalf("Gather.exe is not a PE file: %v", err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("machine %#x, want amd64", f.Machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok || oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("Gather.exe is not a GUI program (a console window would open beside it)")
	}
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		t.Fatal("Gather.exe has no resources (icon, version)")
	}
	data, err := rsrc.Data()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ProductVersion", "ProductName", v} {
		if !bytes.Contains(data, utf16le(want)) {
			t.Errorf("Gather.exe's resources lack %q", want)
		}
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range utf16.Encode([]rune(s)) {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestAppDebInstallsUnderUsr(t *testing.T) {
	d, v := dist(t), version.Version
	debs, _ := filepath.Glob(filepath.Join(d, "gather_"+v+"-*_amd64.deb"))
	if len(debs) != 1 {
		t.Fatalf("want one gather .deb for %s in %s, found %v", v, d, debs)
	}
	root := t.TempDir()
	if out, err := exec.Command("dpkg-deb", "-x", debs[0], root).CombinedOutput(); err != nil {
		t.Fatalf("dpkg-deb -x: %v\n%s", err, out)
	}
	entry, err := os.ReadFile(filepath.Join(root, "usr/share/applications/org.gather.app.desktop"))
	if err != nil {
		t.Fatal("the .deb has no desktop entry: Gather would not be in the applications menu")
	}
	if bytes.Contains(entry, []byte("/usr/local")) {
		t.Errorf("the desktop entry points under /usr/local:\n%s", entry)
	}
	if _, err := os.Stat(filepath.Join(root, "usr/bin/gather")); err != nil {
		t.Error("the .deb has no usr/bin/gather")
	} else if out, err := exec.Command(filepath.Join(root, "usr/bin/gather"), "--version").Output(); err != nil ||
		!strings.HasPrefix(string(out), "Gather "+v) {
		// fyne package builds the main package beside FyneApp.toml
		// (cmd/gather): this says it built the desktop app's. (Standard
		// output only: Fyne may complain about the locale on stderr.)
		t.Errorf("usr/bin/gather --version: %v, %q; want Gather %s", err, out, v)
	}
	deps, _ := exec.Command("dpkg-deb", "--field", debs[0], "Depends").Output()
	if !bytes.Contains(deps, []byte("libgl1")) {
		t.Errorf("the .deb does not depend on the GL library Gather draws with: %q", deps)
	}
}
