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
	// Optimizer says where Adam's state is: its steps here, and its two
	// moments after the parameters, so that a resumed run steps as the
	// uninterrupted one would have. A file written before the moments were
	// kept holds the parameters alone; a run continued from it starts
	// Adam afresh.
	Optimizer string `json:"optimizer"`
	AdamSteps int    `json:"adam_steps,omitempty"`
}

// settings are the training settings that make a model, short of how long
// it trained: a checkpoint with other settings is another model.
type settings struct {
	K     int     `json:"k"`
	Batch int     `json:"batch"`
	LR    float64 `json:"lr"`
	Seed  uint64  `json:"seed"`
}

const optimizerNote = "adam: its steps in adam_steps, its first and second moments after the parameters"

// save writes m, Adam's state and what made them to path, atomically
// (vae.WriteCheckpoint: a temporary file renamed over path), so a killed
// run leaves the last finished epoch: the parameters, then Adam's first
// and second moments, one number each per parameter.
func save(path string, m *Model, opt *vae.Adam, s settings, data string, history []vae.Epoch) error {
	steps, mom, vel := opt.Moments()
	h := header{Format: format, Model: m.Config, Settings: s, Data: data, History: history, Optimizer: optimizerNote, AdamSteps: steps}
	all := append(append(append(make([]float32, 0, 3*len(m.Params)), m.Params...), mom...), vel...)
	if err := vae.WriteCheckpoint(path, h, all); err != nil {
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

// restore puts what a checkpoint read into m and opt: the parameters, and
// Adam's state when the file keeps it (three numbers per parameter; a
// file of parameters alone leaves Adam fresh).
func restore(m *Model, opt *vae.Adam, all []float32, h *header, path string) error {
	n := len(m.Params)
	bad := func(problem string) error {
		return &vae.CheckpointError{Path: path, Problem: problem,
			Fix: "it was left as it is: delete it to train this run from the start, or give the run another path"}
	}
	switch len(all) {
	case n:
		copy(m.Params, all)
	case 3 * n:
		copy(m.Params, all[:n])
		if err := opt.SetMoments(h.AdamSteps, all[n:2*n], all[2*n:]); err != nil {
			return bad(fmt.Sprintf("its optimizer state: %v", err))
		}
	default:
		return bad(fmt.Sprintf("it holds %d numbers, but %v has %d parameters (and Adam's state is twice as many again)", len(all), m, n))
	}
	return nil
}
