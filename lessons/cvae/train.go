package cvae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/vaelab/govae/vae"
)

// Train trains m on the labelled images of train for tc.Epochs epochs with
// Adam, shuffling every epoch, and evaluates on test (if not nil) after
// each (notebook 06 §2). It reports to tc.OnStep and tc.OnEpoch as
// vae.Train does, so course.Live can show its progress. Of TrainConfig it
// uses Epochs, Batch, LR and Seed (defaults 10, 128, 1e-3, as vae.Train);
// Binarize, Corrupt, BetaSchedule and the "sgd" optimizer are not part of
// this lesson and are rejected.
//
// The step is the library's, with labels beside the images:
//
//	batch → ZeroGrad → Forward(x, y) → Backward → Adam.Step(Block)
func Train(m *Model, train, test *vae.Dataset, tc vae.TrainConfig) ([]vae.Epoch, error) {
	if err := tc.Validate(); err != nil {
		return nil, fmt.Errorf("cvae: %w", err)
	}
	if tc.Binarize || tc.Corrupt != nil || tc.BetaSchedule != nil || (tc.Optimizer != "" && tc.Optimizer != "adam") {
		return nil, fmt.Errorf("cvae: train: Binarize, Corrupt, BetaSchedule and the sgd optimizer are not part of this lesson: set only Epochs, Batch, LR and Seed")
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
	for _, d := range []*vae.Dataset{train, test} {
		if d == nil {
			continue
		}
		if err := m.checkData(d); err != nil {
			return nil, err
		}
	}
	opt := vae.NewAdam(lr)
	shuffle := rand.New(rand.NewPCG(tc.Seed, 1))
	noise := rand.New(rand.NewPCG(tc.Seed, 2))
	evalNoise := rand.New(rand.NewPCG(tc.Seed, 3))
	perm := make([]int, train.N)
	for i := range perm {
		perm[i] = i
	}
	x := vae.NewMat(min(batch, train.N), train.Dim)
	y := vae.NewMat(x.Rows, m.Config.Classes)
	steps := (train.N + batch - 1) / batch
	var history []vae.Epoch
	for ep := 1; ep <= epochs; ep++ {
		shuffle.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		start := time.Now()
		var sum vae.Loss
		for s := range steps {
			idx := perm[s*batch : min((s+1)*batch, train.N)]
			xb, yb := x.Slice(0, len(idx)), y.Slice(0, len(idx))
			train.Batch(xb, idx)
			oneHotInto(yb, train.Labels, idx)
			m.ZeroGrad()
			loss := m.Forward(xb, yb, noise)
			if math.IsNaN(loss.Total) || math.IsInf(loss.Total, 0) {
				return history, fmt.Errorf("cvae: train: epoch %d step %d: loss is %v; the learning rate (%g) is likely too high", ep, s+1, loss.Total, lr)
			}
			m.Backward(vae.Mat{})
			if err := opt.Step(m.Block); err != nil {
				return history, fmt.Errorf("cvae: train: epoch %d step %d: %w; the learning rate (%g) is likely too high", ep, s+1, err, lr)
			}
			sum = sum.Add(loss)
			if tc.OnStep != nil {
				tc.OnStep(vae.Step{Epoch: ep, Step: s + 1, Steps: steps, Beta: 1, Loss: loss.PerSample()})
			}
		}
		e := vae.Epoch{Epoch: ep, Train: sum.PerSample(), Seconds: time.Since(start).Seconds()}
		if test != nil {
			e.Test = Evaluate(m, test, 0, evalNoise).PerSample()
		}
		history = append(history, e)
		if tc.OnEpoch != nil {
			tc.OnEpoch(e)
		}
	}
	return history, nil
}

// evalBatch is the batch size of evaluation; it only affects speed.
const evalBatch = 500

// Evaluate returns the loss of m summed over all of d, one sample of z per
// digit drawn from rng, with each digit's label shifted by shift classes:
// (label + shift) mod C. Shift 0 is the test loss; any other shift asks
// the model to explain every digit as a digit it is not (notebook 06 §7).
// It panics if d does not fit m (no labels, another image size): Train
// checks the data and returns that as an error.
func Evaluate(m *Model, d *vae.Dataset, shift int, rng *rand.Rand) vae.Loss {
	if err := m.checkData(d); err != nil {
		panic(err)
	}
	c := m.Config.Classes
	labels := make([]uint8, d.N)
	for i, l := range d.Labels {
		labels[i] = uint8(((int(l)+shift)%c + c) % c)
	}
	x := vae.NewMat(min(evalBatch, d.N), d.Dim)
	y := vae.NewMat(x.Rows, c)
	idx := make([]int, 0, evalBatch)
	var total vae.Loss
	for i := 0; i < d.N; i += evalBatch {
		idx = idx[:0]
		for j := i; j < min(i+evalBatch, d.N); j++ {
			idx = append(idx, j)
		}
		xb, yb := x.Slice(0, len(idx)), y.Slice(0, len(idx))
		d.Batch(xb, idx)
		oneHotInto(yb, labels, idx)
		total = total.Add(m.Forward(xb, yb, rng))
	}
	return total
}

// checkData says what is wrong with d for m: no labels, a label out of
// range, or images of another size.
func (m *Model) checkData(d *vae.Dataset) error {
	if err := d.Validate(); err != nil {
		return fmt.Errorf("cvae: %w", err)
	}
	if d.Dim != m.Config.Input {
		return fmt.Errorf("cvae: data set %q has %d pixels per image but the model takes %d", d.Name, d.Dim, m.Config.Input)
	}
	if d.Labels == nil {
		return fmt.Errorf("cvae: data set %q has no labels, and a conditional VAE needs one per image", d.Name)
	}
	for i, l := range d.Labels {
		if int(l) >= m.Config.Classes {
			return fmt.Errorf("cvae: data set %q: image %d has label %d, but the model has %d classes", d.Name, i, l, m.Config.Classes)
		}
	}
	return nil
}

// oneHotInto writes the one-hot codes of labels[idx] into y (len(idx), C).
func oneHotInto(y vae.Mat, labels []uint8, idx []int) {
	clear(y.Data)
	for r, i := range idx {
		y.Row(r)[labels[i]] = 1
	}
}
