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
	History []vae.Epoch `json:"history"`
}

// Save writes m, the recipe that made it and its history to path
// (vae.WriteCheckpoint: atomically, so a failed write never leaves half a
// checkpoint).
func Save(path string, m *Model, r Recipe, history []vae.Epoch) error {
	if err := vae.WriteCheckpoint(path, header{Recipe: r, History: history}, m.Params); err != nil {
		return fmt.Errorf("cvae: %w", err)
	}
	return nil
}

// Load reads the checkpoint at path and returns its model (with threads
// matmul workers) and training history, provided the file was written for
// recipe want. A missing file gives an error wrapping fs.ErrNotExist; a
// file that is damaged, of another format or of another recipe gives a
// *vae.CheckpointError saying which, never a model.
func Load(path string, want Recipe, threads int) (*Model, []vae.Epoch, error) {
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
