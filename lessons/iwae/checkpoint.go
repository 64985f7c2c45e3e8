package iwae

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"

	"github.com/vaelab/govae/internal/atomicfile"
	"github.com/vaelab/govae/vae"
)

// format names this package's checkpoints in their header, so that a
// checkpoint of another model (vaetrain's, a lesson's) is told apart.
const format = "lessons/iwae v1"

// header is what a checkpoint records besides the parameters: enough to
// tell whether a run may continue it (format, model, settings, data) and
// what it did (history). The container is vae.WriteCheckpoint's.
type header struct {
	Format   string      `json:"format"`
	Model    Config      `json:"model"`       // with defaults filled in
	Settings settings    `json:"settings"`    // the objective and the optimizer
	Data     string      `json:"data_digest"` // vae.Dataset.Digest of the training digits
	History  []vae.Epoch `json:"history"`     // one per epoch done: len(History) epochs
	// Optimizer says what of the optimizer's state is not here: vae.Adam
	// keeps its moments in unexported fields, so a resumed run starts
	// them afresh (as Adam's first step: each parameter moves by about
	// the learning rate), and only what the file holds is resumed exactly.
	Optimizer string `json:"optimizer"`
}

// settings are the training settings that make a model, short of how long
// it trained: a checkpoint with other settings is another model.
type settings struct {
	K     int     `json:"k"`
	Batch int     `json:"batch"`
	LR    float64 `json:"lr"`
	Seed  uint64  `json:"seed"`
}

const optimizerNote = "adam; its moments are not saved (vae.Adam does not expose them): a resumed run starts them afresh"

// save writes m and what made it to path, atomically (vae.WriteCheckpoint:
// a temporary file renamed over path), so a killed run leaves the last
// finished epoch.
func save(path string, m *Model, s settings, data string, history []vae.Epoch) error {
	h := header{Format: format, Model: m.Config, Settings: s, Data: data, History: history, Optimizer: optimizerNote}
	if err := vae.WriteCheckpoint(path, h, m.Params); err != nil {
		return fmt.Errorf("iwae: %w", err)
	}
	return nil
}

// Resumable reports what the checkpoint at path holds of the run that
// Train(m, train, _, tc) with tc.Checkpoint = path would make: the epochs
// it finished (nil if there is no file yet). A file that cannot be
// continued gives a *vae.CheckpointError saying why and what to do, and is
// never written over: one that is not a checkpoint of this package, or is
// damaged, or holds a model of another architecture, other settings or
// other training digits (not checked when train is nil). It also removes what killed runs left of their
// writes to path (atomicfile.RemoveStale).
func Resumable(path string, c Config, tc TrainConfig, train *vae.Dataset) ([]vae.Epoch, error) {
	_, h, err := read(path, c, tc, train)
	if h == nil {
		return nil, err
	}
	return h.History, err
}

// read is Resumable that also returns the parameters.
func read(path string, c Config, tc TrainConfig, train *vae.Dataset) ([]float32, *header, error) {
	if err := c.Validate(); err != nil {
		return nil, nil, err
	}
	if err := tc.Validate(); err != nil {
		return nil, nil, err
	}
	atomicfile.RemoveStale(path)
	var h header
	params, err := vae.ReadCheckpoint(path, &h)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		var ce *vae.CheckpointError
		if errors.As(err, &ce) {
			ce.Fix = "it was left as it is: move it, or give the run another path"
			return nil, nil, ce
		}
		return nil, nil, fmt.Errorf("iwae: %w", err)
	}
	refuse := func(format string, a ...any) error {
		return &vae.CheckpointError{Path: path, Problem: fmt.Sprintf(format, a...),
			Fix: "it was left as it is: delete it to train this run from the start, or give the run another path"}
	}
	want := c.withDefaults()
	want.Threads = 0 // how many threads compute a model is no part of it
	s := tc.withDefaults().settings()
	switch {
	case h.Format != format:
		return nil, nil, &vae.CheckpointError{Path: path, Problem: fmt.Sprintf("it is not a checkpoint of lessons/iwae (format %q)", h.Format),
			Fix: "it was left as it is: move it, or give the run another path"}
	case !reflect.DeepEqual(h.Model, want):
		return nil, nil, refuse("it holds a model %v, not %v", h.Model, want)
	case h.Settings != s:
		return nil, nil, refuse("it was trained with k %d, batch %d, lr %g, seed %d, not k %d, batch %d, lr %g, seed %d",
			h.Settings.K, h.Settings.Batch, h.Settings.LR, h.Settings.Seed, s.K, s.Batch, s.LR, s.Seed)
	case train != nil && h.Data != train.Digest():
		return nil, nil, refuse("it was trained on other digits (digest %s) than %q (digest %s)", h.Data, train.Name, train.Digest())
	}
	return params, &h, nil
}

// probe checks, before an epoch of training depends on it, that a
// checkpoint can be written beside path (a temporary file, renamed, is
// how vae.WriteCheckpoint writes).
func probe(path string) error {
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("iwae: checkpoint %s: the folder %s does not exist: create it or choose another path", path, dir)
	}
	f, err := os.CreateTemp(dir, ".iwae-probe-*")
	if err != nil {
		return fmt.Errorf("iwae: checkpoint %s: cannot write in %s (%v): choose a folder you can write to", path, dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}
