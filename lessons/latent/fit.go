package latent

import (
	"math"
)

// elboGrad returns the ELBO of q on the grid (as elboOf) and its exact
// gradient with respect to μ and s = log σ: with u_g = (z_g − μ)/σ,
// ∂q(z_g)/∂μ = q(z_g)·u_g/σ, ∂q(z_g)/∂s = q(z_g)·(u_g² − 1), and log q
// changes by the same factors, so
//
//	∂ELBO/∂μ = Σ_g q(z_g)·(u_g/σ)·[log p(x, z_g) − log q(z_g) − 1]·Δz,
//	∂ELBO/∂s = Σ_g q(z_g)·(u_g² − 1)·[log p(x, z_g) − log q(z_g) − 1]·Δz.
func elboGrad(lj []float64, q Gaussian, g Grid) (elbo, dMu, dLogSigma float64) {
	norm := math.Log(q.Sigma) + 0.5*math.Log(2*math.Pi) // log q(z) = −½u² − norm
	for i, l := range lj {
		u := (g.Z(i) - q.Mu) / q.Sigma
		lq := -0.5*u*u - norm
		if lq < -745 {
			continue // q(z_g) is 0 in float64
		}
		qz := math.Exp(lq)
		elbo += qz * (l - lq)
		r := qz * (l - lq - 1)
		dMu += r * u / q.Sigma
		dLogSigma += r * (u*u - 1)
	}
	h := g.Step()
	return elbo * h, dMu * h, dLogSigma * h
}

// FitGaussian returns the Gaussian q that maximizes the ELBO of pattern x
// on grid g, and that ELBO: the best approximate posterior of this family
// for this one x. It searches a coarse grid of means in [−4, 4] and
// standard deviations in [0.05, 2] first (17 × 7 points), so that it starts in the basin
// of the best optimum when the ELBO has several, then climbs by gradient
// ascent in (μ, log σ) until the gradient vanishes.
func FitGaussian(m Model, x []float64, g Grid) (Gaussian, float64) {
	lj := LogJoint(m, x, g)
	return fitGaussian(lj, g)
}

func fitGaussian(lj []float64, g Grid) (Gaussian, float64) {
	best, bestE := Gaussian{0, 1}, math.Inf(-1)
	for i := range 17 {
		for k := range 7 {
			q := Gaussian{-4 + 0.5*float64(i), 0.05 * math.Pow(40, float64(k)/6)}
			if e := elboOf(lj, q, g); e > bestE {
				best, bestE = q, e
			}
		}
	}
	return climb(lj, best, g)
}

// climb is gradient ascent on the ELBO in (μ, log σ) from q, with a step
// that grows after every accepted step and halves after a rejected one.
func climb(lj []float64, q Gaussian, g Grid) (Gaussian, float64) {
	e, dm, ds := elboGrad(lj, q, g)
	lr := 0.01
	for range 2000 {
		if lr < 1e-12 {
			break // no step, however small, raises the ELBO any more
		}
		next := Gaussian{q.Mu + lr*dm, q.Sigma * math.Exp(lr*ds)}
		ne, ndm, nds := elboGrad(lj, next, g)
		if ne > e {
			q, e, dm, ds = next, ne, ndm, nds
			lr *= 1.5
		} else {
			lr *= 0.5
		}
	}
	return q, e
}
