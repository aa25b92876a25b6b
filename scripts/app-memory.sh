#!/bin/sh
# app-memory.sh [MINUTES]: the desktop app's resident memory with the demo
# open (docs/performance.md, issue 13's memory goal). It builds the app,
# opens it under Xvfb on a fresh data folder, sets it up with a PIN, opens
# the demo, prints VmRSS 90 s later, then clicks through the nine screens
# every minute for MINUTES (default 0) and prints VmRSS each minute.
#
# Needs xvfb and xdotool (Debian: apt-get install xvfb xdotool). The clicks
# are at the places the 1300x800 window puts the first-run fields and the
# navigation; a change of layout moves them.
set -eu
minutes=${1:-0}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/gather" ./cmd/gather

display=:$((90 + $$ % 100))
Xvfb "$display" -screen 0 1300x1350x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY="$display"
HOME=$work XDG_CONFIG_HOME=$work/.config XDG_DATA_HOME=$work/.local/share XDG_CACHE_HOME=$work/.cache \
	"$work/gather" >"$work/app.log" 2>&1 &
app=$!
sleep 6
xdotool windowsize "$(xdotool search --name Gather | head -1)" 1300 800
sleep 1
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-0.3}"; }
click 638 399 && xdotool type "Alex Morgan"
click 638 497 && xdotool type 482916
click 638 598 && xdotool type 482916
click 638 781 4
click 638 282 90 # "Try it with demo data", then wait

rss() { awk '/^(VmRSS|RssAnon|VmHWM)/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$app/status"; echo; }
echo "90 s after the demo opened: $(rss)"
for m in $(seq 1 "$minutes"); do
	for x in 52 181 325 460 605 746 864 975 1085; do click "$x" 92 2; done
	click 52 92 40
	echo "minute $m: $(rss)"
done
