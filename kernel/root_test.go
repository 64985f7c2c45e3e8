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
	env := Environ(root, []string{"HOME=/h", "PATH=/usr/bin", "JUPYTER_DATA_DIR=/elsewhere", "JUPYTERLAB_SETTINGS_DIR=/mine"})
	want := []string{"HOME=/h", "PATH=" + binDir(root) + string(filepath.ListSeparator) + "/usr/bin",
		"JUPYTER_CONFIG_PATH=" + filepath.FromSlash("/r/kernel/jupyter"),
		"JUPYTER_DATA_DIR=" + dataDir(root), "JUPYTER_PLATFORM_DIRS=1",
		"JUPYTERLAB_SETTINGS_DIR=" + filepath.FromSlash("/r/.jupyter/lab/user-settings"),
		"JUPYTERLAB_WORKSPACES_DIR=" + filepath.FromSlash("/r/.jupyter/lab/workspaces")}
	if !slices.Equal(env, want) {
		t.Errorf("Environ =\n%q\nwant\n%q", env, want)
	}
}

func TestCheckGo(t *testing.T) {
	tests := []struct {
		name string
		path string
		want []string // in the error; nil for no error
	}{
		{"go on PATH", realGo(t), nil},
		{"empty PATH", "", []string{"no `go` command on PATH", "GoNB compiles every cell", "whatever starts Jupyter", "To fix:"}},
		{"PATH without go", t.TempDir(), []string{"no `go` command on PATH", "to PATH", "`go version` works"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PATH", tt.path)
			err := CheckGo()
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			t.Logf("the message:\n%v", err)
			if !errors.Is(err, ErrNoGo) {
				t.Fatalf("want ErrNoGo, got %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestGoBinDir: the hint names a folder holding a go command.
func TestGoBinDir(t *testing.T) {
	dir := goBinDir()
	if dir == "" {
		t.Skip("the Go that built this test is gone; no hint to check")
	}
	if _, err := os.Stat(filepath.Join(dir, "go")); err != nil {
		t.Errorf("goBinDir() = %s without a go command: %v", dir, err)
	}
}
