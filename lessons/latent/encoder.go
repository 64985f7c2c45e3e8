package latent

import (
	"math"
	"runtime"
	"sync"
)

// Encoder is an amortized approximate posterior: one function from a
// pattern x to its Gaussian q(z|x) = N(μ(x), σ(x)²), shared by every x,
// with a mean and a log standard deviation linear in the pixels,
//
//	μ(x) = MuBias + Σ_i MuWeights[i]·x_i,   log σ(x) = LogSigmaBias + Σ_i LogSigmaWeights[i]·x_i.
//
// It is the smallest encoder a VAE could have: a network with no hidden
// layer.
type Encoder struct {
	MuWeights, LogSigmaWeights []float64
	MuBias, LogSigmaBias       float64
}

// Q is the encoder's q(z|x).
func (e Encoder) Q(x []float64) Gaussian {
	mu, ls := e.MuBias, e.LogSigmaBias
	for i, v := range x {
		mu += e.MuWeights[i] * v
		ls += e.LogSigmaWeights[i] * v
	}
	return Gaussian{mu, math.Exp(ls)}
}

// Amortized is what one encoder costs over the data: the average over
// every pattern x, weighted by its probability p(x), of log p(x), of the
// ELBO of the best Gaussian for that x alone (FitGaussian), and of the
// ELBO of the encoder's q(z|x). The gaps between them are
//
//	log p(x) − ELBO(best q)          the approximation gap: no Gaussian is the posterior
//	ELBO(best q) − ELBO(encoder's q) the amortization gap: one function for all x
type Amortized struct {
	LogP, BestELBO, EncoderELBO float64
}

// FitEncoder trains an Encoder for model m by gradient ascent (Adam,
// learning rate 0.05) on the average ELBO of all 2^D patterns weighted by
// their probabilities, for the given number of steps, with integrals on
// grid g. It returns the encoder and what it costs (Amortized), measured
// on g. The gradient is elboGrad's, through μ(x) and log σ(x) by the
// chain rule.
func FitEncoder(m Model, g Grid, steps int) (Encoder, Amortized) {
	e, a, _ := FitEncoderTrace(m, g, steps)
	return e, a
}

// FitEncoderTrace is FitEncoder, and also returns the encoder's average
// ELBO (Σ_x p(x)·ELBO(x, q(z|x)) on g) after each step: trace[t] after t
// steps, t = 0 … steps, so that trace[steps] is the returned
// Amortized.EncoderELBO. It shows whether training has converged.
func FitEncoderTrace(m Model, g Grid, steps int) (Encoder, Amortized, []float64) {
	d := len(m.Centres)
	xs := Patterns(d)
	lj := make([][]float64, len(xs))
	px := make([]float64, len(xs))
	for n, x := range xs {
		lj[n] = LogJoint(m, x, g)
		px[n] = math.Exp(LogMarginal(m, x, g))
	}
	e := Encoder{MuWeights: make([]float64, d), LogSigmaWeights: make([]float64, d)}
	// θ = (MuWeights, MuBias, LogSigmaWeights, LogSigmaBias), 2d + 2 numbers.
	n := 2*d + 2
	mom, vel := make([]float64, n), make([]float64, n)
	const lr, b1, b2 = 0.05, 0.9, 0.999
	trace := make([]float64, 0, steps+1)
	for t := 1; t <= steps; t++ {
		obj, grad := encoderObjective(e, xs, lj, px, g)
		trace = append(trace, obj)
		for k := range n {
			mom[k] = b1*mom[k] + (1-b1)*grad[k]
			vel[k] = b2*vel[k] + (1-b2)*grad[k]*grad[k]
			step := lr * (mom[k] / (1 - math.Pow(b1, float64(t)))) / (math.Sqrt(vel[k]/(1-math.Pow(b2, float64(t)))) + 1e-8)
			*e.param(k) += step // ascent
		}
	}
	best := make([]float64, len(xs))
	var wg sync.WaitGroup
	for w := range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for k := w; k < len(xs); k += runtime.GOMAXPROCS(0) {
				_, best[k] = fitGaussian(lj[k], g)
			}
		})
	}
	wg.Wait()
	var a Amortized
	for k, x := range xs {
		a.LogP += px[k] * math.Log(px[k])
		a.BestELBO += px[k] * best[k]
		a.EncoderELBO += px[k] * elboOf(lj[k], e.Q(x), g)
	}
	return e, a, append(trace, a.EncoderELBO)
}

// param is the k-th number of θ = (MuWeights, MuBias, LogSigmaWeights,
// LogSigmaBias).
func (e *Encoder) param(k int) *float64 {
	d := len(e.MuWeights)
	switch {
	case k < d:
		return &e.MuWeights[k]
	case k == d:
		return &e.MuBias
	case k < 2*d+1:
		return &e.LogSigmaWeights[k-d-1]
	}
	return &e.LogSigmaBias
}

// encoderObjective is Σ_x p(x)·ELBO(x, e.Q(x)) and its gradient with
// respect to θ (see param): ∂μ(x)/∂MuWeights[i] = x_i, ∂μ(x)/∂MuBias = 1,
// and the same for log σ(x).
func encoderObjective(e Encoder, xs [][]float64, lj [][]float64, px []float64, g Grid) (float64, []float64) {
	d := len(e.MuWeights)
	grad := make([]float64, 2*d+2)
	var obj float64
	for n, x := range xs {
		elbo, dMu, dLs := elboGrad(lj[n], e.Q(x), g)
		obj += px[n] * elbo
		for i, v := range x {
			grad[i] += px[n] * dMu * v
			grad[d+1+i] += px[n] * dLs * v
		}
		grad[d] += px[n] * dMu
		grad[2*d+1] += px[n] * dLs
	}
	return obj, grad
}
