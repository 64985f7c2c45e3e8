package course

import (
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
	"github.com/vaelab/govae/viz"
)

// Rows returns the rows of m as slices sharing its storage: the [][]float32
// of images or points the viz charts take.
func Rows(m vae.Mat) [][]float32 {
	out := make([][]float32, m.Rows)
	for i := range out {
		out[i] = m.Row(i)
	}
	return out
}

// Labels returns the digit labels of examples [0, n) of d as ints.
func Labels(d *vae.Dataset, n int) []int {
	out := make([]int, min(n, d.N))
	for i := range out {
		out[i] = int(d.Labels[i])
	}
	return out
}

// History turns a training record into the per-epoch curves that
// viz.Training draws: loss, reconstruction and KL, train and test.
func History(h []vae.Epoch) viz.History {
	var v viz.History
	v.Unit, v.Per = "epoch", "nats per digit"
	for _, e := range h {
		v.X = append(v.X, float64(e.Epoch))
		v.Train.Loss = append(v.Train.Loss, e.Train.Total)
		v.Train.Recon = append(v.Train.Recon, e.Train.Recon)
		v.Train.KL = append(v.Train.KL, e.Train.KL)
		v.Test.Loss = append(v.Test.Loss, e.Test.Total)
		v.Test.Recon = append(v.Test.Recon, e.Test.Recon)
		v.Test.KL = append(v.Test.KL, e.Test.KL)
	}
	return v
}

// Bernoulli draws images from the Bernoulli decoder's distribution
// p(x|z): each pixel of the result is 1 (black) with the probability in
// probs (B, D), as the decoder gives it, and 0 otherwise, drawn with
// rng. Decode returns the mean of these draws, the probabilities
// themselves, which is what the lessons show as a "sample".
func Bernoulli(probs vae.Mat, rng *rand.Rand) vae.Mat {
	out := vae.NewMat(probs.Rows, probs.Cols)
	for i, p := range probs.Data {
		if rng.Float32() < p {
			out.Data[i] = 1
		}
	}
	return out
}
