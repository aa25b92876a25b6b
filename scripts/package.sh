#!/usr/bin/env bash
# Builds Gather's packages into dist/ from Linux, with tools from Debian's
# packages and the Go module proxy only (see docs/packaging.md):
#   server   gather-server for linux/amd64, linux/arm64, windows/amd64 and a
#            .deb with its systemd unit
#   linux    the desktop app as a tarball (binary, .desktop entry, icon) and a .deb
#   windows  Gather.exe (a GUI program with its icon, name and version) zipped
#            with a short README for the person installing it
# With no arguments it builds all three.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
# The desktop app's main package, with the FyneApp.toml fyne package reads:
# fyne package runs there, and leaves what it makes there.
APP=cmd/gather
VERSION=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' "$APP/FyneApp.toml")
BUILD=$(sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' "$APP/FyneApp.toml")
DIST=${DIST:-dist}
COMMIT=$(git describe --always --dirty 2>/dev/null || echo unknown)
LDFLAGS="-X=github.com/gather-sp/gather/version.commit=$COMMIT"
# fyne package passes -ldflags from GOFLAGS on to go build.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-ldflags=$LDFLAGS"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(server linux windows)
mkdir -p "$DIST"
stage=$(mktemp -d)
# fyne package counts the build number up in FyneApp.toml; the release's
# number is the one written there, so put the file back afterwards.
cp "$APP/FyneApp.toml" "$stage/FyneApp.toml"
trap 'cp "$stage/FyneApp.toml" "$APP/FyneApp.toml"; rm -rf "$stage"; rm -f "$APP/fyne.syso"' EXIT

# The Fyne packaging tool, built for this machine (not with the Windows C
# compiler or the version flags the packages are built with).
fyne() {
  if [ ! -x "$stage/bin/fyne" ]; then
    GOFLAGS= CC= CGO_ENABLED=0 GOOS= GOARCH= GOBIN="$stage/bin" $GO install fyne.io/tools/cmd/fyne@v1.7.4
  fi
  "$stage/bin/fyne" "$@"
}

need() { # need COMMAND DEBIAN-PACKAGE: install the package when the command is missing
  command -v "$1" >/dev/null 2>&1 && return
  if [ "$(id -u)" -ne 0 ]; then
    echo "package: $1 is missing; install it with: sudo apt-get install -y $2" >&2
    exit 1
  fi
  echo "package: installing $2"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

deb_arch() { case "$1" in amd64) echo amd64 ;; arm64) echo arm64 ;; *) echo "$1" ;; esac; }

server() {
  for t in linux/amd64 linux/arm64 windows/amd64; do
    os=${t%/*} arch=${t#*/} ext=""
    [ "$os" = windows ] && ext=.exe
    out="$DIST/gather-server-$VERSION-$os-$arch$ext"
    CGO_ENABLED=0 GOOS=$os GOARCH=$arch $GO build -trimpath -o "$out" ./cmd/gather-server
    echo "package: $out"
  done
  need dpkg-deb dpkg
  for arch in amd64 arm64; do
    root="$stage/server-$arch"
    install -D -m 0755 "$DIST/gather-server-$VERSION-linux-$arch" "$root/usr/bin/gather-server"
    install -D -m 0644 packaging/linux/gather-server.service "$root/lib/systemd/system/gather-server.service"
    install -D -m 0644 docs/packaging.md "$root/usr/share/doc/gather-server/README.md"
    mkdir -p "$root/DEBIAN"
    cat >"$root/DEBIAN/control" <<CONTROL
Package: gather-server
Version: $VERSION-$BUILD
Architecture: $(deb_arch "$arch")
Maintainer: Gather <gather@example.org>
Section: net
Priority: optional
Depends: adduser
Description: Gather sync server for social prescribing
 The central server Gather's desktop app and tablets sync with: one
 process on an embedded, encrypted store. Runs as the gather-server user
 under systemd, listening on 127.0.0.1:8420 behind a TLS proxy.
CONTROL
    install -m 0755 packaging/linux/server-postinst "$root/DEBIAN/postinst"
    install -m 0755 packaging/linux/server-prerm "$root/DEBIAN/prerm"
    install -m 0755 packaging/linux/server-postrm "$root/DEBIAN/postrm"
    dpkg-deb --root-owner-group -Zxz --build "$root" "$DIST/gather-server_${VERSION}-${BUILD}_$(deb_arch "$arch").deb" >/dev/null
    echo "package: $DIST/gather-server_${VERSION}-${BUILD}_$(deb_arch "$arch").deb"
  done
}

linux() {
  need dpkg-deb dpkg
  (cd "$APP" && fyne package --target linux --release --app-version "$VERSION" --app-build "$BUILD")
  tarball="$DIST/gather-$VERSION-linux-amd64.tar.xz"
  mv "$APP/Gather.tar.xz" "$tarball"
  echo "package: $tarball"
  root="$stage/app"
  mkdir -p "$root/DEBIAN" "$stage/unpacked"
  tar -xJf "$tarball" -C "$stage/unpacked"
  # fyne's tarball installs under usr/local; a .deb installs under usr.
  mkdir -p "$root/usr"
  cp -r "$stage"/unpacked/*/usr/local/. "$root/usr/"
  sed -i 's#/usr/local/#/usr/#g' "$root"/usr/share/applications/*.desktop
  cat >"$root/DEBIAN/control" <<CONTROL
Package: gather
Version: $VERSION-$BUILD
Architecture: amd64
Maintainer: Gather <gather@example.org>
Section: misc
Priority: optional
Depends: libc6, libgl1, libx11-6, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1
Description: Gather: attendance register and case record for social prescribing
 Takes the register at community activities, keeps link workers' casework
 and reports the numbers, offline first; syncs with the organisation's
 Gather server when a connection appears.
CONTROL
  dpkg-deb --root-owner-group -Zxz --build "$root" "$DIST/gather_${VERSION}-${BUILD}_amd64.deb" >/dev/null
  echo "package: $DIST/gather_${VERSION}-${BUILD}_amd64.deb"
}

windows() {
  need x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64
  need zip zip
  # The code as Windows sees it is vetted too: Wine cannot run the result
  # here (docs/packaging.md), so vet is what reads it.
  # (-tags release as fyne package --release builds, so the two share the build cache.)
  CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 $GO vet -tags release ./...
  (cd "$APP" && CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc \
    fyne package --target windows --release --app-version "$VERSION" --app-build "$BUILD")
  dir="$stage/Gather-$VERSION-windows"
  mkdir -p "$dir"
  mv "$APP/Gather.exe" "$dir/Gather.exe"
  sed 's/$/\r/' packaging/windows/README-INSTALL.txt >"$dir/README-INSTALL.txt"
  out="$PWD/$DIST/gather-$VERSION-windows-amd64.zip"
  rm -f "$out"
  (cd "$stage" && zip -qr "$out" "Gather-$VERSION-windows")
  echo "package: $DIST/gather-$VERSION-windows-amd64.zip"
}

for t in "${targets[@]}"; do
  case "$t" in
    server | linux | windows) "$t" ;;
    *) echo "package: unknown target $t (server, linux, windows)" >&2; exit 2 ;;
  esac
done
