package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// serverDirs hold Go code whose strings a person reads: flash messages,
// problems, form errors, confirmations, CSV headers, the names of records
// without one (training) and the role in the header (middleware).
var serverDirs = []string{"../../handlers", "../catalogue", "../form", "../training", "../../middleware"}

// serverKeys finds, in the Go files of dir (tests aside), the constant keys
// given to a translation (i18n.T(ctx, "…"), l.T("…")) and the literal
// messages handed straight to a flash or a sign-in failure, which would
// reach the person in English whatever their language.
func serverKeys(t *testing.T, dir string) (keys map[string]string, literal []string) {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	keys = map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, "_templ.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var fn string
			switch x := call.Fun.(type) {
			case *ast.SelectorExpr:
				fn = x.Sel.Name
				if id, ok := x.X.(*ast.Ident); ok && id.Name == "i18n" && fn == "T" {
					fn = "i18n.T"
				}
			case *ast.Ident:
				fn = x.Name
			}
			arg := -1
			switch fn {
			case "i18n.T":
				arg = 1
			case "T":
				arg = 0
			case "loginProps": // loginProps(c, returnTo, tokenError) translates its key
				arg = 2
			case "flash", "Add", "signInFailed":
				// flash(c, kind, msg), Flashes.Add(c, kind, msg), signInFailed(c, key, …)
				i := map[string]int{"flash": 2, "Add": 2, "signInFailed": 1}[fn]
				if len(call.Args) > i {
					if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING && fn != "signInFailed" {
						literal = append(literal, fset.Position(lit.Pos()).String()+": "+lit.Value)
					}
					if fn == "signInFailed" {
						arg = 1
					}
				}
			}
			if arg >= 0 && len(call.Args) > arg {
				if lit, ok := call.Args[arg].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil && s != "" {
						keys[s] = fset.Position(lit.Pos()).String()
					}
				}
			}
			return true
		})
	}
	return keys, literal
}

// Every message the server writes in Go is in the catalogue, in both
// languages, and none goes to a flash untranslated.
func TestServerMessagesAreInTheCatalogue(t *testing.T) {
	total := 0
	for _, dir := range serverDirs {
		keys, literal := serverKeys(t, dir)
		total += len(keys)
		var missing []string
		for k, at := range keys {
			if !Has(k) {
				missing = append(missing, at+": "+strconv.Quote(k))
			}
		}
		sort.Strings(missing)
		for _, m := range missing {
			t.Errorf("not in the catalogue: %s", m)
		}
		for _, l := range literal {
			t.Errorf("flashed without i18n.T: %s", l)
		}
	}
	if total < 100 { // the scan itself works: the handlers alone have hundreds
		t.Errorf("only %d keys found: the scan is broken", total)
	}
}
