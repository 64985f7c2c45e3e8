package vae

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// TrainConfig sets how a Model is trained. The zero value of each numeric
// field means its default (in brackets), which matches pytorch/examples;
// negative values are errors. (A command line that spells out every
// setting should reject 0 itself, as cmd/vaetrain does, rather than let
// -batch 0 quietly mean 128.)
type TrainConfig struct {
	Epochs    int         `json:"epochs"`    // passes over the training set [10]
	Batch     int         `json:"batch"`     // rows per step [128]; a batch larger than the data set is the whole set
	LR        float64     `json:"lr"`        // learning rate [1e-3]
	Optimizer string      `json:"optimizer"` // "adam" or "sgd" ["adam"]
	Seed      uint64      `json:"seed"`      // seeds shuffling and eps; same seed and threads, same losses
	OnStep    func(Step)  `json:"-"`         // called after every step, if not nil
	OnEpoch   func(Epoch) `json:"-"`         // called after every epoch, if not nil

	// Binarize draws each training pixel as a coin, 1 with probability
	// equal to its grey level, afresh at every step: "dynamically
	// binarized" MNIST, the data the Bernoulli likelihood describes.
	Binarize bool `json:"binarize,omitempty"`
	// Corrupt, if not nil, writes a corrupted copy of each clean batch into
	// noisy; the model reads noisy and is scored on clean (a denoising
	// autoencoder). It must write every element of noisy.
	Corrupt func(noisy, clean Mat, rng *rand.Rand) `json:"-"`
	// BetaSchedule, if not nil, gives the KL weight β of each training
	// step from the global step number (0, 1, 2, ...): KL warm-up. The
	// model's own Config.Beta stays as it is, for Evaluate and the
	// checkpoint.
	BetaSchedule func(step int) float64 `json:"-"`

	// Checkpoint, if not empty, is a file the model is saved to (Save,
	// atomically) at the end of every epoch that finished with finite
	// parameters and losses. If training then fails, the file still holds
	// the last good epoch. It is not stored in checkpoints: a path says
	// where a run wrote, not how it trained.
	Checkpoint string `json:"-"`
	// CheckpointMeta, if not nil, returns the metadata saved with each
	// checkpoint, given the epochs finished so far; by default it is
	// {"history": [...]}, the same epochs.
	CheckpointMeta func(done []Epoch) any `json:"-"`
}

// Step reports one training step to TrainConfig.OnStep.
type Step struct {
	Epoch, Step, Steps int     // 1-based epoch; step within it, of Steps
	Beta               float64 // the KL weight of this step's objective
	Loss               Loss    // this batch's loss, per sample
}

// Epoch reports one finished epoch: mean training loss per sample over the
// epoch's steps, test loss per sample (Evaluate), and the seconds the
// training steps took (evaluation not included, as in pytorch/examples).
type Epoch struct {
	Epoch   int
	Train   Loss
	Test    Loss
	Seconds float64
}

func (c TrainConfig) withDefaults() TrainConfig {
	if c.Epochs == 0 {
		c.Epochs = 10
	}
	if c.Batch == 0 {
		c.Batch = 128
	}
	if c.LR == 0 {
		c.LR = 1e-3
	}
	if c.Optimizer == "" {
		c.Optimizer = "adam"
	}
	return c
}

// Validate reports settings that cannot train, saying what to use instead.
func (c TrainConfig) Validate() error {
	c = c.withDefaults()
	switch {
	case c.Epochs < 0:
		return fmt.Errorf("vae: train: epochs must be positive, got %d: use e.g. 10 (0 means 10)", c.Epochs)
	case c.Batch < 0:
		return fmt.Errorf("vae: train: batch size must be positive, got %d: use e.g. 128 (0 means 128)", c.Batch)
	case c.LR < 0 || !finite(c.LR):
		return fmt.Errorf("vae: train: learning rate must be a positive number, got %g: use e.g. 1e-3 (0 means 1e-3)", c.LR)
	case c.Optimizer != "adam" && c.Optimizer != "sgd":
		return fmt.Errorf("vae: train: optimizer %q: use adam or sgd", c.Optimizer)
	}
	return nil
}

// newOptimizer returns the optimizer the config names.
func (c TrainConfig) newOptimizer() Optimizer {
	if c.Optimizer == "sgd" {
		return &sgd{LR: c.LR}
	}
	return NewAdam(c.LR)
}

// Train trains m on train for cfg.Epochs epochs, shuffling every epoch,
// and evaluates on test (if not nil) after each. It returns the per-epoch
// record of the epochs that finished.
//
// Before the first step it returns an error if a setting or data set is
// unusable, if training would need more memory than is available, or if
// cfg.Checkpoint is in a folder that does not exist. During training it
// returns a *NonFiniteError at the first step whose loss or gradients hold
// a NaN or Inf, naming the layer and the likely cause; the model is then
// unusable, and cfg.Checkpoint (if set) still holds the last good epoch.
func Train(m *Model, train, test *Dataset, cfg TrainConfig) ([]Epoch, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if err := checkData(m, train); err != nil {
		return nil, err
	}
	rows := min(cfg.Batch, train.N)
	if test != nil {
		if err := checkData(m, test); err != nil {
			return nil, err
		}
		rows = max(rows, min(evalBatch, test.N))
	}
	what := fmt.Sprintf("vae: train: %v with %s at batch %d", m, cfg.Optimizer, rows)
	if err := checkMemory(trainBytes(m.Config, cfg.Optimizer, rows), what, "use a smaller hidden size or batch"); err != nil {
		return nil, err
	}
	if err := checkFolder(cfg.Checkpoint); err != nil {
		return nil, err
	}
	opt := cfg.newOptimizer()
	batches := newBatches(train, cfg)
	noise := rand.New(rand.NewPCG(cfg.Seed, 2))
	evalNoise := rand.New(rand.NewPCG(cfg.Seed, 3))
	global := 0 // steps taken, for the β schedule
	saved := 0  // the last epoch written to cfg.Checkpoint
	fail := func(e *NonFiniteError, ep, step int) error {
		e.Epoch, e.Step, e.Checkpoint, e.CheckpointEpoch = ep, step, cfg.Checkpoint, saved
		return e
	}
	var history []Epoch
	for ep := 1; ep <= cfg.Epochs; ep++ {
		batches.shuffle()
		start := time.Now()
		var sum Loss
		for s := 0; s < batches.steps; s++ {
			x, target := batches.load(s)
			m.ZeroGrad()
			beta := cfg.betaAt(global, m.Config.Beta)
			loss := m.ForwardTarget(x, target, beta, noise)
			if !finite(loss.Total) {
				return history, fail(m.diagnose(cfg, loss, true), ep, s+1)
			}
			m.Backward(Mat{})
			if err := opt.Step(m.Block); err != nil {
				return history, fail(m.diagnose(cfg, loss, false), ep, s+1)
			}
			global++
			sum = sum.Add(loss)
			if cfg.OnStep != nil {
				cfg.OnStep(Step{Epoch: ep, Step: s + 1, Steps: batches.steps, Beta: beta, Loss: loss.PerSample()})
			}
		}
		// Finite gradients can still overflow the parameters in the update.
		if !allFinite(m.Params) {
			b, what, _ := badBlock(m.paramBlocks())
			return history, fail(&NonFiniteError{Where: b.name, What: what,
				Cause: "the last update overflowed the parameters: " + tooHighLR(cfg.LR)}, ep, batches.steps)
		}
		e := Epoch{Epoch: ep, Train: sum.PerSample(), Seconds: time.Since(start).Seconds()}
		if test != nil {
			e.Test = Evaluate(m, test, evalNoise).PerSample()
			if !finite(e.Test.Total) {
				return history, fail(&NonFiniteError{Where: "test loss", What: fmt.Sprint(e.Test.Total),
					Cause: "the parameters are finite but some test digit's loss overflows: " + tooHighLR(cfg.LR)}, ep, batches.steps)
			}
		}
		history = append(history, e)
		if cfg.Checkpoint != "" {
			if err := m.SaveTrained(cfg.Checkpoint, cfg, checkpointMeta(cfg, history)); err != nil {
				return history, fmt.Errorf("vae: train: epoch %d: checkpoint not saved, training stopped: %w", ep, err)
			}
			saved = ep
		}
		if cfg.OnEpoch != nil {
			cfg.OnEpoch(e)
		}
	}
	return history, nil
}

// betaAt is the KL weight of global step step: the schedule's, or the
// model's own β. The model's Config.Beta never changes, so evaluation and
// checkpoints use the model's β even when a warm-up has not finished.
func (c TrainConfig) betaAt(step int, own float64) float64 {
	if c.BetaSchedule == nil {
		return own
	}
	return c.BetaSchedule(step)
}

// batches loads a training set's batches in a shuffled order, each
// binarized or corrupted as the config says.
type batches struct {
	data           *Dataset
	cfg            TrainConfig
	steps          int
	perm           []int
	x, noisy       Mat        // the batch, and its corrupted copy (Corrupt)
	shuffler, coin *rand.Rand // the order; coins for Binarize and Corrupt
}

func newBatches(d *Dataset, cfg TrainConfig) *batches {
	b := &batches{data: d, cfg: cfg, steps: (d.N + cfg.Batch - 1) / cfg.Batch, perm: make([]int, d.N),
		x:        NewMat(min(cfg.Batch, d.N), d.Dim),
		shuffler: rand.New(rand.NewPCG(cfg.Seed, 1)), coin: rand.New(rand.NewPCG(cfg.Seed, 4))}
	for i := range b.perm {
		b.perm[i] = i
	}
	if cfg.Corrupt != nil {
		b.noisy = NewMat(b.x.Rows, b.x.Cols)
	}
	return b
}

// shuffle draws a new order of the examples, for the next epoch.
func (b *batches) shuffle() {
	b.shuffler.Shuffle(len(b.perm), func(i, j int) { b.perm[i], b.perm[j] = b.perm[j], b.perm[i] })
}

// load returns batch s of the epoch: the model's input x and its
// reconstruction target, which differ only when the config corrupts x.
func (b *batches) load(s int) (x, target Mat) {
	idx := b.perm[s*b.cfg.Batch : min((s+1)*b.cfg.Batch, b.data.N)]
	target = b.x.Slice(0, len(idx))
	b.data.Batch(target, idx)
	if b.cfg.Binarize {
		Binarize(target, b.coin)
	}
	if b.cfg.Corrupt == nil {
		return target, target
	}
	x = b.noisy.Slice(0, len(idx))
	b.cfg.Corrupt(x, target, b.coin)
	return x, target
}

// checkpointMeta is the metadata saved with the checkpoint after the
// epochs done.
func checkpointMeta(cfg TrainConfig, done []Epoch) any {
	if cfg.CheckpointMeta != nil {
		return cfg.CheckpointMeta(done)
	}
	return struct {
		History []Epoch `json:"history"`
	}{done}
}

// checkFolder returns an error if path is set and its folder is missing,
// so a run does not train for an hour and then fail to save.
func checkFolder(path string) error {
	if path == "" {
		return nil
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err == nil && !fi.IsDir() {
		err = fmt.Errorf("%s is not a folder", dir)
	}
	if err != nil {
		return fmt.Errorf("vae: train: checkpoint %s: %w: create the folder or choose another path", path, err)
	}
	return nil
}

func checkData(m *Model, d *Dataset) error {
	if d == nil {
		return fmt.Errorf("vae: train: no training data")
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Dim != m.Config.Input {
		return fmt.Errorf("vae: train: data set %q has %d pixels per example but the model takes %d", d.Name, d.Dim, m.Config.Input)
	}
	return nil
}

// Binarize replaces each value p in [0, 1] of x by a coin drawn from
// rng, 1 with probability p and 0 otherwise: dynamic binarization, a fresh
// draw for every batch (TrainConfig.Binarize).
func Binarize(x Mat, rng *rand.Rand) {
	for i, p := range x.Data {
		if rng.Float32() < p {
			x.Data[i] = 1
		} else {
			x.Data[i] = 0
		}
	}
}
