package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestUIReadsNoEnvironment: only cli reads the process environment; the
// console gets what it needs ($PAGER, $EDITOR, NO_COLOR) through Deps. No
// non-test file under ui/ calls os.Getenv, os.LookupEnv or os.Environ.
func TestUIReadsNoEnvironment(t *testing.T) {
	t.Parallel()
	banned := map[string]bool{"Getenv": true, "LookupEnv": true, "Environ": true, "ExpandEnv": true}
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, isID := sel.X.(*ast.Ident); isID && id.Name == "os" && banned[sel.Sel.Name] {
				t.Errorf("%s reads the environment: os.%s", path, sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("walked only %d files of ui/", files)
	}
}

// TestConsoleIgnoresTheProcessEnvironment: with no Getenv in Deps the
// pager is the default one even when $PAGER is set in the process.
func TestConsoleIgnoresTheProcessEnvironment(t *testing.T) {
	t.Setenv("PAGER", "/nonexistent/pager")
	t.Setenv("NO_COLOR", "1")
	m := New(Deps{})
	if argv := externalArgv(m.deps.Getenv, false, "/f"); argv[0] == "/nonexistent/pager" {
		t.Fatalf("the console read $PAGER itself: %q", argv)
	}
	if m.styles.NoColor {
		t.Fatal("the console read NO_COLOR itself")
	}
	if !New(Deps{NoColor: true}).styles.NoColor {
		t.Fatal("Deps.NoColor not honoured")
	}
}
