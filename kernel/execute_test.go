package kernel_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/vaelab/govae/kernel"
	"github.com/vaelab/govae/kernel/kerneltest"
)

// TestExecuteFixtures runs testdata/notebooks through the real kernel: the
// good notebook passes; each bad one, whose third cell follows a working
// wiring cell, fails with a *CheckError naming that cell and the cause,
// and is not written back.
func TestExecuteFixtures(t *testing.T) {
	_, py := kerneltest.Setup(t)
	tests := []struct {
		file  string
		cell  int    // the cell that must fail, 0 for none
		label string // how the error names it
		cause []string
	}{
		{"good.ipynb", 0, "", nil},
		{"panic.ipynb", 3, `panic("deliberate failure")`, []string{"failed (stderr)", "panic: deliberate failure", "exit status 2"}},
		{"exit_status.ipynb", 3, `fmt.Println("about to exit")`, []string{"failed (stderr)", "exit status 3"}},
		{"compile_error.ipynb", 3, `var x int = "not an int"`, []string{"error output", `cannot use "not an int"`}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "notebooks", tt.file)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), tt.file)
			res, err := kernel.Execute(kerneltest.Context(t), path, kernel.Options{Python: py, Output: out, WriteBack: tt.cell != 0})
			for _, c := range res.Cells {
				t.Logf("cell %d %.2fs %s", c.Cell, c.Duration.Seconds(), c.Label)
			}
			t.Logf("total %.1fs", res.Total.Seconds())
			if tt.cell == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if executed, _ := os.ReadFile(out); !bytes.Contains(executed, []byte(`"image/png"`)) {
					t.Error("the executed notebook has no PNG output")
				}
				if len(res.Cells) != 3 {
					t.Errorf("timed %d cells, want the 3 code cells", len(res.Cells))
				}
				// The run compiled and ran cells through a live kernel: each
				// role must have been seen, within the whole.
				t.Logf("peak memory: %v", res.Memory)
				if m := res.Memory; runtime.GOOS == "linux" &&
					(m.Kernel == 0 || m.Client == 0 || m.Tools == 0 || m.Total < max(m.Kernel, m.Client, m.Tools, m.Cell)) {
					t.Errorf("peak memory %+v: a role was not seen, or exceeds the whole", m)
				}
				return
			}
			var ce *kernel.CheckError
			if !errors.As(err, &ce) {
				t.Fatalf("want a *kernel.CheckError, got %v", err)
			}
			t.Logf("the error, as nbrun prints it:\n%v", err)
			if len(ce.Problems) != 1 || ce.Problems[0].Cell != tt.cell {
				t.Errorf("want one problem, in cell %d; got %v", tt.cell, ce.Problems)
			}
			msg := err.Error()
			for _, w := range append([]string{fmt.Sprintf("cell %d (%s): ", tt.cell, tt.label)}, tt.cause...) {
				if !strings.Contains(msg, w) {
					t.Errorf("the error lacks %q:\n%v", w, msg)
				}
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("a failing notebook was written back")
			}
		})
	}
}

// TestExecuteTimeout stops a cell that outlives CellTimeout and names it.
func TestExecuteTimeout(t *testing.T) {
	root, py := kerneltest.Setup(t)
	path := writeNotebook(t, "%%\ntime.Sleep(time.Minute)", nil)
	start := time.Now()
	_, err := kernel.Execute(kerneltest.Context(t), path, kernel.Options{Root: root, Python: py, CellTimeout: 3 * time.Second})
	if err == nil || !strings.Contains(err.Error(), "cell 1 (time.Sleep(time.Minute))") || !strings.Contains(err.Error(), "CellTimeoutError") {
		t.Fatalf("want a timeout naming cell 1, got %v", err)
	}
	if d := time.Since(start); d > 40*time.Second {
		t.Errorf("took %v to give up", d)
	}
}

// writeNotebook writes a one-cell notebook with the given source and
// "expect" metadata into a temporary folder, with mode 0600.
func writeNotebook(t *testing.T, src string, expect []string) string {
	t.Helper()
	cell := map[string]any{"cell_type": "code", "execution_count": nil, "id": "a",
		"metadata": map[string]any{"expect": expect}, "outputs": []any{}, "source": src}
	nb := map[string]any{"cells": []any{cell}, "nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{"kernelspec": map[string]string{"display_name": "Go (gonb)", "language": "go", "name": "gonb"}}}
	data, err := json.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "nb.ipynb")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestExecuteWriteBack saves a passing notebook's outputs into the file.
func TestExecuteWriteBack(t *testing.T) {
	root, py := kerneltest.Setup(t)
	path := writeNotebook(t, "%%\nfmt.Println(\"saved\", 6*7)", []string{"saved 42"})
	if _, err := kernel.Execute(kerneltest.Context(t), path, kernel.Options{Root: root, Python: py, WriteBack: true}); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(saved, []byte("saved 42")) {
		t.Errorf("outputs not written back:\n%s", saved)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode changed to %v", fi.Mode().Perm())
	}
}

// TestExecuteWithoutGoOnPath starts the kernel, as a desktop launcher or an
// editor might start Jupyter, with a PATH that has no go command: kernel.json
// appends the installing Go's bin folder, so the notebook still runs.
func TestExecuteWithoutGoOnPath(t *testing.T) {
	_, py := kerneltest.Setup(t)
	const system = "/usr/bin:/bin" // bash, dirname and the like, for the wiring cell
	for _, dir := range filepath.SplitList(system) {
		if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
			t.Skipf("go is installed in %s: no PATH here lacks it", dir)
		}
	}
	t.Setenv("PATH", system)
	if err := kernel.CheckGo(); err == nil {
		t.Fatal("go is still on PATH")
	}
	path := filepath.Join("testdata", "notebooks", "good.ipynb")
	res, err := kernel.Execute(kerneltest.Context(t), path, kernel.Options{Python: py})
	if err != nil {
		t.Fatalf("with PATH=%s: %v", system, err)
	}
	t.Logf("ran %d cells in %.1fs without go on PATH", len(res.Cells), res.Total.Seconds())
}

// TestExecuteSource runs another notebook's source in a notebook's place:
// the panicking fixture's cells, run as good.ipynb, fail as they do in
// their own file, and good.ipynb is left as it was. WriteBack with a Source
// is refused before anything runs.
func TestExecuteSource(t *testing.T) {
	_, py := kerneltest.Setup(t)
	path := filepath.Join("testdata", "notebooks", "good.ipynb")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("testdata", "notebooks", "panic.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kernel.Execute(kerneltest.Context(t), path, kernel.Options{Python: py, Source: src, WriteBack: true}); err == nil {
		t.Error("WriteBack with a Source: no error")
	}
	_, err = kernel.Execute(kerneltest.Context(t), path, kernel.Options{Python: py, Source: src})
	var ce *kernel.CheckError
	if !errors.As(err, &ce) || len(ce.Problems) != 1 || ce.Problems[0].Cell != 3 {
		t.Fatalf("want a *kernel.CheckError for cell 3, the panicking cell of the source; got %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the notebook at path changed")
	}
}
