package vae

import (
	"fmt"
)

// Expect is what LoadExpect requires of a checkpoint.
type Expect struct {
	// Config is the architecture and loss the file must hold. Zero fields
	// mean their defaults, as in New; Threads is not compared.
	Config Config
	// Train, if not nil, is the training the file must record (written by
	// SaveTrained). Zero fields mean their defaults; OnStep and OnEpoch are
	// not compared. A file without training settings does not match.
	Train *TrainConfig
}

// LoadExpect is Load for a caller that knows which model it wants: if the
// file holds another architecture, or other training settings, it returns
// a *CheckpointError naming the file and each difference, e.g. "hidden 400
// in file, 200 expected", and builds no model.
func LoadExpect(path string, want Expect, threads int, meta any) (*Model, error) {
	return load(path, &want, threads, meta)
}

// differences lists how the checkpoint differs from want, as
// "<setting> <in file> in file, <expected> expected".
func (ck *checkpoint) differences(want Expect) []string {
	var d []string
	add := func(name string, got, exp any) {
		if got != exp {
			d = append(d, fmt.Sprintf("%s %v in file, %v expected", name, got, exp))
		}
	}
	got, exp := ck.config.withDefaults(), want.Config.withDefaults()
	add("kind", got.Kind, exp.Kind)
	add("input", got.Input, exp.Input)
	add("hidden", got.Hidden, exp.Hidden)
	add("latent", got.Latent, exp.Latent)
	add("likelihood", got.Likelihood, exp.Likelihood)
	add("sigma", got.Sigma, exp.Sigma)
	add("beta", got.Beta, exp.Beta)
	if want.Train == nil {
		return d
	}
	if ck.h.Train == nil {
		return append(d, "no training settings in file (it was written by Save, not SaveTrained)")
	}
	gt, et := ck.h.Train.withDefaults(), want.Train.withDefaults()
	add("epochs", gt.Epochs, et.Epochs)
	add("batch", gt.Batch, et.Batch)
	add("lr", gt.LR, et.LR)
	add("optimizer", gt.Optimizer, et.Optimizer)
	add("seed", gt.Seed, et.Seed)
	return d
}
