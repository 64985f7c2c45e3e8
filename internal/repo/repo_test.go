package repo

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestRoot(t *testing.T) {
	root, err := Root(".")
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(root, "go.mod")); DeclaredModule(data) != Module {
		t.Errorf("Root = %s, whose go.mod is not %s", root, Module)
	}
	if got, err := Root(filepath.Join(root, "tools")); err != nil || got != root {
		t.Errorf("Root(tools) = %q, %v; want %q (the nested module is skipped)", got, err, root)
	}
	if _, err := Root(t.TempDir()); !errors.Is(err, ErrNotInRepo) {
		t.Errorf("outside the repository: error %v, want ErrNotInRepo", err)
	}
}

func TestDeclaredModule(t *testing.T) {
	for in, want := range map[string]string{
		"module example.com/x\n\ngo 1.26\n": "example.com/x",
		"// c\nmodule \"quoted/path\"\n":    "quoted/path",
		"go 1.26\n":                         "",
	} {
		if got := DeclaredModule([]byte(in)); got != want {
			t.Errorf("DeclaredModule(%q) = %q, want %q", in, got, want)
		}
	}
}
