package course

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/vaelab/govae/vae"
)

// Net is a model a lesson builds from the library's layers and trains with
// Fit: a forward pass that returns a batch's loss summed over its rows and
// keeps what its backward pass needs, that backward pass, which adds the
// loss's gradient into the Grads of the model's parameter Block, and that
// Block, which the optimizer steps.
type Net interface {
	Forward(x vae.Mat, rng *rand.Rand) vae.Loss
	Backward()
	Weights() *vae.Block
	Close()
}

// An AfterStepper is a Net with work to do after each optimizer step (a
// VQ-VAE counting and restarting its codes); Fit calls AfterStep when the
// Net has it.
type AfterStepper interface {
	AfterStep()
}

// evalBatch is the batch size of Evaluate; it only affects speed.
const evalBatch = 500

// Fit trains n on the images of train for tc.Epochs epochs with Adam,
// shuffling every epoch, and evaluates it on test (if not nil) after each,
// reporting to tc.OnStep and tc.OnEpoch as vae.Train does, so Live can
// show its progress. Of TrainConfig it uses Epochs, Batch, LR and Seed
// (defaults 10, 128, 1e-3, as vae.Train's) and Binarize (each batch's
// pixels coins drawn afresh, vae.Binarize); the β schedule, corruption
// and the SGD optimizer belong to vae.Model's lessons and are refused. The step is the library's:
//
//	batch → ZeroGrad → Forward → Backward → Adam.Step(Block)
func Fit(n Net, train, test *vae.Dataset, tc vae.TrainConfig) ([]vae.Epoch, error) {
	if err := tc.Validate(); err != nil {
		return nil, fmt.Errorf("course: %w", err)
	}
	if tc.Corrupt != nil || tc.BetaSchedule != nil || (tc.Optimizer != "" && tc.Optimizer != "adam") {
		return nil, fmt.Errorf("course: fit: a β schedule, corruption and the sgd optimizer are not part of this lesson: set only Epochs, Batch, LR, Seed and Binarize")
	}
	for _, d := range []*vae.Dataset{train, test} {
		if d == nil {
			continue
		}
		if err := d.Validate(); err != nil {
			return nil, fmt.Errorf("course: %w", err)
		}
	}
	epochs, batch, lr := tc.Epochs, tc.Batch, tc.LR
	if epochs == 0 {
		epochs = 10
	}
	if batch == 0 {
		batch = 128
	}
	if lr == 0 {
		lr = 1e-3
	}
	blk := n.Weights()
	opt := vae.NewAdam(lr)
	shuffle := rand.New(rand.NewPCG(tc.Seed, 1))
	noise := rand.New(rand.NewPCG(tc.Seed, 2))
	coins := rand.New(rand.NewPCG(tc.Seed, 3))
	perm := make([]int, train.N)
	for i := range perm {
		perm[i] = i
	}
	x := vae.NewMat(min(batch, train.N), train.Dim)
	steps := (train.N + batch - 1) / batch
	var history []vae.Epoch
	for ep := 1; ep <= epochs; ep++ {
		shuffle.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		start := time.Now()
		var sum vae.Loss
		for s := range steps {
			idx := perm[s*batch : min((s+1)*batch, train.N)]
			xb := x.Slice(0, len(idx))
			train.Batch(xb, idx)
			if tc.Binarize {
				vae.Binarize(xb, coins)
			}
			blk.ZeroGrad()
			loss := n.Forward(xb, noise)
			if math.IsNaN(loss.Total) || math.IsInf(loss.Total, 0) {
				return history, fmt.Errorf("course: fit: epoch %d step %d: loss is %v; the learning rate (%g) is likely too high", ep, s+1, loss.Total, lr)
			}
			n.Backward()
			if err := opt.Step(blk); err != nil {
				return history, fmt.Errorf("course: fit: epoch %d step %d: %w; the learning rate (%g) is likely too high", ep, s+1, err, lr)
			}
			if a, ok := n.(AfterStepper); ok {
				a.AfterStep()
			}
			sum = sum.Add(loss)
			if tc.OnStep != nil {
				tc.OnStep(vae.Step{Epoch: ep, Step: s + 1, Steps: steps, Beta: 1, Loss: loss.PerSample()})
			}
		}
		e := vae.Epoch{Epoch: ep, Train: sum.PerSample(), Seconds: time.Since(start).Seconds()}
		if test != nil {
			e.Test = Evaluate(n, test, rand.New(rand.NewPCG(tc.Seed, uint64(4+ep)))).PerSample()
		}
		history = append(history, e)
		if tc.OnEpoch != nil {
			tc.OnEpoch(e)
		}
	}
	return history, nil
}

// Evaluate returns the loss of n summed over all of d, in batches of 500,
// one sample of z per digit drawn from rng (the test loss of Fit). Divide
// by N (Loss.PerSample) for the per-digit figure.
func Evaluate(n Net, d *vae.Dataset, rng *rand.Rand) vae.Loss {
	x := vae.NewMat(min(evalBatch, d.N), d.Dim)
	idx := make([]int, 0, evalBatch)
	var total vae.Loss
	for i := 0; i < d.N; i += evalBatch {
		idx = idx[:0]
		for j := i; j < min(i+evalBatch, d.N); j++ {
			idx = append(idx, j)
		}
		xb := x.Slice(0, len(idx))
		d.Batch(xb, idx)
		total = total.Add(n.Forward(xb, rng))
	}
	return total
}
