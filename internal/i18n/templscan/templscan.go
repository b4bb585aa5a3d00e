// Package templscan finds text in templ files that a person would read but
// that does not go through Aula's message catalogue: literal text between
// tags, literal values of attributes a browser shows (alt, title,
// placeholder, aria-label, a button's value, hx-confirm…), literal strings
// in string expressions and in the visible fields of component props
// (Label, Hint, Title, Message…), and i18n.T keys missing from the
// catalogue. Brand names stay as they are in every language.
//
// In templates it checks everything above; in the Go files beside them
// (props and helpers, not generated or test files) and in the Go functions
// of a .templ file it checks only that constant keys are in the catalogue.
// Keys that are not constants (a status's Label()) are not checked here. It
// is separate from package i18n so the server does not link templ's parser.
package templscan

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	templparser "github.com/a-h/templ/parser/v2"
	"github.com/a-h/templ/parser/v2/visitor"

	"github.com/aula-hr/aula/internal/i18n"
)

// brands are the words that are the same in every language.
var brands = regexp.MustCompile(`\b(?:Aula|Factorial|FUNDAE)\b`)

// Finding is one piece of text that does not go through the catalogue.
type Finding struct {
	File string
	Line int // 1-based
	Kind string
	Text string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s %q", f.File, f.Line, f.Kind, f.Text)
}

// Kinds of findings.
const (
	KindText       = "literal text"
	KindAttribute  = "literal attribute"
	KindExpression = "literal string"
	KindProp       = "literal prop"
	KindUnknownKey = "key not in the catalogue"
)

// Dir scans every .templ file under root (Source), and the keys of the
// hand-written Go files beside them (GoSource).
func Dir(root string) ([]Finding, error) {
	var all []Finding
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		scan := Source
		switch {
		case strings.HasSuffix(path, ".templ"):
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_templ.go") && !strings.HasSuffix(path, "_test.go"):
			scan = GoSource
		default:
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		found, err := scan(path, string(src))
		all = append(all, found...)
		return err
	})
	return all, err
}

// GoSource reports the constant T keys of a Go file that the catalogue
// lacks; name is used in the findings.
func GoSource(name, src string) ([]Finding, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, 0)
	if err != nil {
		return nil, err
	}
	var found []Finding
	ast.Inspect(f, func(n ast.Node) bool {
		if key, lit, ok := constantKey(n); ok && !i18n.Has(key) {
			found = append(found, Finding{File: name, Line: fset.Position(lit.Pos()).Line, Kind: KindUnknownKey, Text: key})
		}
		return true
	})
	return found, nil
}

// constantKey is the key of a T call (i18n.T(ctx, key) or locale.T(key))
// when it is a string constant.
func constantKey(n ast.Node) (string, *ast.BasicLit, bool) {
	c, ok := n.(*ast.CallExpr)
	if !ok {
		return "", nil, false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "T" {
		return "", nil, false
	}
	arg := 0
	if id, ok := sel.X.(*ast.Ident); ok && id.Name == "i18n" {
		arg = 1
	}
	if len(c.Args) <= arg {
		return "", nil, false
	}
	lit, ok := c.Args[arg].(*ast.BasicLit)
	if !ok {
		return "", nil, false
	}
	key, ok := stringLit(lit)
	return key, lit, ok
}

// Source scans one templ file; name is used in the findings.
func Source(name, src string) ([]Finding, error) {
	tf, err := templparser.ParseString(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s := &scan{file: name}
	v := visitor.New()
	v.Text = func(n *templparser.Text) error {
		s.literal(n.Range, KindText, html.UnescapeString(n.Value))
		return nil
	}
	v.Element = func(n *templparser.Element) error {
		s.attributes(n.Name, n.Attributes, n.Attributes)
		for _, c := range n.Children {
			if err := c.Visit(v); err != nil {
				return err
			}
		}
		return nil
	}
	v.StringExpression = func(n *templparser.StringExpression) error {
		s.visible(n.Expression)
		return nil
	}
	v.GoCode = func(n *templparser.GoCode) error {
		s.keysIn(n.Expression)
		return nil
	}
	call := v.TemplElementExpression
	v.TemplElementExpression = func(n *templparser.TemplElementExpression) error {
		s.props(n.Expression)
		return call(n)
	}
	v.CallTemplateExpression = func(n *templparser.CallTemplateExpression) error {
		s.props(n.Expression)
		return nil
	}
	if err := tf.Visit(v); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sort.SliceStable(s.found, func(i, j int) bool { return s.found[i].Line < s.found[j].Line })
	return s.found, nil
}

type scan struct {
	file  string
	found []Finding
}

func (s *scan) add(r templparser.Range, kind, text string) {
	s.found = append(s.found, Finding{File: s.file, Line: int(r.From.Line) + 1, Kind: kind, Text: text})
}

// literal reports text a person reads unless it has no words but brand names.
func (s *scan) literal(r templparser.Range, kind, text string) {
	text = strings.Join(strings.Fields(text), " ")
	if hasWords(text) {
		s.add(r, kind, text)
	}
}

func hasWords(s string) bool {
	return strings.IndexFunc(brands.ReplaceAllString(s, ""), unicode.IsLetter) >= 0
}

// shownAttributes are the attributes whose values a browser shows or reads
// out.
var shownAttributes = map[string]bool{
	"alt": true, "title": true, "placeholder": true, "label": true,
	"aria-label": true, "aria-description": true, "aria-roledescription": true,
	"aria-valuetext": true, "aria-placeholder": true, "hx-confirm": true, "hx-prompt": true,
}

// attributes checks an element's attributes; all is the whole list, to
// read an input's type.
func (s *scan) attributes(element string, attrs, all []templparser.Attribute) {
	for _, a := range attrs {
		switch a := a.(type) {
		case *templparser.ConstantAttribute:
			// An empty alt (a decorative image) or any value without words
			// says nothing: only the value is looked at, not the name.
			if v := html.UnescapeString(a.Value); shown(element, a.Key.String(), all) && hasWords(v) {
				s.add(a.Range, KindAttribute, a.Key.String()+"="+strings.Join(strings.Fields(v), " "))
			}
		case *templparser.ExpressionAttribute:
			if shown(element, a.Key.String(), all) {
				s.visible(a.Expression)
			} else {
				s.keysIn(a.Expression)
			}
		case *templparser.ConditionalAttribute:
			s.attributes(element, a.Then, all)
			s.attributes(element, a.Else, all)
		}
	}
}

func shown(element, key string, all []templparser.Attribute) bool {
	key = strings.ToLower(key)
	if shownAttributes[key] {
		return true
	}
	if key != "value" || !strings.EqualFold(element, "input") {
		return false
	}
	for _, a := range all {
		if c, ok := a.(*templparser.ConstantAttribute); ok && strings.EqualFold(c.Key.String(), "type") {
			switch strings.ToLower(c.Value) {
			case "submit", "button", "reset":
				return true
			}
		}
	}
	return false
}

// visible checks an expression whose value is shown: a string literal, a
// concatenation with one, or a fmt.Sprintf format is text; literals given to
// other functions (a map key, a separator) are not.
func (s *scan) visible(e templparser.Expression) {
	x, err := parser.ParseExpr(e.Value)
	if err != nil {
		return
	}
	var shownLits func(ast.Expr)
	shownLits = func(x ast.Expr) {
		switch x := x.(type) {
		case *ast.BasicLit:
			if v, ok := stringLit(x); ok {
				s.literal(e.Range, KindExpression, v)
			}
		case *ast.ParenExpr:
			shownLits(x.X)
		case *ast.BinaryExpr:
			if x.Op == token.ADD {
				shownLits(x.X)
				shownLits(x.Y)
			}
		case *ast.CallExpr:
			if isFunc(x.Fun, "fmt", "Sprintf") && len(x.Args) > 0 {
				shownLits(x.Args[0])
			}
		}
	}
	shownLits(x)
	s.keys(e, x)
}

// visibleProp tells the prop fields a component shows.
func visibleProp(name string) bool {
	switch name {
	case "Label", "Hint", "Title", "Message", "Intro", "Detail", "Error", "Placeholder", "Text",
		"Legend", "Caption", "Description", "Heading", "Empty", "Summary", "Alt", "Confirm", "Question":
		return true
	}
	for _, suffix := range []string{"Label", "Text", "Title", "Message", "Hint"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// props checks a component call: the visible fields of composite literals
// must not be literals, and T keys must be known.
func (s *scan) props(e templparser.Expression) {
	x, err := parser.ParseExpr(e.Value)
	if err != nil {
		return
	}
	ast.Inspect(x, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		if k, ok := kv.Key.(*ast.Ident); ok && visibleProp(k.Name) {
			if lit, ok := kv.Value.(*ast.BasicLit); ok {
				if v, ok := stringLit(lit); ok {
					s.literal(e.Range, KindProp, k.Name+": "+v)
				}
			}
		}
		return true
	})
	s.keys(e, x)
}

// keysIn checks the T keys of any Go expression or statement.
func (s *scan) keysIn(e templparser.Expression) {
	if x, err := parser.ParseExpr(e.Value); err == nil {
		s.keys(e, x)
		return
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+e.Value+"\n}", 0)
	if err == nil {
		s.keys(e, f)
	}
}

// keys reports every constant key of a T call (i18n.T(ctx, key) or
// locale.T(key)) that the catalogue lacks.
func (s *scan) keys(e templparser.Expression, root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		if key, _, ok := constantKey(n); ok && !i18n.Has(key) {
			s.add(e.Range, KindUnknownKey, key)
		}
		return true
	})
}

func stringLit(l *ast.BasicLit) (string, bool) {
	if l.Kind != token.STRING {
		return "", false
	}
	v, err := strconv.Unquote(l.Value)
	return v, err == nil
}

func isFunc(fun ast.Expr, pkg, name string) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg
}
