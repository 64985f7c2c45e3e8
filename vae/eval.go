package vae

import "math/rand/v2"

// evalBatch is the batch size of evaluation; it only affects speed.
const evalBatch = 500

// Evaluate returns the loss of m summed over all of d, computed as
// pytorch/examples computes its test loss: recon + β·KL with one sample of
// z per example for a VAE (drawn from rng). Divide by N (Loss.PerSample)
// for the per-sample figure.
func Evaluate(m *Model, d *Dataset, rng *rand.Rand) Loss {
	x := NewMat(min(evalBatch, d.N), d.Dim)
	idx := make([]int, 0, evalBatch)
	var total Loss
	for i := 0; i < d.N; i += evalBatch {
		idx = idx[:0]
		for j := i; j < min(i+evalBatch, d.N); j++ {
			idx = append(idx, j)
		}
		xb := x.Slice(0, len(idx))
		d.Batch(xb, idx)
		total = total.Add(m.Forward(xb, rng))
	}
	return total
}
