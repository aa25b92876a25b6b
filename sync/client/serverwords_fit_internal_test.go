package client

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gather-sp/gather/sync/protocol"
)

// TestServerWordsKeepAnHonestServersWords: the bound on what a server says
// is for a hostile server's megabytes, never for Gather's own server. Every
// sentence its code holds (a string literal, or literals joined with +),
// with each verb filled by a quoted id at its longest (a number's by 20
// digits), fits whole: a cut
// refusal lost what to do ("undo this change on this device and make it
// again", "connect this device again (Settings, Connect)").
func TestServerWordsKeepAnHonestServersWords(t *testing.T) {
	files, err := filepath.Glob("../server/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("the server's code is not beside this package: %v", err)
	}
	verb := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
	fill := func(v string) int {
		if strings.HasSuffix(v, "d") {
			return 20 // a number
		}
		return protocol.MaxIDBytes + 2 // a %q of the longest id, or a clause
	}
	fset := token.NewFileSet()
	checked := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			s, ok := literalText(e)
			if !ok {
				return true
			}
			checked++
			size, verbs := utf8.RuneCountInString(s), verb.FindAllString(s, -1)
			for _, v := range verbs {
				size += fill(v)
			}
			if size > maxServerWords {
				t.Errorf("%s: %d characters with its %d verbs filled, over maxServerWords (%d): %.80q…",
					fset.Position(e.Pos()), size, len(verbs), maxServerWords, s)
			}
			return false // its parts are shorter
		})
	}
	if checked < 100 {
		t.Fatalf("only %d strings found in the server's code", checked)
	}
}

// literalText is e's text when e is a string literal or literals joined
// with +.
func literalText(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok := literalText(e.X)
		if !ok {
			return "", false
		}
		y, ok := literalText(e.Y)
		return x + y, ok
	case *ast.ParenExpr:
		return literalText(e.X)
	}
	return "", false
}
