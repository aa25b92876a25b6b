package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/demo"
)

// TestRealWindowMarkAndClose drives the real app in a real window under
// Xvfb with real clicks (xdotool): it marks the first person on the garden
// group's register, closes the session, and checks that the register then
// shows one more person here, the closed bar, and the first row below the
// search bar, not under it. The app says where its controls are on screen
// (GATHER_LOG_LAYOUT), so the clicks follow the layout rather than fixed
// coordinates.
func TestRealWindowMarkAndClose(t *testing.T) {
	if testing.Short() {
		t.Skip("the real-window smoke test builds and starts the app; skipped with -short")
	}
	for _, tool := range []string{"xvfb-run", "import", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: make test installs it (scripts/deps.sh)", tool)
		}
	}
	dir := t.TempDir()
	bin, data := buildWithDemo(t, dir)
	script := `echo "$PIN" | "$BIN" --data "$DATA" --as demo-staff-bev --pin-stdin --register demo-act-garden > "$DIR/app.log" 2>&1 &
APP=$!
wait_for() { i=0; while [ $i -lt 240 ]; do grep -q "msg=\"layout $1\"" "$DIR/app.log" && return 0; kill -0 $APP 2>/dev/null || return 1; sleep 0.25; i=$((i+1)); done; return 1; }
at() { grep "msg=\"layout $1\"" "$DIR/app.log" | tail -1 | sed -n "s/.* $2=\([0-9]*\),\([0-9]*\).*/\1 \2/p"; }
click() { set -- $1; xdotool mousemove --window "$WID" "$1" "$2" click 1; }
fail() { echo "smoke: $1" >> "$DIR/app.log"; kill $APP 2>/dev/null; exit 0; }
wait_for open || fail "the register did not open"
WID=$(xdotool search --sync --onlyvisible --name Gather | head -1)
[ -n "$WID" ] || fail "no Gather window"
click "$(at open first-mark)"
wait_for marked || fail "the click on the first row marked nobody"
click "$(at open close)"
wait_for close-dialog || fail "Close session showed no question"
click "$(at close-dialog confirm)"
wait_for closed || fail "the session did not close"
import -window root "$DIR/closed.png" 2>/dev/null
kill $APP 2>/dev/null
wait $APP 2>/dev/null
exit 0`
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "BIN="+bin, "DATA="+data, "DIR="+dir, "LANG=en_GB.UTF-8", "PIN="+demo.PIN, "GATHER_LOG_LAYOUT=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xvfb-run: %v\n%s", err, out)
	}
	logText, _ := os.ReadFile(filepath.Join(dir, "app.log"))
	log := string(logText)
	if i := strings.Index(log, "smoke: "); i >= 0 {
		t.Fatalf("%s; the app said:\n%s", strings.SplitN(log[i:], "\n", 2)[0], log)
	}
	open, closed := layoutLine(t, log, "open"), layoutLine(t, log, "closed")
	if here(t, closed["headline"]) != here(t, open["headline"])+1 {
		t.Errorf("the headline went from %q to %q: the click marked nobody here", open["headline"], closed["headline"])
	}
	if closed["closed-bar"] != "true" {
		t.Errorf("no closed bar after closing: %v", closed)
	}
	searchBottom, _ := strconv.Atoi(closed["search-bottom"])
	listTop, _ := strconv.Atoi(closed["list-top"])
	if listTop < searchBottom {
		t.Errorf("after Close session the list starts at %d, above the search bar's bottom (%d): the first row is covered", listTop, searchBottom)
	}
	if keep := os.Getenv("GATHER_SMOKE_SHOT"); keep != "" {
		b, _ := os.ReadFile(filepath.Join(dir, "closed.png"))
		os.WriteFile(strings.TrimSuffix(keep, ".png")+"-closed.png", b, 0o644)
	}
}

// layoutLine reads the last "layout EVENT" line of the app's log into its
// attributes.
func layoutLine(t *testing.T, log, event string) map[string]string {
	t.Helper()
	var line string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, `msg="layout `+event+`"`) {
			line = l
		}
	}
	if line == "" {
		t.Fatalf("the app never logged %q; it said:\n%s", "layout "+event, log)
	}
	attrs := map[string]string{}
	for _, m := range regexp.MustCompile(`([a-z-]+)=("(?:[^"\\]|\\.)*"|\S+)`).FindAllStringSubmatch(line, -1) {
		v := m[2]
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		}
		attrs[m[1]] = v
	}
	return attrs
}

// here is the number of people here in a register headline ("4 here of 18
// expected · 13 to mark").
func here(t *testing.T, headline string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.SplitN(headline, " ", 2)[0])
	if err != nil {
		t.Fatalf("headline %q does not start with a count", headline)
	}
	return n
}
