// Package aevsvae is the code of notebook 01, "AE versus VAE": the same
// encoder and decoder trained once as a plain autoencoder and once as a
// variational autoencoder, and a measure of the holes a plain
// autoencoder's latent space has where the prior N(0, I) puts its mass.
// Its exercises (notebook 01 §7) check a learner's Linear layer against
// vae.Linear and a learner's Bernoulli loss against vae.BCEForward and
// vae.BCEBackward.
package aevsvae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// Recipes returns the two models of notebook 01 §1: one architecture
// (784-hidden-latent, Bernoulli decoder), trained with the same settings,
// once as an AE and once as a VAE.
func Recipes(data string, epochs, hidden, latent int) (ae, v course.Recipe) {
	base := course.Recipe{
		Model: vae.Config{Hidden: hidden, Latent: latent},
		Train: vae.TrainConfig{Epochs: epochs, Batch: 128, LR: 1e-3, Seed: 1},
		Data:  data, Seed: 1,
	}
	ae, v = base, base
	ae.Name, ae.Model.Kind = fmt.Sprintf("ae%d", latent), vae.AE
	v.Name, v.Model.Kind = fmt.Sprintf("vae%d", latent), vae.VAE
	return ae, v
}

// DecoderInputs returns the codes the decoder is trained on for the rows
// of x: an AE's encoder means, and for a VAE one sample z = μ + σ·ε each.
func DecoderInputs(m *vae.Model, x vae.Mat, rng *rand.Rand) vae.Mat {
	mu, logVar := m.Encode(x)
	if m.Config.Kind == vae.AE {
		return mu
	}
	z, eps, sd := vae.NewMat(mu.Rows, mu.Cols), vae.NewMat(mu.Rows, mu.Cols), vae.NewMat(mu.Rows, mu.Cols)
	vae.ReparamForward(z, eps, sd, mu, logVar, rng)
	return z
}

// Holes measures, for notebook 01 §6, how much of the prior's mass falls
// where the decoder was never trained. In Z dimensions nearly every draw
// from N(0, I) has a norm close to √Z, so a first, simple test is the
// norm: it draws n latents from the prior and returns the fraction whose
// norm lies outside the middle 98% of the norms of codes (N, Z), the
// decoder's training inputs (DecoderInputs). Codes distributed like the
// prior give about 2%. The test sees only one direction, the radius, so it
// is a lower bound: holes between clusters at the right radius escape it.
func Holes(codes vae.Mat, n int, rng *rand.Rand) float64 {
	if codes.Rows < 100 {
		panic(fmt.Sprintf("aevsvae: Holes needs at least 100 codes for its percentiles, got %v", codes))
	}
	norms := Norms(codes)
	slices.Sort(norms)
	lo, hi := norms[len(norms)/100], norms[len(norms)-1-len(norms)/100]
	z := vae.NewMat(1, codes.Cols)
	out := 0
	for range n {
		for j := range z.Data {
			z.Data[j] = float32(rng.NormFloat64())
		}
		if r := Norms(z)[0]; r < lo || r > hi {
			out++
		}
	}
	return float64(out) / float64(n)
}

// Norms returns the Euclidean norm of each row of codes.
func Norms(codes vae.Mat) []float64 {
	out := make([]float64, codes.Rows)
	for i := range out {
		var s float64
		for _, v := range codes.Row(i) {
			s += float64(v) * float64(v)
		}
		out[i] = math.Sqrt(s)
	}
	return out
}

// Spread returns the mean and standard deviation of every coordinate of
// codes pooled together: a VAE's codes sit near mean 0 and spread 1, where
// the prior is; an AE's sit wherever training left them.
func Spread(codes vae.Mat) (mean, std float64) {
	var s, ss float64
	for _, v := range codes.Data {
		s += float64(v)
		ss += float64(v) * float64(v)
	}
	n := float64(len(codes.Data))
	mean = s / n
	return mean, math.Sqrt(max(ss/n-mean*mean, 0))
}

// PixelError is the mean squared difference per pixel between two image
// batches of the same shape,
//
//	(1/(N·D)) Σ_i Σ_j (a_ij − b_ij)²,
//
// 0 for identical images and at most 1 for pixels in [0, 1] (notebook 01
// §3; notebook 08 measures denoising with it too). It panics if the shapes
// differ or the batches are empty.
func PixelError(a, b vae.Mat) float64 {
	if a.Rows != b.Rows || a.Cols != b.Cols || len(a.Data) == 0 {
		panic(fmt.Sprintf("aevsvae: PixelError of %v and %v: want two non-empty matrices of one shape", a, b))
	}
	var s float64
	for i, v := range a.Data {
		d := float64(v - b.Data[i])
		s += d * d
	}
	return s / float64(len(a.Data))
}
