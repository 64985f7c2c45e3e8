package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vaelab/govae/internal/atomicfile"
	"github.com/vaelab/govae/vae"
)

// settings describes what makes a trained model, short of how long it
// trained: a checkpoint with the same description holds this run's model,
// further along or less far. c is a model's config (defaults filled in).
func settings(c vae.Config, tc vae.TrainConfig, data, digest string) string {
	s := fmt.Sprintf("%v %d-%d-%d %v, β %g", c.Kind, c.Input, c.Hidden, c.Latent, c.Likelihood, c.Beta)
	if c.Likelihood == vae.Gaussian {
		s += fmt.Sprintf(", σ %g", c.Sigma)
	}
	if digest == "" {
		digest = "not recorded"
	}
	return s + fmt.Sprintf("; %s, lr %g, batch %d, seed %d; data %s (digest %s)", tc.Optimizer, tc.LR, tc.Batch, tc.Seed, data, digest)
}

// outPath decides, before any training, where the run saves its model,
// so that it never destroys a file the learner keeps:
//
//   - a path that does not exist yet, or that holds this run's own model
//     (the same settings, trained for at most as many epochs), is used;
//   - a file that is not a checkpoint of this library, or a folder, is
//     refused: nothing is written;
//   - a checkpoint of other settings, or of a longer training, is kept,
//     and the run writes beside it (vae-2.ckpt, ...), saying so on log,
//     unless replace is set.
//
// It also removes what killed runs left of their writes to the path
// (atomicfile.RemoveStale) and checks that the folder can be written to.
func outPath(path string, replace bool, want string, epochs int, log io.Writer) (string, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path, writable(path)
	case err != nil:
		return "", fmt.Errorf("-out %s: %w", path, err)
	case fi.IsDir():
		return "", fmt.Errorf("-out %s is a folder: name a file in it, e.g. -out %s", path, filepath.Join(path, "vae.ckpt"))
	}
	var saved meta
	m, err := vae.Load(path, 1, &saved)
	if err != nil {
		var ce *vae.CheckpointError
		if errors.As(err, &ce) {
			return "", fmt.Errorf("-out %s exists and is not a checkpoint of this library (%s): it was left as it is; choose another path", path, ce.Problem)
		}
		return "", fmt.Errorf("-out %s: %w", path, err)
	}
	had := settings(m.Config, saved.Train, saved.Data, saved.Digest)
	m.Close()
	done := len(saved.History)
	if replace || (had == want && done <= epochs) {
		return path, writable(path)
	}
	why := "other settings: " + had
	if had == want {
		why = fmt.Sprintf("the same settings trained longer, %d epochs", done)
	}
	beside, err := freeBeside(path)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(log, "vaetrain: %s holds a model trained with %s; it is kept, and this run writes %s (-replace replaces it instead)\n", path, why, beside)
	return beside, writable(beside)
}

// freeBeside returns the first of path-2, path-3, ... (before the
// extension) that does not exist.
func freeBeside(path string) (string, error) {
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	for i := 2; i < 1000; i++ {
		p := stem + "-" + strconv.Itoa(i) + ext
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
	}
	return "", fmt.Errorf("-out %s: %s-2%s to %s-999%s all exist: choose another path", path, stem, ext, stem, ext)
}

// writable checks that a checkpoint can be written at path, the way Train
// writes it (a temporary file beside it, renamed), before an epoch of
// training depends on it; it first removes the temporary files of writes
// that a killed run left there.
func writable(path string) error {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("-out %s: the folder %s does not exist: create it or choose another path", path, dir)
	}
	atomicfile.RemoveStale(path)
	f, err := os.CreateTemp(dir, ".vaetrain-probe-*")
	if err != nil {
		return fmt.Errorf("-out %s: cannot write in %s (%v): choose a folder you can write to", path, dir, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}
