package course

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/vaelab/govae/mnist"
	"github.com/vaelab/govae/vae"
)

// Data loads a data set by the name a Recipe uses: "mnist" (the full
// 60,000 + 10,000 digits from the module cache) or "mnist-small" (the
// 1,000 + 500 digits in testdata/mnist).
func Data(name string) (train, test *vae.Dataset, err error) {
	switch name {
	case "mnist":
		return mnist.LoadDefault()
	case "mnist-small":
		return mnist.Small()
	}
	return nil, nil, fmt.Errorf("course: unknown data set %q: use mnist or mnist-small", name)
}

// ModelDir is the folder where lessons keep trained models:
// <repository>/.models, found by walking up from the working folder (a
// notebook runs in notebooks/). It is not committed.
func ModelDir() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, ".models"), nil
}

// RepoRoot walks up from the working folder to the folder holding this
// repository's go.mod, and says so plainly when there is none: a notebook
// opened from a copy outside the repository cannot find its data.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("course: %w", err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && strings.HasPrefix(string(b), "module github.com/vaelab/govae\n") {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("course: %s is not inside the govae repository: open the notebooks from the repository's notebooks/ folder", dir)
		}
	}
}
