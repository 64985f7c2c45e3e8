package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	// A checkout as FindRoot sees it: a go.mod and one notebook.
	checkout := t.TempDir()
	os.WriteFile(filepath.Join(checkout, "go.mod"), []byte("module "+kernel.ModulePath+"\n"), 0o644)
	inside := filepath.Join(checkout, "nb.ipynb")
	outside := filepath.Join(t.TempDir(), "nb.ipynb")
	for _, p := range []string{inside, outside} {
		os.WriteFile(p, []byte(`{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`), 0o644)
	}
	bin := func(pythonBody string) string {
		dir := t.TempDir()
		os.Symlink(goBin, filepath.Join(dir, "go"))
		if pythonBody != "" {
			os.WriteFile(filepath.Join(dir, "python3"), []byte("#!/bin/sh\n"+pythonBody+"\n"), 0o755)
		}
		return dir
	}
	noNbclient := `echo "ModuleNotFoundError: No module named 'nbclient'" >&2; exit 1`
	tests := []struct {
		name, wd, path string
		notebooks      []string
		sentinel       error
		want           []string
	}{
		{"run outside the repository", t.TempDir(), bin(""), nil, kernel.ErrNotInRepo,
			[]string{"no go.mod declaring module " + kernel.ModulePath, "cd into your clone"}},
		{"notebook outside the repository", checkout, bin(""), []string{inside, outside}, kernel.ErrNotInRepo,
			[]string{"the notebook " + outside + " is outside it", "walking up from the notebook's folder", "move or copy it"}},
		{"no go on PATH", checkout, t.TempDir(), []string{inside}, kernel.ErrNoGo,
			[]string{"no `go` command on PATH", "whatever starts Jupyter", "To fix:"}},
		{"no python3", checkout, bin(""), []string{inside}, kernel.ErrNoJupyter,
			[]string{"no python3 on PATH", "pip install -r kernel/requirements.txt"}},
		{"python3 without nbclient", checkout, bin(noNbclient), []string{inside}, kernel.ErrNoJupyter,
			[]string{"cannot import nbclient", "No module named 'nbclient'", "go run ./kernel/cmd/lab -venv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(tt.wd)
			t.Setenv("PATH", tt.path)
			err := run(t.Context(), tt.notebooks, false, "", time.Minute, "")
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
