// Package notebooks holds the course notebooks; its test runs each of them
// headlessly through the GoNB kernel of this checkout (see package kernel)
// and fails on errors, panics, non-zero exits and missing expected outputs.
package notebooks

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaelab/govae/kernel"
	"github.com/vaelab/govae/kernel/kerneltest"
)

func TestNotebooks(t *testing.T) {
	paths, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Log("no notebooks yet")
		return
	}
	root, py := kerneltest.Setup(t)
	for _, p := range paths {
		t.Run(strings.TrimSuffix(p, ".ipynb"), func(t *testing.T) {
			res, err := kernel.Execute(kerneltest.Context(t), p, kernel.Options{Root: root, Python: py})
			for _, c := range res.Cells {
				t.Logf("cell %2d %7.2fs  %s", c.Cell, c.Duration.Seconds(), c.Label)
			}
			t.Logf("total %.1fs", res.Total.Seconds())
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
