// Package pdffont gives Gather's PDFs (printed registers, information
// sheets, letters to GPs, reports) a font that prints every name as it is
// written. fpdf's core fonts hold only Windows-1252, so "Łukasz",
// "Gwenllïan ap Dafydd" at "Tŷ Gwyn" or "Dvořák" printed with question
// marks. Noto Sans, the typeface the app's screens use (Fyne's), covers
// the Latin alphabets of Europe and Greek and Cyrillic; it is embedded in
// each PDF, subset to the letters it uses. The font files are Fyne's
// copies, under the SIL Open Font License (fonts/OFL.txt).
package pdffont

import (
	_ "embed"
	"strings"

	"github.com/go-pdf/fpdf"
)

var (
	//go:embed fonts/NotoSans-Regular.ttf
	regular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	bold []byte
	//go:embed fonts/NotoSans-Italic.ttf
	italic []byte
	//go:embed fonts/NotoSans-BoldItalic.ttf
	boldItalic []byte
)

// Family is the font family Register adds, for SetFont.
const Family = "gather"

// Register adds Family, in regular, bold, italic and bold italic, to f.
func Register(f *fpdf.Fpdf) {
	f.AddUTF8FontFromBytes(Family, "", regular)
	f.AddUTF8FontFromBytes(Family, "B", bold)
	f.AddUTF8FontFromBytes(Family, "I", italic)
	f.AddUTF8FontFromBytes(Family, "BI", boldItalic)
}

// missing replaces the few symbols the screens use that the font lacks.
var missing = strings.NewReplacer("♿", "", "✓", "v")

// Text prepares s for Family.
func Text(s string) string { return missing.Replace(s) }
