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
	// A python3 without Jupyter, and without the venv module that Debian
	// ships apart (python3.11-venv), so that it cannot make one either.
	noJupyter := `case "$*" in
*ensurepip*) echo 3.11; echo "ModuleNotFoundError: No module named 'ensurepip'" >&2; exit 1;;
*) echo "ModuleNotFoundError: No module named 'jupyterlab'" >&2; exit 1;;
esac`
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
			[]string{"python3 cannot run", "sudo apt-get install python3 python3-venv", "it installs the rest"}},
		{"python3 without Jupyter or venv", checkout, bin(noJupyter), kernel.ErrNoJupyter,
			[]string{"(Python 3.11) cannot make a virtual environment", "No module named 'ensurepip'", "sudo apt-get install python3.11-venv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(tt.wd)
			t.Setenv("PATH", tt.path)
			err := run(options{ip: "127.0.0.1", noBrowser: true}, nil)
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
