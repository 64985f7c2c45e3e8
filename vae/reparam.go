package vae

import (
	"math"
	"math/rand/v2"
)

// ReparamForward draws eps ~ N(0, I) from rng and sets
//
//	z = mu + σ ⊙ eps,  σ = e^(logVar/2)
//
// so that z ~ N(mu, σ²) while the randomness sits in eps, outside the path
// from the parameters to z (the reparameterization trick). eps is kept for
// the backward pass.
func ReparamForward(z, eps, mu, logVar Mat, rng *rand.Rand) {
	mustShape("ReparamForward logVar", logVar, mu.Rows, mu.Cols)
	mustShape("ReparamForward eps", eps, mu.Rows, mu.Cols)
	mustShape("ReparamForward z", z, mu.Rows, mu.Cols)
	for i, m := range mu.Data {
		e := float32(rng.NormFloat64())
		eps.Data[i] = e
		z.Data[i] = m + float32(math.Exp(0.5*float64(logVar.Data[i])))*e
	}
}

// ReparamBackward adds the gradient flowing back from dz into dmu and
// dlogVar:
//
//	∂z/∂mu = 1                  → dmu     += dz
//	∂z/∂logVar = ½σ ⊙ eps       → dlogVar += dz ⊙ ½σ ⊙ eps
func ReparamBackward(dmu, dlogVar, dz, eps, logVar Mat) {
	mustShape("ReparamBackward dz", dz, eps.Rows, eps.Cols)
	mustShape("ReparamBackward dmu", dmu, eps.Rows, eps.Cols)
	mustShape("ReparamBackward dlogVar", dlogVar, eps.Rows, eps.Cols)
	for i, g := range dz.Data {
		sd := float32(math.Exp(0.5 * float64(logVar.Data[i])))
		dmu.Data[i] += g
		dlogVar.Data[i] += g * 0.5 * sd * eps.Data[i]
	}
}
