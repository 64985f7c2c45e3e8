package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaelab/govae/kernel"
)

// TestRunErrors runs the command where something the user must fix is
// missing, with PATH reduced to a folder of stand-ins: each case must stop
// before installing anything, with an error that names the problem and
// says what to do.
func TestRunErrors(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	// A checkout as FindRoot sees it: only the go.mod, so no .tools/venv.
	checkout := t.TempDir()
	os.WriteFile(filepath.Join(checkout, "go.mod"), []byte("module "+kernel.ModulePath+"\n"), 0o644)
	bin := func(pythonBody string) string {
		dir := t.TempDir()
		os.Symlink(goBin, filepath.Join(dir, "go"))
		if pythonBody != "" {
			os.WriteFile(filepath.Join(dir, "python3"), []byte("#!/bin/sh\n"+pythonBody+"\n"), 0o755)
		}
		return dir
	}
	noJupyter := `echo "ModuleNotFoundError: No module named 'jupyterlab'" >&2; exit 1`
	tests := []struct {
		name, wd, path string
		sentinel       error
		want           []string
	}{
		{"outside the repository", t.TempDir(), bin(""), kernel.ErrNotInRepo,
			[]string{"no go.mod declaring module " + kernel.ModulePath, "cd into your clone"}},
		{"no go on PATH", checkout, t.TempDir(), kernel.ErrNoGo,
			[]string{"no `go` command on PATH", "whatever starts Jupyter", "To fix:"}},
		{"no python3", checkout, bin(""), kernel.ErrNoJupyter,
			[]string{"no python3 on PATH", "pip install -r kernel/requirements.txt", "go run ./kernel/cmd/lab -venv"}},
		{"python3 without Jupyter", checkout, bin(noJupyter), kernel.ErrNoJupyter,
			[]string{"cannot import jupyterlab or notebook", "No module named 'jupyterlab'", "apt-get install jupyter-notebook"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(tt.wd)
			t.Setenv("PATH", tt.path)
			err := run(0, "127.0.0.1", true, false, false, "", nil)
			t.Logf("the message:\n%v", err)
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("want %v, got %v", tt.sentinel, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if _, err := os.Stat(filepath.Join(tt.wd, ".tools")); err == nil {
				t.Error("the command installed something before failing")
			}
		})
	}
}
