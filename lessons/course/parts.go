package course

import (
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
	"github.com/vaelab/govae/vae/vec"
)

// Parts are the pieces of a VAE's forward and backward pass that a learner
// writes in notebooks 01–03, each for one digit (one row of a batch) in
// float64: the reconstruction loss and its gradient, the reparameterized
// sample and its gradient, the KL term and its gradient. PartsNet runs a
// VAE on them; a nil field means the library's own.
type Parts struct {
	// BCE is the Bernoulli loss of a digit x (D) under logits (D):
	// Σ_d softplus(l_d) − x_d·l_d (notebook 01).
	BCE func(x, logits []float64) float64
	// BCEGrad is ∂BCE/∂logits (D): σ(l) − x (notebook 01).
	BCEGrad func(x, logits []float64) []float64
	// Reparam draws ε ~ N(0, I) (Z) from rng, one rng.NormFloat64() per
	// dimension in order, and returns z = μ + e^(½·logσ²)·ε and ε
	// (notebook 02).
	Reparam func(mu, logVar []float64, rng *rand.Rand) (z, eps []float64)
	// ReparamGrad turns dz = ∂L/∂z (Z) into ∂L/∂μ and ∂L/∂logσ² through
	// Reparam (notebook 02).
	ReparamGrad func(dz, logVar, eps []float64) (dmu, dlogVar []float64)
	// KL is KL(N(μ, σ²) ‖ N(0, I)) summed over the Z dimensions (notebook 03).
	KL func(mu, logVar []float64) float64
	// KLGrad is ∂KL/∂μ and ∂KL/∂logσ² (Z each) (notebook 03).
	KLGrad func(mu, logVar []float64) (dmu, dlogVar []float64)
}

// LibraryParts returns the library's functions (vae.BCEForward,
// vae.BCEBackward, vae.ReparamForward, vae.ReparamBackward, vae.KLForward,
// vae.KLBackward) as Parts: each call runs the library's function on a
// one-row matrix. The exercise checks of notebooks 01–03 compare a
// learner's functions with these.
func LibraryParts() Parts {
	return Parts{
		BCE: func(x, logits []float64) float64 {
			return vae.BCEForward(vae.Mat{}, row(logits), row(x), nil)
		},
		BCEGrad: func(x, logits []float64) []float64 {
			p, d := vae.NewMat(1, len(logits)), vae.NewMat(1, len(logits))
			vae.BCEForward(p, row(logits), row(x), nil) // keeps σ(l) in p
			vae.BCEBackward(d, p, row(x), 1)
			return unrow(d)
		},
		Reparam: func(mu, logVar []float64, rng *rand.Rand) (z, eps []float64) {
			zm, em, sd := vae.NewMat(1, len(mu)), vae.NewMat(1, len(mu)), vae.NewMat(1, len(mu))
			vae.ReparamForward(zm, em, sd, row(mu), row(logVar), rng)
			return unrow(zm), unrow(em)
		},
		ReparamGrad: func(dz, logVar, eps []float64) (dmu, dlogVar []float64) {
			dm, dl := vae.NewMat(1, len(dz)), vae.NewMat(1, len(dz))
			vae.ReparamBackward(dm, dl, row(dz), row(eps), sigma(logVar))
			return unrow(dm), unrow(dl)
		},
		KL: func(mu, logVar []float64) float64 {
			return vae.KLForward(row(mu), row(logVar), sigma(logVar), nil)
		},
		KLGrad: func(mu, logVar []float64) (dmu, dlogVar []float64) {
			dm, dl := vae.NewMat(1, len(mu)), vae.NewMat(1, len(mu))
			vae.KLBackward(dm, dl, row(mu), sigma(logVar), 1)
			return unrow(dm), unrow(dl)
		},
	}
}

// sigma returns σ = e^(½·logσ²) as a (1, len(logVar)) matrix, computed
// as vae.ReparamForward keeps it for the backward pass (vec.Exp).
func sigma(logVar []float64) vae.Mat {
	m := vae.NewMat(1, len(logVar))
	for i, lv := range logVar {
		m.Data[i] = vec.Exp(0.5 * float32(lv))
	}
	return m
}

// row returns v as a (1, len(v)) float32 matrix.
func row(v []float64) vae.Mat {
	m := vae.NewMat(1, len(v))
	for i, x := range v {
		m.Data[i] = float32(x)
	}
	return m
}

// unrow returns m's elements as float64.
func unrow(m vae.Mat) []float64 {
	out := make([]float64, len(m.Data))
	for i, x := range m.Data {
		out[i] = float64(x)
	}
	return out
}
