package latent

import (
	"fmt"
	"math"
	"strings"

	"github.com/vaelab/govae/lessons/likelihood"
)

// Model is the latent-variable model of notebook 00: a 1-D latent z ~
// N(0, 1), the position of a spot, and a strip of D binary pixels, each
// lit independently given z,
//
//	p(x_i = 1 | z) = σ(ℓ_i(z)),   ℓ_i(z) = Peak − Sharpness·(z − Centres[i])²,
//
// with σ the logistic sigmoid: pixel i is most likely lit when the spot
// sits at its centre, and less likely the further away it is. The decoder
// z ↦ ℓ(z) is nonlinear, so the posterior p(z|x) is not Gaussian.
type Model struct {
	Centres   []float64 // c_i, one per pixel
	Peak      float64   // a: the logit of a pixel with the spot on its centre
	Sharpness float64   // b: how fast the logit falls with the distance (z − c_i)²
}

// Strip is the model of notebook 00: 8 pixels with centres −2.1, −1.5, …,
// 2.1 (0.6 apart), Peak 4 and Sharpness 3, so that a pixel is lit with
// probability σ(4) ≈ 0.98 with the spot on its centre, and a spot near
// the middle of the strip lights 3.7 pixels on average (four or five in
// most draws; ExpectedLit).
func Strip() Model {
	c := make([]float64, 8)
	for i := range c {
		c[i] = -2.1 + 0.6*float64(i)
	}
	return Model{Centres: c, Peak: 4, Sharpness: 3}
}

// ExpectedLit is the expected number of lit pixels with the spot at z,
// Σ_i σ(ℓ_i(z)).
func (m Model) ExpectedLit(z float64) float64 {
	var s float64
	for i := range m.Centres {
		s += 1 / (1 + math.Exp(-m.Logit(i, z)))
	}
	return s
}

// Logit is ℓ_i(z), the logit of pixel i at z.
func (m Model) Logit(i int, z float64) float64 {
	d := z - m.Centres[i]
	return m.Peak - m.Sharpness*d*d
}

// LogLik is log p(x|z) = Σ_i [x_i·ℓ_i(z) − softplus(ℓ_i(z))] for a pattern
// x of 0s and 1s, one per pixel, with softplus(ℓ) = log(1 + e^ℓ) computed
// without overflow. It panics if x has the wrong length.
func (m Model) LogLik(x []float64, z float64) float64 {
	if len(x) != len(m.Centres) {
		panic(fmt.Sprintf("latent: a pattern of %d pixels for a model of %d", len(x), len(m.Centres)))
	}
	var s float64
	for i, xi := range x {
		l := m.Logit(i, z)
		s += xi*l - softplus(l)
	}
	return s
}

// softplus is log(1 + e^l) = max(l, 0) + log(1 + e^−|l|).
func softplus(l float64) float64 { return max(l, 0) + math.Log1p(math.Exp(-math.Abs(l))) }

// LogPrior is log p(z) = −½z² − ½log 2π, the standard normal prior.
func LogPrior(z float64) float64 { return -0.5*z*z - 0.5*math.Log(2*math.Pi) }

// Grid is N evenly spaced points z_g = Lo + g·Δz, g = 0 … N−1, with Δz =
// (Hi − Lo)/(N − 1), on which every integral over z is a sum:
//
//	∫ f(z) dz ≈ Σ_g f(z_g)·Δz.
//
// For the smooth integrands of this package, which vanish at both ends,
// that sum is the trapezoid rule and converges very fast as N grows.
type Grid struct {
	Lo, Hi float64
	N      int // at least 2
}

// Fine is the grid of notebook 00: 2001 points on [−8, 8], Δz = 0.008.
var Fine = Grid{Lo: -8, Hi: 8, N: 2001}

// Step is Δz.
func (g Grid) Step() float64 { return (g.Hi - g.Lo) / float64(g.N-1) }

// Z is the grid point z_i.
func (g Grid) Z(i int) float64 { return g.Lo + float64(i)*g.Step() }

// Points returns every z_g in order.
func (g Grid) Points() []float64 {
	z := make([]float64, g.N)
	for i := range z {
		z[i] = g.Z(i)
	}
	return z
}

// LogJoint returns log p(x, z_g) = log p(x|z_g) + log p(z_g) at every
// grid point.
func LogJoint(m Model, x []float64, g Grid) []float64 {
	out := make([]float64, g.N)
	for i := range out {
		z := g.Z(i)
		out[i] = m.LogLik(x, z) + LogPrior(z)
	}
	return out
}

// LogMarginal is log p(x) = log ∫ p(x|z) p(z) dz by quadrature on g,
//
//	log p(x) ≈ log Σ_g p(x|z_g) p(z_g) Δz = LogSumExp_g(log p(x, z_g)) + log Δz,
//
// in log space, so that it neither underflows nor overflows.
func LogMarginal(m Model, x []float64, g Grid) float64 {
	return likelihood.LogSumExp(LogJoint(m, x, g)) + math.Log(g.Step())
}

// LogPosterior returns log p(z_g|x) = log p(x|z_g) + log p(z_g) − log p(x)
// at every grid point: Bayes' rule, with the log p(x) of LogMarginal, so
// that Σ_g p(z_g|x)·Δz = 1.
func LogPosterior(m Model, x []float64, g Grid) []float64 {
	lj := LogJoint(m, x, g)
	lpx := likelihood.LogSumExp(lj) + math.Log(g.Step())
	for i := range lj {
		lj[i] -= lpx
	}
	return lj
}

// Gaussian is the approximate posterior q(z) = N(Mu, Sigma²).
type Gaussian struct{ Mu, Sigma float64 }

// LogDensity is log q(z) = −½((z − μ)/σ)² − log σ − ½log 2π.
func (q Gaussian) LogDensity(z float64) float64 {
	u := (z - q.Mu) / q.Sigma
	return -0.5*u*u - math.Log(q.Sigma) - 0.5*math.Log(2*math.Pi)
}

func (q Gaussian) String() string { return fmt.Sprintf("N(%.3f, %.3f²)", q.Mu, q.Sigma) }

// ELBO is E_q[log p(x, z) − log q(z)] by quadrature on g,
//
//	ELBO(q) ≈ Σ_g q(z_g)·[log p(x|z_g) + log p(z_g) − log q(z_g)]·Δz,
//
// with log q(z_g) from its formula, never as the log of a q(z_g) that
// has underflowed to 0 (such points add 0).
func ELBO(m Model, x []float64, q Gaussian, g Grid) float64 {
	return elboOf(LogJoint(m, x, g), q, g)
}

// elboOf is ELBO from the log joint on the grid.
func elboOf(lj []float64, q Gaussian, g Grid) float64 {
	var s float64
	for i, l := range lj {
		lq := q.LogDensity(g.Z(i))
		s += math.Exp(lq) * (l - lq)
	}
	return s * g.Step()
}

// KL is KL(q ‖ p) = E_q[log q(z) − log p(z)] by quadrature on g, for a
// density p given by its logarithm at the grid points (e.g. LogPosterior):
//
//	KL(q ‖ p) ≈ Σ_g q(z_g)·[log q(z_g) − log p(z_g)]·Δz.
//
// It panics if logP does not have one value per grid point.
func KL(q Gaussian, logP []float64, g Grid) float64 {
	if len(logP) != g.N {
		panic(fmt.Sprintf("latent: KL: %d log densities on a grid of %d points", len(logP), g.N))
	}
	var s float64
	for i, lp := range logP {
		lq := q.LogDensity(g.Z(i))
		s += math.Exp(lq) * (lq - lp)
	}
	return s * g.Step()
}

// Pattern parses a pattern of pixels written as 0s and 1s, e.g.
// "00011000", and panics on any other character.
func Pattern(s string) []float64 {
	x := make([]float64, len(s))
	for i, c := range s {
		switch c {
		case '0':
		case '1':
			x[i] = 1
		default:
			panic(fmt.Sprintf("latent: pattern %q: pixels are 0 or 1", s))
		}
	}
	return x
}

// Format writes a pattern as 0s and 1s, the inverse of Pattern.
func Format(x []float64) string {
	var b strings.Builder
	for _, v := range x {
		if v == 1 {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	return b.String()
}

// Patterns returns all 2^d patterns of d pixels, in binary counting order
// (pixel 0 is the most significant).
func Patterns(d int) [][]float64 {
	out := make([][]float64, 1<<d)
	for n := range out {
		x := make([]float64, d)
		for i := range d {
			x[i] = float64(n >> (d - 1 - i) & 1)
		}
		out[n] = x
	}
	return out
}
