// Package assets holds the files Gather embeds: the app icon, drawn by
// gen_icon.go (go run ./assets/gen_icon.go -out assets/icon.png). It has no
// Fyne; main wraps the bytes in a Fyne resource.
package assets

import _ "embed"

// IconPNG is the app icon, 512 by 512 pixels.
//
//go:embed icon.png
var IconPNG []byte
