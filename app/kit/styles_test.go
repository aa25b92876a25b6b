package kit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTwoTextStyles: Gather's own code draws text in two styles only,
// regular and bold. Fyne parses its fonts again for every text style a
// window uses (the theme font, its 4 MB emoji font and a system fallback:
// about 8 MB of heap each), so one italic or monospace label costs as much
// as all the regular text. A hint is kit.Muted, a code kit.Code.
//
// It reads every non-test Go file in the module that imports Fyne and
// fails on a fyne.TextStyle literal setting anything but Bold, or on any
// use of a field .Italic, .Monospace, .Symbol, .Underline or .TabWidth
// (each TabWidth is a style of its own too).
func TestTwoTextStyles(t *testing.T) {
	root := filepath.Join("..", "..")
	other := map[string]bool{"Italic": true, "Monospace": true, "Symbol": true, "Underline": true, "TabWidth": true}
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		fyneName := ""
		for _, im := range f.Imports {
			if p, _ := strconv.Unquote(im.Path.Value); p == "fyne.io/fyne/v2" {
				fyneName = "fyne"
				if im.Name != nil {
					fyneName = im.Name.Name
				}
			}
		}
		if fyneName == "" {
			return nil // not Fyne: PDF printing (paper) has fonts of its own
		}
		files++
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if other[n.Sel.Name] {
					t.Errorf("%s: .%s: Gather draws regular and bold text only", fset.Position(n.Pos()), n.Sel.Name)
				}
			case *ast.CompositeLit:
				if sel, ok := n.Type.(*ast.SelectorExpr); !ok || sel.Sel.Name != "TextStyle" ||
					!isIdent(sel.X, fyneName) {
					return true
				}
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); !ok || !isIdent(kv.Key, "Bold") {
						t.Errorf("%s: a fyne.TextStyle with more than Bold: Gather draws regular and bold text only", fset.Position(e.Pos()))
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("read only %d Go files that use Fyne: is the walk starting at the module?", files)
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
