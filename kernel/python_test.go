package kernel

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeBin writes executable shell scripts named by the keys of scripts into
// a new folder and returns it, for tests that control PATH.
func fakeBin(t *testing.T, scripts map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range scripts {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// realGo returns the folder of the go command running the tests.
func realGo(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(p)
}

func TestFindPython(t *testing.T) {
	ok := fakeBin(t, map[string]string{"python3": `echo /opt/real/python3`})
	noMods := fakeBin(t, map[string]string{"python3": `echo "ModuleNotFoundError: No module named 'nbclient'" >&2; exit 1`})
	advice := []string{"pip install -r kernel/requirements.txt", "apt-get install jupyter-notebook python3-nbclient",
		"go run ./kernel/cmd/lab -venv", "-python"}
	tests := []struct {
		name, path, explicit string
		need                 Need
		want                 string   // the interpreter; "" when an error is expected
		wantErr              []string // in the error
	}{
		{"python3 with Jupyter", ok, "", NeedExecute, "/opt/real/python3", nil},
		{"no python3 on PATH", t.TempDir(), "", NeedExecute, "", append([]string{"no python3 on PATH"}, advice...)},
		{"python3 without nbclient", noMods, "", NeedExecute, "",
			append([]string{"cannot import nbclient", "No module named 'nbclient'"}, advice...)},
		{"python3 without jupyterlab", noMods, "", NeedLab, "", append([]string{"cannot import jupyterlab or notebook"}, advice...)},
		{"explicit interpreter missing", ok, "/nonexistent/python3", NeedLab, "", []string{"/nonexistent/python3 cannot import"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PATH", tt.path)
			// A root without .tools/venv, so that only PATH and explicit count.
			py, err := FindPython(context.Background(), t.TempDir(), tt.explicit, tt.need)
			if tt.want != "" {
				if err != nil || py != tt.want {
					t.Fatalf("FindPython = %q, %v; want %q", py, err, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrNoJupyter) {
				t.Fatalf("want ErrNoJupyter, got %q, %v", py, err)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}
