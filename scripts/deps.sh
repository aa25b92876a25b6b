#!/usr/bin/env bash
# Installs the Debian packages Gather needs to build (Fyne's cgo/GL headers)
# and to test (Xvfb for the real-window smoke test, ImageMagick to screenshot
# it and xdotool to click in it,
# poppler-utils to render PDFs, postgresql for the server's PostgreSQL
# tests, which start a throwaway cluster of their own), when any are missing.
set -euo pipefail
pkgs=(gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev xvfb xauth x11-utils imagemagick xdotool poppler-utils postgresql)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "deps: this is not a Debian-like system; install the equivalents of: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "deps: these Debian packages are missing: ${missing[*]}" >&2
  echo "deps: install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
