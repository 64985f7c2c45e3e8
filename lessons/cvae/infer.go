package cvae

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/vaelab/govae/vae"
)

// Encode returns the encoder's mean and log-variance of q(z | x, y) for
// images x (B, D) with one-hot labels y (B, C), each (B, Z). It allocates
// its results and leaves the training buffers alone.
func (m *Model) Encode(x, y vae.Mat) (mu, logVar vae.Mat) {
	c := m.Config
	mustShape("Model.Encode images x", x, x.Rows, c.Input)
	mustShape("Model.Encode labels y", y, x.Rows, c.Classes)
	xy := vae.NewMat(x.Rows, c.Input+c.Classes)
	ConcatForward(xy, x, y)
	h1 := vae.NewMat(x.Rows, c.Hidden)
	m.Fc1.Forward(h1, xy)
	vae.ReLUForward(h1, h1)
	mu, logVar = vae.NewMat(x.Rows, c.Latent), vae.NewMat(x.Rows, c.Latent)
	m.FcMu.Forward(mu, h1)
	m.FcLogVar.Forward(logVar, h1)
	return mu, logVar
}

// DecodeLogits maps codes z (B, Z) with one-hot labels y (B, C) to the
// decoder's logits (B, D).
func (m *Model) DecodeLogits(z, y vae.Mat) vae.Mat {
	c := m.Config
	mustShape("Model.Decode codes z", z, z.Rows, c.Latent)
	mustShape("Model.Decode labels y", y, z.Rows, c.Classes)
	zy := vae.NewMat(z.Rows, c.Latent+c.Classes)
	ConcatForward(zy, z, y)
	h3 := vae.NewMat(z.Rows, c.Hidden)
	m.Fc3.Forward(h3, zy)
	vae.ReLUForward(h3, h3)
	out := vae.NewMat(z.Rows, c.Input)
	m.Fc4.Forward(out, h3)
	return out
}

// Decode maps codes z (B, Z) with one-hot labels y (B, C) to the mean
// image of p(x | z, y), pixel probabilities (B, D).
func (m *Model) Decode(z, y vae.Mat) vae.Mat {
	out := m.DecodeLogits(z, y)
	vae.SigmoidForward(out, out)
	return out
}

// Generate decodes codes z (B, Z) as the digits labels (len B) name
// (notebook 06 §3): Decode(z, OneHot(labels)).
func (m *Model) Generate(z vae.Mat, labels []int) vae.Mat {
	return m.Decode(z, OneHot(labels, m.Config.Classes))
}

// SamplePrior draws n codes from the prior N(0, I), (n, Z).
func (m *Model) SamplePrior(n int, rng *rand.Rand) vae.Mat {
	z := vae.NewMat(n, m.Config.Latent)
	for i := range z.Data {
		z.Data[i] = float32(rng.NormFloat64())
	}
	return z
}

// EveryLabel decodes each code of z (B, Z) once with every label 0…C−1
// (notebook 06 §4 and §6) and returns the B·C images, code by code:
// row i·C + k is code i drawn as digit k. With codes from the prior this
// is "same style, every digit"; with the codes of real digits it is style
// transfer.
func (m *Model) EveryLabel(z vae.Mat) vae.Mat {
	c := m.Config
	zs := vae.NewMat(z.Rows*c.Classes, c.Latent)
	labels := make([]int, zs.Rows)
	for i := 0; i < z.Rows; i++ {
		for k := 0; k < c.Classes; k++ {
			copy(zs.Row(i*c.Classes+k), z.Row(i))
			labels[i*c.Classes+k] = k
		}
	}
	return m.Generate(zs, labels)
}

// Walk returns steps codes (steps, Z) that are all zero (the prior's
// centre) except dimension dim, which runs evenly from −r to r (notebook
// 06 §5): decoded under one label, they show what that direction of the
// code does to the digit. It panics if steps < 2 or dim is not in
// [0, latent).
func Walk(latent, dim, steps int, r float64) vae.Mat {
	if steps < 2 || dim < 0 || dim >= latent {
		panic(fmt.Sprintf("cvae: Walk(latent %d, dim %d, steps %d): need steps ≥ 2 and 0 ≤ dim < latent", latent, dim, steps))
	}
	z := vae.NewMat(steps, latent)
	for i := range steps {
		z.Row(i)[dim] = float32(-r + 2*r*float64(i)/float64(steps-1))
	}
	return z
}

// KLPerDim returns the KL of each latent dimension of q(z | x, y) from the
// prior, averaged over the images x (B, D) with their labels (len B)
// (notebook 06 §5): how many nats the model spends on each. The largest
// are the directions of the code that carry the most style.
func (m *Model) KLPerDim(x vae.Mat, labels []int) []float64 {
	mu, logVar := m.Encode(x, OneHot(labels, m.Config.Classes))
	out := make([]float64, mu.Cols)
	for i := 0; i < mu.Rows; i++ {
		for j := range out {
			lv, mj := float64(logVar.At(i, j)), float64(mu.At(i, j))
			out[j] += -0.5 * (1 + lv - mj*mj - math.Exp(lv))
		}
	}
	for j := range out {
		out[j] /= float64(mu.Rows)
	}
	return out
}

// MostUsed returns the indices of the n largest values of perDim (as
// KLPerDim returns), largest first: the code's most informative
// dimensions.
func MostUsed(perDim []float64, n int) []int {
	idx := make([]int, len(perDim))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(perDim[b], perDim[a]) })
	return idx[:min(n, len(idx))]
}
