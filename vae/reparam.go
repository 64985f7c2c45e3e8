package vae

import (
	"math/rand/v2"

	"github.com/vaelab/govae/vae/vec"
)

// ReparamForward draws eps ~ N(0, I) from rng and sets
//
//	σ = e^(logVar/2),  z = mu + σ ⊙ eps
//
// so that z ~ N(mu, σ²) while the randomness sits in eps, outside the path
// from the parameters to z (the reparameterization trick). It keeps eps
// and σ (in sd) for the backward pass, as llm.c's layernorm keeps its mean
// and reciprocal deviation: ReparamBackward, KLForward and KLBackward read
// σ rather than compute e^x again. σ is vec.Exp's float32 exponential.
// All five matrices have mu's shape.
func ReparamForward(z, eps, sd, mu, logVar Mat, rng *rand.Rand) {
	mustShape("ReparamForward logVar", logVar, mu.Rows, mu.Cols)
	mustShape("ReparamForward eps", eps, mu.Rows, mu.Cols)
	mustShape("ReparamForward sd", sd, mu.Rows, mu.Cols)
	mustShape("ReparamForward z", z, mu.Rows, mu.Cols)
	for i := range eps.Data {
		eps.Data[i] = float32(rng.NormFloat64())
	}
	for i, lv := range logVar.Data { // σ alone, so the exponentials overlap
		sd.Data[i] = vec.Exp(0.5 * lv)
	}
	for i, m := range mu.Data {
		z.Data[i] = m + sd.Data[i]*eps.Data[i]
	}
}

// ReparamBackward adds the gradient flowing back from dz into dmu and
// dlogVar, given the eps and sd that ReparamForward kept:
//
//	∂z/∂mu = 1                  → dmu     += dz
//	∂z/∂logVar = ½σ ⊙ eps       → dlogVar += dz ⊙ ½σ ⊙ eps
func ReparamBackward(dmu, dlogVar, dz, eps, sd Mat) {
	mustShape("ReparamBackward dz", dz, eps.Rows, eps.Cols)
	mustShape("ReparamBackward sd", sd, eps.Rows, eps.Cols)
	mustShape("ReparamBackward dmu", dmu, eps.Rows, eps.Cols)
	mustShape("ReparamBackward dlogVar", dlogVar, eps.Rows, eps.Cols)
	for i, g := range dz.Data {
		dmu.Data[i] += g
		dlogVar.Data[i] += g * 0.5 * sd.Data[i] * eps.Data[i]
	}
}
