package course

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/vaelab/govae/internal/atomicfile"
	"github.com/vaelab/govae/vae"
)

// FromCache is the train-or-load policy every lesson's model shares: the
// model whose checkpoint is at path is loaded with load when the file is
// usable; when there is no file, train makes it and save writes it there.
// When the file is not a usable checkpoint of this model (truncated,
// corrupt, of another architecture or recipe: load returns a
// *vae.CheckpointError), the model is trained again and the file replaced,
// and replaced says why. Any other error reading the file (permissions, a
// folder in its place) is returned, since training would not fix it.
// course.TrainOrLoad and cvae.TrainOrLoad are this policy with their
// models' load, train and save.
func FromCache[T any](path string, load func(path string) (T, error), train func() (T, error), save func(path string, t T) error) (t T, cached bool, replaced string, err error) {
	atomicfile.RemoveStale(path) // what killed runs left of their saves
	t, err = load(path)
	var ce *vae.CheckpointError
	switch {
	case err == nil:
		return t, true, "", nil
	case errors.As(err, &ce):
		replaced = fmt.Sprintf("course: the cached model %s cannot be used: %s; training it again and replacing the file", ce.Path, ce.Problem)
	case !errors.Is(err, fs.ErrNotExist):
		return t, false, "", fmt.Errorf("course: %w (delete the file to train the model again)", err)
	}
	if t, err = train(); err != nil {
		return t, false, replaced, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return t, false, replaced, fmt.Errorf("course: %w", err)
	}
	return t, false, replaced, save(path, t)
}
