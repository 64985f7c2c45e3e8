// Package reparam is the code of notebook 02, "The reparameterization
// trick": why a gradient cannot pass through a random draw, how writing the
// draw as z = μ + σ·ε lets it, and how the two classic estimators of the
// gradient of an expectation, score-function (REINFORCE) and
// reparameterization, compare when the exact answer is known.
//
// The checks of the notebook's exercises (ReparamCheck, ReparamGradCheck,
// ScoreFunctionCheck, ReparameterizedCheck and their Check* runners)
// compare a learner's sampler, its gradient and the two estimators with
// vae.ReparamForward, vae.ReparamBackward, ScoreFunction and
// Reparameterized, drawing from generators with the same seed.
package reparam

import (
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
)

// Problem is the expectation J(μ, σ) = E_{z~N(μ,σ²)}[(z − C)²], whose
// gradient is known exactly (notebook 02 §3): J = (μ − C)² + σ², so
// ∂J/∂μ = 2(μ − C) and ∂J/∂σ = 2σ.
type Problem struct {
	Mu, Sigma, C float64
}

// F is the integrand f(z) = (z − C)².
func (p Problem) F(z float64) float64 { return (z - p.C) * (z - p.C) }

// FPrime is f'(z) = 2(z − C).
func (p Problem) FPrime(z float64) float64 { return 2 * (z - p.C) }

// Exact returns the true gradient (∂J/∂μ, ∂J/∂σ).
func (p Problem) Exact() (dMu, dSigma float64) { return 2 * (p.Mu - p.C), 2 * p.Sigma }

// ScoreFunction estimates the gradient from n draws with the
// score-function (REINFORCE) identity ∇E[f(z)] = E[f(z)·∇log q(z)]:
//
//	∂/∂μ log q = (z − μ)/σ²,   ∂/∂σ log q = ((z − μ)² − σ²)/σ³.
//
// It needs only values of f, never its derivative.
func ScoreFunction(p Problem, n int, rng *rand.Rand) (dMu, dSigma float64) {
	s2 := p.Sigma * p.Sigma
	for range n {
		z := p.Mu + p.Sigma*rng.NormFloat64()
		f := p.F(z)
		dMu += f * (z - p.Mu) / s2
		dSigma += f * ((z-p.Mu)*(z-p.Mu) - s2) / (s2 * p.Sigma)
	}
	return dMu / float64(n), dSigma / float64(n)
}

// Reparameterized estimates the gradient from n draws of ε ~ N(0, 1)
// through z = μ + σ·ε, differentiating f along the sample:
//
//	∂f(z)/∂μ = f'(z),   ∂f(z)/∂σ = f'(z)·ε.
func Reparameterized(p Problem, n int, rng *rand.Rand) (dMu, dSigma float64) {
	for range n {
		eps := rng.NormFloat64()
		g := p.FPrime(p.Mu + p.Sigma*eps)
		dMu += g
		dSigma += g * eps
	}
	return dMu / float64(n), dSigma / float64(n)
}

// Spread is the mean and variance of repeated estimates of ∂J/∂μ from n
// draws each, for one estimator.
type Spread struct {
	N                       int
	ScoreMean, ScoreVar     float64
	ReparamMean, ReparamVar float64
}

// Variances repeats each estimator reps times at every sample size in ns
// and returns the mean and variance of its ∂J/∂μ estimates (notebook 02 §4).
func Variances(p Problem, ns []int, reps int, rng *rand.Rand) []Spread {
	out := make([]Spread, len(ns))
	for i, n := range ns {
		sf, rp := make([]float64, reps), make([]float64, reps)
		for r := range reps {
			sf[r], _ = ScoreFunction(p, n, rng)
			rp[r], _ = Reparameterized(p, n, rng)
		}
		out[i].N = n
		out[i].ScoreMean, out[i].ScoreVar = meanVar(sf)
		out[i].ReparamMean, out[i].ReparamVar = meanVar(rp)
	}
	return out
}

func meanVar(x []float64) (mean, variance float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		variance += (v - mean) * (v - mean)
	}
	return mean, variance / float64(len(x)-1)
}

// SampleSlope is the finite-difference slope (z(μ+h) − z(μ−h)) / 2h of a
// draw z ~ N(μ, σ²) with respect to μ (notebook 02 §1). With fresh noise
// for each draw, as a sampler works, the slope is noise of size σ/h: no
// gradient passes. With the noise ε held fixed, z = μ + σε and the slope is
// exactly 1.
func SampleSlope(mu, sigma, h float64, fixedNoise bool, rng *rand.Rand) float64 {
	eps1 := rng.NormFloat64()
	eps2 := eps1
	if !fixedNoise {
		eps2 = rng.NormFloat64()
	}
	return ((mu + h + sigma*eps1) - (mu - h + sigma*eps2)) / (2 * h)
}

// Samples draws n values z = μ + σ·ε through the library's
// vae.ReparamForward, the function a VAE's forward pass runs (vae.Model
// calls it).
func Samples(mu, sigma float64, n int, rng *rand.Rand) []float64 {
	m, lv := vae.NewMat(n, 1), vae.NewMat(n, 1)
	for i := range m.Data {
		m.Data[i] = float32(mu)
		lv.Data[i] = float32(2 * math.Log(sigma))
	}
	z, eps, sd := vae.NewMat(n, 1), vae.NewMat(n, 1), vae.NewMat(n, 1)
	vae.ReparamForward(z, eps, sd, m, lv, rng)
	out := make([]float64, n)
	for i, v := range z.Data {
		out[i] = float64(v)
	}
	return out
}

// NormalDensity is the N(μ, σ²) density at x, drawn over the histogram of
// Samples.
func NormalDensity(mu, sigma, x float64) float64 {
	d := (x - mu) / sigma
	return math.Exp(-0.5*d*d) / (sigma * math.Sqrt(2*math.Pi))
}

// ParamSlope compares, for parameter i of a VAE m on batch x, the gradient
// Backward computes with the finite-difference slope of the loss
// (notebook 02 §5). With fixedNoise the two forward passes reuse one ε, as
// the reparameterization trick assumes, and the slope matches the
// gradient; with fresh noise each pass draws its own ε and the slope is
// mostly noise.
func ParamSlope(m *vae.Model, x vae.Mat, i int, h float64, fixedNoise bool, seed uint64) (grad, slope float64) {
	noise := func(k uint64) *rand.Rand {
		if fixedNoise {
			k = 0
		}
		return rand.New(rand.NewPCG(seed, k))
	}
	m.Forward(x, noise(0))
	m.ZeroGrad()
	m.Backward(vae.Mat{})
	grad = float64(m.Grads[i])
	orig := m.Params[i]
	m.Params[i] = orig + float32(h)
	up := m.Forward(x, noise(1)).Total
	m.Params[i] = orig - float32(h)
	down := m.Forward(x, noise(2)).Total
	m.Params[i] = orig
	return grad, (up - down) / (2 * h)
}
