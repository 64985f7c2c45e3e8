package kernel_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vaelab/govae/kernel"
	"github.com/vaelab/govae/kernel/kerneltest"
)

// TestExecuteFixtures runs testdata/notebooks through the real kernel: the
// good notebook passes, the bad ones fail naming their failing cell.
func TestExecuteFixtures(t *testing.T) {
	root, py := kerneltest.Setup(t)
	tests := []struct {
		file string
		cell int    // the cell that must fail, 0 for none
		want string // in the error
	}{
		{"good.ipynb", 0, ""},
		{"panic.ipynb", 3, "panic: deliberate failure"},
		{"compile_error.ipynb", 3, `cannot use "not an int"`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(root, "testdata", "notebooks", tt.file)
			before, _ := os.ReadFile(path)
			out := filepath.Join(t.TempDir(), tt.file)
			res, err := kernel.Execute(kerneltest.Context(t), path, kernel.Options{Python: py, Output: out, WriteBack: true})
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
				return
			}
			var ce *kernel.CheckError
			if !errors.As(err, &ce) {
				t.Fatalf("want a *kernel.CheckError, got %v", err)
			}
			if ce.Problems[0].Cell != tt.cell || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("want cell %d failing with %q, got:\n%v", tt.cell, tt.want, err)
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
