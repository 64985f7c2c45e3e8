package cvae

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/vaelab/govae/vae"
)

// A CVAE's checkpoint is the library's container (vae.WriteCheckpoint):
// its parameter Block, with a header that records the recipe that made the
// model (which fixes its shape) and its training history.
type header struct {
	Recipe  Recipe      `json:"recipe"`
	Data    string      `json:"data_digest"` // course.Digest of the data it was trained on
	History []vae.Epoch `json:"history"`
}

// Save writes m, the recipe that made it, the digest of the data it was
// trained on (course.Digest) and its history to path (vae.WriteCheckpoint:
// atomically, so a failed write never leaves half a checkpoint).
func Save(path string, m *Model, r Recipe, data string, history []vae.Epoch) error {
	if err := vae.WriteCheckpoint(path, header{Recipe: r, Data: data, History: history}, m.Params); err != nil {
		return fmt.Errorf("cvae: %w", err)
	}
	return nil
}

// Load reads the checkpoint at path and returns its model (with threads
// matmul workers) and training history, provided the file was written for
// recipe want and trained on the data of digest data. A missing file gives
// an error wrapping fs.ErrNotExist; a file that is damaged, of another
// format, of another recipe or of other data gives a *vae.CheckpointError
// saying which, never a model.
func Load(path string, want Recipe, data string, threads int) (*Model, []vae.Epoch, error) {
	var h header
	params, err := vae.ReadCheckpoint(path, &h)
	if err != nil {
		return nil, nil, err
	}
	mismatch := func(format string, a ...any) error {
		return &vae.CheckpointError{Path: path, Problem: fmt.Sprintf(format, a...), Fix: "delete it and train again"}
	}
	got, _ := json.Marshal(h.Recipe)
	wanted, _ := json.Marshal(want)
	if !bytes.Equal(got, wanted) {
		return nil, nil, mismatch("it holds recipe %s, not %s", got, wanted)
	}
	if h.Data != data {
		if h.Data == "" {
			return nil, nil, mismatch("it does not record which digits it was trained on, and %q may have changed since", want.Data)
		}
		return nil, nil, mismatch("it was trained on other digits under the name %q (digest %s; the data now has %s)", want.Data, h.Data, data)
	}
	cfg := want.Model
	cfg.Threads = threads
	m, err := New(cfg, want.Seed)
	if err != nil {
		return nil, nil, mismatch("%v", err)
	}
	if len(params) != len(m.Params) {
		m.Close()
		return nil, nil, mismatch("it holds %d parameters, but the recipe's model has %d", len(params), len(m.Params))
	}
	copy(m.Params, params)
	return m, h.History, nil
}
