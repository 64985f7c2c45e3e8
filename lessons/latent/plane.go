package latent

import (
	"fmt"
	"math"

	"github.com/vaelab/govae/lessons/likelihood"
	"github.com/vaelab/govae/vae"
)

// Window is a square grid over a 2-D latent space for one digit x: N × N
// points centred on the encoder's mean μ(x), reaching HalfWidth of the
// encoder's standard deviations σ_j(x) either side in each dimension j,
//
//	z_ab = (μ_1 + t_a·σ_1, μ_2 + t_b·σ_2),   t_a = −HalfWidth + 2·HalfWidth·a/(N − 1).
//
// The encoder only says where to look: the integral does not depend on
// it once the window holds all of the posterior's mass and its points
// are close enough, which refining and widening the window shows.
type Window struct {
	HalfWidth float64 // in encoder standard deviations
	N         int     // points per side, at least 2
}

// LogMarginal2D is log p(x) = log ∫∫ p(x|z) p(z) dz for one digit x (1,
// D) under a VAE m with a 2-D latent space and a Bernoulli decoder, by
// quadrature over the window w (notebook 07):
//
//	log p(x) ≈ LogSumExp_ab[−BCE(x, logits(z_ab)) + log N(z_ab; 0, I)] + log(Δz_1·Δz_2),
//
// with BCE the library's vae.BCEForward. The N² codes are decoded in
// batches of up to 4096 (m.DecodeLogits). It panics unless m is a VAE
// with a 2-D latent and a Bernoulli decoder, x is one row and w.N ≥ 2.
func LogMarginal2D(m *vae.Model, x vae.Mat, w Window) float64 {
	if m.Config.Kind != vae.VAE || m.Config.Latent != 2 || m.Config.Likelihood == vae.Gaussian || x.Rows != 1 || w.N < 2 {
		panic(fmt.Sprintf("latent: LogMarginal2D needs a Bernoulli VAE with a 2-D latent, one digit and N ≥ 2; got %v, %d digits, %+v", m, x.Rows, w))
	}
	mu, logVar := m.Encode(x)
	var base, step [2]float64
	for j := range 2 {
		sd := math.Exp(0.5 * float64(logVar.At(0, j)))
		base[j] = float64(mu.At(0, j)) - w.HalfWidth*sd
		step[j] = 2 * w.HalfWidth * sd / float64(w.N-1)
	}
	const batch = 4096
	total := w.N * w.N
	terms := make([]float64, 0, total)
	target := vae.NewMat(min(batch, total), x.Cols)
	for r := range target.Rows {
		copy(target.Row(r), x.Row(0))
	}
	for start := 0; start < total; start += batch {
		rows := min(batch, total-start)
		z := vae.NewMat(rows, 2)
		for i := range rows {
			a, b := (start+i)/w.N, (start+i)%w.N
			z.Row(i)[0] = float32(base[0] + float64(a)*step[0])
			z.Row(i)[1] = float32(base[1] + float64(b)*step[1])
		}
		nll := make([]float64, rows)
		vae.BCEForward(vae.Mat{}, m.DecodeLogits(z), target.Slice(0, rows), nll)
		for i := range rows {
			z1, z2 := float64(z.Row(i)[0]), float64(z.Row(i)[1])
			terms = append(terms, -nll[i]-0.5*(z1*z1+z2*z2)-math.Log(2*math.Pi))
		}
	}
	return likelihood.LogSumExp(terms) + math.Log(step[0]*step[1])
}
