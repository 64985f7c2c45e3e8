package kernel

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vaelab/govae/internal/repo"
)

func TestFindRoot(t *testing.T) {
	root, err := FindRoot(filepath.Join("testdata", "scan"))
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(root, "go.mod")); repo.DeclaredModule(data) != ModulePath {
		t.Errorf("FindRoot = %s, whose go.mod is not %s", root, ModulePath)
	}
	// A nested module (like tools/) is not the root.
	if got, err := FindRoot(filepath.Join(root, "tools")); err != nil || got != root {
		t.Errorf("FindRoot(tools) = %q, %v; want %q", got, err, root)
	}
	// Outside: another module's folder, then no module at all.
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "go.mod"), []byte("module example.com/other\n"), 0o644)
	if _, err := FindRoot(other); !errors.Is(err, ErrNotInRepo) {
		t.Errorf("FindRoot(%s) error = %v, want ErrNotInRepo", other, err)
	}
}

func TestEnviron(t *testing.T) {
	root := filepath.FromSlash("/r")
	env := Environ(root, []string{"HOME=/h", "PATH=/usr/bin", "JUPYTER_DATA_DIR=/elsewhere"})
	want := []string{"HOME=/h", "PATH=" + BinDir(root) + string(filepath.ListSeparator) + "/usr/bin",
		"JUPYTER_DATA_DIR=" + DataDir(root), "JUPYTER_PLATFORM_DIRS=1"}
	if !slices.Equal(env, want) {
		t.Errorf("Environ =\n%q\nwant\n%q", env, want)
	}
}

func TestWriteAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nb.ipynb")
	os.WriteFile(path, []byte("old"), 0o600)
	if err := writeAtomic(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(data) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("got %q mode %v, want \"new\" mode 0600", data, fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// A folder that cannot be written leaves the error, not a half file.
	if err := writeAtomic(filepath.Join(path, "x"), nil); err == nil || !strings.Contains(err.Error(), "saving") {
		t.Errorf("writeAtomic into a file's path: err = %v", err)
	}
}

func TestVerifyEmpty(t *testing.T) {
	err := Verify(t.TempDir())
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "gopls is missing") {
		t.Errorf("Verify(empty) = %v", err)
	}
}
