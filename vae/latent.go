package vae

import (
	"math/rand/v2"

	"github.com/vaelab/govae/vae/vec"
)

// The VAE's latent layer is four formulas, each written out on its own
// in reparam.go and kl.go, where the lessons read them:
//
//	forward:  σ = e^(½·logVar),  z = μ + σ·ε,  KL = −½ Σ (1 + logVar − μ² − σ²)
//	backward: ∂z/∂μ = 1,  ∂z/∂logVar = ½·σ·ε,  ∂KL/∂μ = μ,  ∂KL/∂logVar = ½·(σ² − 1)
//
// Called one after another, ReparamForward, KLForward, ReparamBackward and
// KLBackward take four float64 exponentials per latent element: about
// 260 µs a step, 3% of a one-thread step and 5% of a two-thread one. latentForward and latentBackward
// compute the same formulas in one pass each, with one float32
// exponential per element (vec.Exp), kept in the activations as sd for
// the backward pass. TestLatentMatchesReparamAndKL holds the two versions
// to float32 rounding of each other.

// latentForward draws ε from rng, sets sd = σ and z = μ + σ·ε, adds each
// row's KL into klRow and returns their sum: ReparamForward followed by
// KLForward, drawing the same ε.
func (m *Model) latentForward(rng *rand.Rand) float64 {
	a := &m.acts
	for i := range a.eps.Data { // first, in ReparamForward's order
		a.eps.Data[i] = float32(rng.NormFloat64())
	}
	for i, lv := range a.logVar.Data { // σ alone, so the exponentials overlap
		a.sd.Data[i] = vec.Exp(0.5 * lv)
	}
	var total float64
	for i := 0; i < a.mu.Rows; i++ {
		mu, logVar, eps := a.mu.Row(i), a.logVar.Row(i), a.eps.Row(i)
		sd, z := a.sd.Row(i), a.z.Row(i)
		var kl float64
		for j, mj := range mu {
			z[j] = mj + sd[j]*eps[j]
			lv, m64, s := float64(logVar[j]), float64(mj), float64(sd[j])
			kl += -0.5 * (1 + lv - m64*m64 - s*s)
		}
		a.klRow[i] += kl
		total += kl
	}
	return total
}

// latentBackward adds ∂L/∂μ and ∂L/∂logVar into dmu and dlogVar, given
// dz = ∂L/∂z and the KL weight beta: ReparamBackward followed by
// KLBackward(…, beta).
func (m *Model) latentBackward(beta float32) {
	a := &m.acts
	for i, g := range a.dz.Data {
		s, mu := a.sd.Data[i], a.mu.Data[i]
		a.dmu.Data[i] += g + beta*mu
		a.dlogVar.Data[i] += g*0.5*s*a.eps.Data[i] + beta*0.5*(s*s-1)
	}
}
