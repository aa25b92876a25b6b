// Package pdffont gives Gather's PDFs (printed registers, information
// sheets, letters to GPs, reports) a font that prints every name as it is
// written. fpdf's core fonts hold only Windows-1252, so "Łukasz",
// "Gwenllïan ap Dafydd" at "Tŷ Gwyn" or "Dvořák" printed with question
// marks; the Go fonts (golang.org/x/image/font/gofont) cover the Latin
// alphabets of Europe (Latin-1 and Extended-A: Welsh, Polish, Czech,
// Turkish...), and are embedded in each PDF, subset to the letters it uses.
package pdffont

import (
	"strings"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// Family is the font family Register adds, for SetFont.
const Family = "gather"

// Register adds Family, in regular, bold, italic and bold italic, to f.
func Register(f *fpdf.Fpdf) {
	f.AddUTF8FontFromBytes(Family, "", goregular.TTF)
	f.AddUTF8FontFromBytes(Family, "B", gobold.TTF)
	f.AddUTF8FontFromBytes(Family, "I", goitalic.TTF)
	f.AddUTF8FontFromBytes(Family, "BI", gobolditalic.TTF)
}

// missing replaces the few symbols the screens use that the font lacks.
var missing = strings.NewReplacer("♿", "", "✓", "v")

// Text prepares s for Family.
func Text(s string) string { return missing.Replace(s) }
