package kernel_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaelab/govae/kernel"
	"github.com/vaelab/govae/kernel/kerneltest"
)

// TestExecuteFixtures runs testdata/notebooks through the real kernel: the
// good notebook passes, the bad ones fail naming their failing cell.
func TestExecuteFixtures(t *testing.T) {
	root := kerneltest.Setup(t)
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
			res, err := kernel.Execute(kerneltest.Context(t), path, kernel.Options{Output: out, WriteBack: true})
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

// TestExecuteWriteBack saves a passing notebook's outputs into the file.
func TestExecuteWriteBack(t *testing.T) {
	root := kerneltest.Setup(t)
	path := filepath.Join(t.TempDir(), "hello.ipynb")
	nb := `{"cells": [{"cell_type": "code", "execution_count": null, "id": "a", "metadata": {"expect": ["saved 42"]},
	  "outputs": [], "source": "%%\nfmt.Println(\"saved\", 6*7)"}],
	 "metadata": {"kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"}},
	 "nbformat": 4, "nbformat_minor": 5}`
	if err := os.WriteFile(path, []byte(nb), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := kernel.Execute(kerneltest.Context(t), path, kernel.Options{Root: root, WriteBack: true}); err != nil {
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
