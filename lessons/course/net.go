package course

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/vaelab/govae/vae"
)

// NetRecipe is everything that determines a trained Net of a lesson
// package, as Recipe is for a vae.Model: its config C (which fixes its
// shape; a Threads field tagged `json:"-"` does not count), training
// settings, data and seed. Two equal recipes give the same model, so a
// recipe names its checkpoint.
type NetRecipe[C any] struct {
	Name  string          `json:"name"` // e.g. "convvae", shown in file names
	Model C               `json:"model"`
	Train vae.TrainConfig `json:"train"`
	Data  string          `json:"data"` // Data's name: "mnist" or "mnist-small"
	Seed  uint64          `json:"seed"` // weight initialization
}

// CheckpointPath is where the model of r is kept inside dir: its name and
// a hash of the whole recipe, so changing any setting trains anew.
func (r NetRecipe[C]) CheckpointPath(dir string) string {
	sum := sha256.Sum256(r.json())
	return filepath.Join(dir, fmt.Sprintf("%s-%s.ckpt", r.Name, hex.EncodeToString(sum[:6])))
}

// json encodes r; a recipe always encodes, its TrainConfig's funcs are not.
func (r NetRecipe[C]) json() []byte {
	b, err := json.Marshal(r)
	if err != nil {
		panic(fmt.Sprintf("course: recipe %s does not encode: %v", r.Name, err))
	}
	return b
}

// TrainedNet is a Net with the record of its training.
type TrainedNet[N Net] struct {
	Model   N
	History []vae.Epoch
	Cached  bool   // loaded from a checkpoint rather than trained now
	Path    string // the checkpoint
	// Replaced says why a checkpoint already at Path was not used but
	// trained again and overwritten; "" if none was there or it was used.
	Replaced string
}

// A Recorder is a Net that keeps a record of its training besides its
// parameters (a VQ-VAE's codebook use over its steps): TrainNetOrLoad
// saves Record in the checkpoint and gives it back to Restore when it
// loads the model.
type Recorder interface {
	Record() any
	Restore(json.RawMessage) error
}

// netHeader is the header of a Net's checkpoint (vae.WriteCheckpoint):
// the recipe, the digest of the data it was trained on, its history, and
// a Recorder's record.
type netHeader struct {
	Recipe  json.RawMessage `json:"recipe"`
	Data    string          `json:"data_digest"`
	History []vae.Epoch     `json:"history"`
	Record  json.RawMessage `json:"record,omitempty"`
}

// TrainNetOrLoad returns the model of recipe r, made by build: loaded from
// its checkpoint in dir if there is a usable one, else trained on train
// with Fit (reporting to onStep and onEpoch, which may be nil) and saved
// there. The policy is FromCache's: a damaged or foreign checkpoint is
// trained again and replaced, saying why; one that cannot be read at all
// is an error.
func TrainNetOrLoad[C any, N Net](dir string, r NetRecipe[C], build func(C, uint64) (N, error), train, test *vae.Dataset, onStep func(vae.Step), onEpoch func(vae.Epoch)) (*TrainedNet[N], error) {
	if r.Train.Epochs < 1 { // Fit would read 0 as its default, 10
		return nil, fmt.Errorf("course: recipe %s: %d epochs: a model trains for at least 1 epoch; set epochs to a positive number (10 is usual)", r.Name, r.Train.Epochs)
	}
	digest := Digest(train, test)
	path := r.CheckpointPath(dir)
	t, cached, why, err := FromCache(path,
		func(path string) (*TrainedNet[N], error) { return loadNet(path, r, build, digest) },
		func() (*TrainedNet[N], error) {
			n, err := build(r.Model, r.Seed)
			if err != nil {
				return nil, fmt.Errorf("course: recipe %s: %w", r.Name, err)
			}
			tc := r.Train
			tc.OnStep, tc.OnEpoch = onStep, onEpoch
			hist, err := Fit(n, train, test, tc)
			if err != nil {
				n.Close()
				return nil, fmt.Errorf("course: training %s: %w", r.Name, err)
			}
			return &TrainedNet[N]{Model: n, History: hist}, nil
		},
		func(path string, t *TrainedNet[N]) error {
			h := netHeader{Recipe: r.json(), Data: digest, History: t.History}
			if rec, ok := any(t.Model).(Recorder); ok {
				b, err := json.Marshal(rec.Record())
				if err != nil {
					return fmt.Errorf("course: the record of %s: %w", r.Name, err)
				}
				h.Record = b
			}
			if err := vae.WriteCheckpoint(path, h, t.Model.Weights().Params); err != nil {
				return fmt.Errorf("course: %w", err)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	t.Cached, t.Path, t.Replaced = cached, path, why
	return t, nil
}

// loadNet reads the checkpoint at path, provided it was written for recipe
// r and trained on the data of digest data. A missing file gives an error
// wrapping fs.ErrNotExist; one that is damaged, of another format, recipe
// or data gives a *vae.CheckpointError saying which, never a model.
func loadNet[C any, N Net](path string, r NetRecipe[C], build func(C, uint64) (N, error), data string) (*TrainedNet[N], error) {
	var h netHeader
	params, err := vae.ReadCheckpoint(path, &h)
	if err != nil {
		return nil, err
	}
	mismatch := func(format string, a ...any) error {
		return &vae.CheckpointError{Path: path, Problem: fmt.Sprintf(format, a...), Fix: "delete it and train again"}
	}
	var got bytes.Buffer
	if json.Compact(&got, h.Recipe) != nil || !bytes.Equal(got.Bytes(), r.json()) {
		return nil, mismatch("it holds recipe %s, not %s", h.Recipe, r.json())
	}
	if h.Data != data {
		return nil, mismatch("%s", otherData(r.Data, h.Data, data))
	}
	n, err := build(r.Model, r.Seed)
	if err != nil {
		return nil, mismatch("%v", err)
	}
	if p := n.Weights().Params; len(params) != len(p) {
		n.Close()
		return nil, mismatch("it holds %d parameters, but the recipe's model has %d", len(params), len(p))
	} else {
		copy(p, params)
	}
	if rec, ok := any(n).(Recorder); ok {
		if len(h.Record) == 0 {
			n.Close()
			return nil, mismatch("it keeps no record of the model's training")
		}
		if err := rec.Restore(h.Record); err != nil {
			n.Close()
			return nil, mismatch("%v", err)
		}
	}
	return &TrainedNet[N]{Model: n, History: h.History}, nil
}

// GetNet is how a notebook cell obtains the model of recipe r, as Get does
// for a vae.Model: from its checkpoint in ModelDir, or trained there and
// then with live progress (Live, shown only inside a notebook). It prints
// one line saying which happened and the final test loss.
func GetNet[C any, N Net](r NetRecipe[C], build func(C, uint64) (N, error)) (*TrainedNet[N], error) {
	train, test, err := Data(r.Data)
	if err != nil {
		return nil, err
	}
	dir, err := ModelDir()
	if err != nil {
		return nil, err
	}
	id := "live_" + gonbui.UniqueId()
	live := &Live{Title: "training " + r.Name, Show: func(html string) { gonbui.UpdateHTML(id, html) }}
	t, err := TrainNetOrLoad(dir, r, build, train, test, live.Step, live.Epoch)
	if err != nil {
		return nil, err
	}
	fmt.Println(Line(r.Name, t.Model, t.Cached, t.Replaced, t.Path, t.History, 1)) // one write, never split among outputs
	return t, nil
}
