package iwae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/vaelab/govae/vae"
	"github.com/vaelab/govae/vae/vec"
)

// TrainConfig sets how Train trains. A zero field means its default (in
// brackets); negative values are errors.
type TrainConfig struct {
	K      int     // samples per digit in the bound; 1 trains a VAE [1]
	Epochs int     // passes over the training set, counting those a checkpoint already holds [10]
	Batch  int     // digits per step; a step runs Batch·K samples [128]
	LR     float64 // Adam's learning rate [1e-3]
	Seed   uint64  // seeds each epoch's order, binarization and eps

	// Budget, if not 0, bounds the training time: Train starts no epoch
	// that, at the pace of the last one, would take the time recorded in
	// the history (Epoch.Seconds, the steps' time, this run's and the
	// checkpoint's) past it. The first epoch always runs.
	Budget time.Duration

	// Checkpoint, if not empty, is a file Train continues from (Resumable
	// says what it holds; a file it cannot continue is an error) and
	// writes after every epoch, atomically.
	Checkpoint string

	OnStep  func(vae.Step)  // called after every step, if not nil (course.Live.Step)
	OnEpoch func(vae.Epoch) // called after every epoch, if not nil (course.Live.Epoch)
}

func (tc TrainConfig) withDefaults() TrainConfig {
	if tc.K == 0 {
		tc.K = 1
	}
	if tc.Epochs == 0 {
		tc.Epochs = 10
	}
	if tc.Batch == 0 {
		tc.Batch = 128
	}
	if tc.LR == 0 {
		tc.LR = 1e-3
	}
	return tc
}

// Validate returns an error naming a setting that cannot train, and what
// to use instead.
func (tc TrainConfig) Validate() error {
	switch {
	case tc.K < 0:
		return fmt.Errorf("iwae: train: k = %d samples per digit: use k ≥ 1 (1 is the VAE, 5 and 50 Burda et al.'s IWAEs)", tc.K)
	case tc.Epochs < 0:
		return fmt.Errorf("iwae: train: %d epochs: use a positive number (0 means 10)", tc.Epochs)
	case tc.Batch < 0:
		return fmt.Errorf("iwae: train: batch %d: use a positive number of digits (0 means 128)", tc.Batch)
	case tc.LR < 0 || math.IsNaN(tc.LR) || math.IsInf(tc.LR, 0):
		return fmt.Errorf("iwae: train: learning rate %g: use a positive number (0 means 1e-3)", tc.LR)
	case tc.Budget < 0:
		return fmt.Errorf("iwae: train: budget %v: use a positive duration, or 0 for none", tc.Budget)
	}
	return nil
}

func (tc TrainConfig) settings() settings {
	return settings{K: tc.K, Batch: tc.Batch, LR: tc.LR, Seed: tc.Seed}
}

// Train trains m on train by the k-sample bound with Adam (vae.NewAdam),
// each epoch in a shuffled order, and evaluates −L_k on test (if not nil;
// binary digits, likelihood.Binarize) after each. It returns the record
// of every epoch done, a checkpoint's included. Each training batch is
// binarized afresh at every step, each pixel a coin with its grey level
// as probability (as vae.TrainConfig.Binarize does), so the model sees
// the binary digits its Bernoulli decoder describes. The step is
//
//	batch → binarize → ZeroGrad → Forward(x, K) → Backward → Adam.Step(Block)
//
// Each epoch's order, coins and eps come from generators seeded with
// (Seed, epoch), so a run continued from a checkpoint draws what the
// uninterrupted run would have drawn, and Adam continues from the
// moments the checkpoint keeps: the resumed run is the uninterrupted one.
//
// With tc.Checkpoint set, Train first loads the epochs the file holds
// into m (its parameters are replaced) and trains only the epochs after
// them; it writes the file after every epoch. It returns an error before
// any step if a setting, the data or the checkpoint is unusable, and
// stops at the first step whose loss or gradients are not finite, saying
// so; the checkpoint then holds the last good epoch.
func Train(m *Model, train, test *vae.Dataset, tc TrainConfig) ([]vae.Epoch, error) {
	if err := tc.Validate(); err != nil {
		return nil, err
	}
	tc = tc.withDefaults()
	if err := checkData(m, train); err != nil {
		return nil, err
	}
	if test != nil {
		if err := checkData(m, test); err != nil {
			return nil, err
		}
		if err := checkBinary(test); err != nil {
			return nil, err
		}
	}
	var history []vae.Epoch
	digest := train.Digest()
	opt := vae.NewAdam(tc.LR)
	if tc.Checkpoint != "" {
		params, h, err := read(tc.Checkpoint, m.Config, tc, train)
		if err != nil {
			return nil, err
		}
		if h != nil {
			if err := restore(m, opt, params, h, tc.Checkpoint); err != nil {
				return nil, err
			}
			history = h.History
		}
		if err := probe(tc.Checkpoint); err != nil {
			return nil, err
		}
	}
	perm := make([]int, train.N)
	x := vae.NewMat(min(tc.Batch, train.N), train.Dim)
	steps := (train.N + tc.Batch - 1) / tc.Batch
	for ep := len(history) + 1; ep <= tc.Epochs; ep++ {
		if overBudget(history, tc.Budget) {
			break
		}
		shuffle, coin, noise, evalNoise := epochRNGs(tc.Seed, ep)
		for i := range perm {
			perm[i] = i
		}
		shuffle.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		start := time.Now()
		var sum vae.Loss
		for s := range steps {
			idx := perm[s*tc.Batch : min((s+1)*tc.Batch, train.N)]
			xb := x.Slice(0, len(idx))
			train.Batch(xb, idx)
			binarize(xb, coin)
			m.ZeroGrad()
			loss := m.Forward(xb, tc.K, noise)
			if math.IsNaN(loss.Total) || math.IsInf(loss.Total, 0) {
				return history, fmt.Errorf("iwae: train: epoch %d step %d: the loss is %v: the learning rate (%g) is likely too high%s", ep, s+1, loss.Total, tc.LR, kept(tc, history))
			}
			m.Backward()
			if err := opt.Step(m.Block); err != nil {
				return history, fmt.Errorf("iwae: train: epoch %d step %d: %w: the learning rate (%g) is likely too high%s", ep, s+1, err, tc.LR, kept(tc, history))
			}
			sum = sum.Add(loss)
			if tc.OnStep != nil {
				tc.OnStep(vae.Step{Epoch: ep, Step: s + 1, Steps: steps, Beta: 1, Loss: loss.PerSample()})
			}
		}
		if !vec.AllFinite(m.Params) {
			return history, fmt.Errorf("iwae: train: epoch %d: the last update overflowed the parameters: the learning rate (%g) is likely too high%s", ep, tc.LR, kept(tc, history))
		}
		e := vae.Epoch{Epoch: ep, Train: sum.PerSample(), Seconds: time.Since(start).Seconds()}
		if test != nil {
			e.Test = Evaluate(m, test, tc.K, evalNoise).PerSample()
		}
		history = append(history, e)
		if tc.Checkpoint != "" {
			if err := save(tc.Checkpoint, m, opt, tc.settings(), digest, history); err != nil {
				return history, fmt.Errorf("iwae: train: epoch %d: checkpoint not saved, training stopped: %w", ep, err)
			}
		}
		if tc.OnEpoch != nil {
			tc.OnEpoch(e)
		}
	}
	return history, nil
}

// epochRNGs are the generators of epoch ep: the order, the binarization
// coins, the training eps and the test eps, each its own stream of seed.
func epochRNGs(seed uint64, ep int) (shuffle, coin, noise, evalNoise *rand.Rand) {
	g := func(stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, uint64(ep)<<2|stream)) }
	return g(0), g(1), g(2), g(3)
}

// overBudget reports whether one more epoch, as long as the last, would
// take the recorded training time past budget (never with no history or
// no budget).
func overBudget(history []vae.Epoch, budget time.Duration) bool {
	if budget == 0 || len(history) == 0 {
		return false
	}
	var spent float64
	for _, e := range history {
		spent += e.Seconds
	}
	return spent+history[len(history)-1].Seconds > budget.Seconds()
}

// binarize draws each pixel of x as a coin: 1 with probability equal to
// its grey level, else 0.
func binarize(x vae.Mat, rng *rand.Rand) {
	for i, p := range x.Data {
		if rng.Float32() < p {
			x.Data[i] = 1
		} else {
			x.Data[i] = 0
		}
	}
}

// kept says what a failed run leaves in its checkpoint.
func kept(tc TrainConfig, history []vae.Epoch) string {
	if tc.Checkpoint == "" {
		return ""
	}
	if len(history) == 0 {
		return fmt.Sprintf("; no checkpoint was written to %s", tc.Checkpoint)
	}
	return fmt.Sprintf("; %s holds epoch %d", tc.Checkpoint, len(history))
}
