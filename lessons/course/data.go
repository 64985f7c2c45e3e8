package course

import (
	"fmt"
	"path/filepath"

	"github.com/vaelab/govae/internal/repo"
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

// Digest identifies the contents of a data set's training and test
// digits (vae.Dataset.Digest of each; a nil set counts as empty). A
// model's checkpoint records it, because a recipe names its data only by
// name ("mnist"), and the files behind a name can change ($MNIST_DIR
// pointed elsewhere): a model trained on other digits is then trained
// again, not loaded.
func Digest(train, test *vae.Dataset) string {
	d := func(s *vae.Dataset) string {
		if s == nil {
			return "none"
		}
		return s.Digest()
	}
	return d(train) + "-" + d(test)
}

// ModelDir is the folder where lessons keep trained models:
// <repository>/.models, found by walking up from the working folder (a
// notebook runs in its own folder, work/ or notebooks/). It is not committed.
func ModelDir() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, ".models"), nil
}

// RepoRoot returns the root of the repository holding the working folder
// (a notebook runs in its own folder), and says plainly when there is none: a
// notebook opened from a copy outside the repository cannot find its data.
func RepoRoot() (string, error) {
	root, err := repo.Root(".")
	if err != nil {
		return "", fmt.Errorf("course: %w: open the notebooks inside the repository: your copies in work/ (go run ./kernel/cmd/lab), or notebooks/", err)
	}
	return root, nil
}
