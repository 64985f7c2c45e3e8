package reparam

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
)

// TestReparamCheck holds the sampling check to its verdicts: the right
// answer passes, the stub is TODO, and each mistake a learner might make is
// WRONG.
func TestReparamCheck(t *testing.T) {
	// sampler is a learner's sampler: draw gives ε_j, sd gives σ from logσ².
	sampler := func(draw func(rng *rand.Rand, n int) []float64, sd func(lv float64) float64) func([]float64, []float64, *rand.Rand) ([]float64, []float64) {
		return func(mu, logVar []float64, rng *rand.Rand) ([]float64, []float64) {
			eps := draw(rng, len(mu))
			z := make([]float64, len(mu))
			for j := range mu {
				z[j] = mu[j] + sd(logVar[j])*eps[j]
			}
			return z, eps
		}
	}
	inOrder := func(rng *rand.Rand, n int) []float64 {
		eps := make([]float64, n)
		for j := range eps {
			eps[j] = rng.NormFloat64()
		}
		return eps
	}
	sigma := func(lv float64) float64 { return math.Exp(0.5 * lv) }
	for _, tc := range []struct {
		name string
		f    func([]float64, []float64, *rand.Rand) ([]float64, []float64)
		want exercise.Status
	}{
		{"right", sampler(inOrder, sigma), exercise.Pass},
		{"right, σ as √e^logσ²", sampler(inOrder, func(lv float64) float64 { return math.Sqrt(math.Exp(lv)) }), exercise.Pass},
		{"stub", func([]float64, []float64, *rand.Rand) ([]float64, []float64) { panic("TODO") }, exercise.Todo},
		{"σ² for σ", sampler(inOrder, math.Exp), exercise.Wrong},
		{"logσ² for σ", sampler(inOrder, func(lv float64) float64 { return lv }), exercise.Wrong},
		{"draws in reverse order", sampler(func(rng *rand.Rand, n int) []float64 {
			eps := make([]float64, n)
			for j := n - 1; j >= 0; j-- {
				eps[j] = rng.NormFloat64()
			}
			return eps
		}, sigma), exercise.Wrong},
		{"a generator of its own", sampler(func(_ *rand.Rand, n int) []float64 {
			return inOrder(rand.New(rand.NewPCG(1, 2)), n)
		}, sigma), exercise.Wrong},
		{"eps not returned", func(mu, logVar []float64, rng *rand.Rand) ([]float64, []float64) {
			z, _ := sampler(inOrder, sigma)(mu, logVar, rng)
			return z, nil
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exercisetest.Verdict(t, ReparamCheck(tc.f), tc.want)
		})
	}
}

// TestReparamGradCheck is TestReparamCheck for the gradient.
func TestReparamGradCheck(t *testing.T) {
	// grad is a learner's gradient from dμ and dlogσ² of one dimension.
	grad := func(dm func(g float64) float64, dl func(g, lv, eps float64) float64) func(dz, logVar, eps []float64) ([]float64, []float64) {
		return func(dz, logVar, eps []float64) ([]float64, []float64) {
			a, b := make([]float64, len(dz)), make([]float64, len(dz))
			for j := range dz {
				a[j], b[j] = dm(dz[j]), dl(dz[j], logVar[j], eps[j])
			}
			return a, b
		}
	}
	id := func(g float64) float64 { return g }
	half := func(g, lv, eps float64) float64 { return g * 0.5 * math.Exp(0.5*lv) * eps }
	for _, tc := range []struct {
		name string
		f    func(dz, logVar, eps []float64) ([]float64, []float64)
		want exercise.Status
	}{
		{"right", grad(id, half), exercise.Pass},
		{"stub", func(dz, logVar, eps []float64) ([]float64, []float64) { panic("TODO") }, exercise.Todo},
		{"σ·ε instead of ½·σ·ε", grad(id, func(g, lv, eps float64) float64 { return g * math.Exp(0.5*lv) * eps }), exercise.Wrong},
		{"∂z/∂σ = ε for ∂z/∂logσ²", grad(id, func(g, lv, eps float64) float64 { return g * eps }), exercise.Wrong},
		{"σ² for σ", grad(id, func(g, lv, eps float64) float64 { return g * 0.5 * math.Exp(lv) * eps }), exercise.Wrong},
		{"dz forgotten in dmu", grad(func(float64) float64 { return 1 }, half), exercise.Wrong},
		{"dz forgotten in dlogVar", grad(id, func(g, lv, eps float64) float64 { return 0.5 * math.Exp(0.5*lv) * eps }), exercise.Wrong},
		{"nil", func(dz, logVar, eps []float64) ([]float64, []float64) { return nil, nil }, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exercisetest.Verdict(t, ReparamGradCheck(tc.f), tc.want)
		})
	}
}

// estimatorFrom is a learner's estimator: it draws z = μ + σε n times and
// averages the terms term returns for each draw.
func estimatorFrom(term func(p Problem, z, eps float64) (a, b float64), divide func(n int) float64) estimator {
	return func(p Problem, n int, rng *rand.Rand) (float64, float64) {
		var dMu, dSigma float64
		for range n {
			eps := rng.NormFloat64()
			a, b := term(p, p.Mu+p.Sigma*eps, eps)
			dMu, dSigma = dMu+a, dSigma+b
		}
		return dMu / divide(n), dSigma / divide(n)
	}
}

func mean(n int) float64 { return float64(n) }

// TestScoreFunctionCheck is TestReparamCheck for the score-function
// estimator.
func TestScoreFunctionCheck(t *testing.T) {
	score := func(p Problem, z, _ float64) (float64, float64) {
		s2 := p.Sigma * p.Sigma
		return p.F(z) * (z - p.Mu) / s2, p.F(z) * ((z-p.Mu)*(z-p.Mu) - s2) / (s2 * p.Sigma)
	}
	for _, tc := range []struct {
		name string
		f    estimator
		want exercise.Status
	}{
		{"right", estimatorFrom(score, mean), exercise.Pass},
		{"right, written with ε", estimatorFrom(func(p Problem, z, eps float64) (float64, float64) {
			return p.F(z) * eps / p.Sigma, p.F(z) * (eps*eps - 1) / p.Sigma
		}, mean), exercise.Pass},
		{"the library's", ScoreFunction, exercise.Pass},
		{"stub", func(Problem, int, *rand.Rand) (float64, float64) { panic("TODO") }, exercise.Todo},
		{"σ for σ²", estimatorFrom(func(p Problem, z, eps float64) (float64, float64) {
			_, b := score(p, z, eps)
			return p.F(z) * (z - p.Mu) / p.Sigma, b
		}, mean), exercise.Wrong},
		{"flipped sign", estimatorFrom(func(p Problem, z, eps float64) (float64, float64) {
			a, b := score(p, z, eps)
			return -a, b
		}, mean), exercise.Wrong},
		{"the −σ² of ∂log q/∂σ forgotten", estimatorFrom(func(p Problem, z, eps float64) (float64, float64) {
			a, _ := score(p, z, eps)
			return a, p.F(z) * (z - p.Mu) * (z - p.Mu) / (p.Sigma * p.Sigma * p.Sigma)
		}, mean), exercise.Wrong},
		{"sum for mean", estimatorFrom(score, func(int) float64 { return 1 }), exercise.Wrong},
		{"the reparameterization estimator", Reparameterized, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exercisetest.Verdict(t, ScoreFunctionCheck(tc.f), tc.want)
		})
	}
}

// TestReparameterizedCheck is TestReparamCheck for the reparameterization
// estimator.
func TestReparameterizedCheck(t *testing.T) {
	pathwise := func(p Problem, z, eps float64) (float64, float64) { return p.FPrime(z), p.FPrime(z) * eps }
	for _, tc := range []struct {
		name string
		f    estimator
		want exercise.Status
	}{
		{"right", estimatorFrom(pathwise, mean), exercise.Pass},
		{"stub", func(Problem, int, *rand.Rand) (float64, float64) { panic("TODO") }, exercise.Todo},
		{"∂z/∂σ = ε forgotten", estimatorFrom(func(p Problem, z, _ float64) (float64, float64) {
			return p.FPrime(z), p.FPrime(z)
		}, mean), exercise.Wrong},
		{"f for f'", estimatorFrom(func(p Problem, z, eps float64) (float64, float64) {
			return p.F(z), p.F(z) * eps
		}, mean), exercise.Wrong},
		{"the exact gradient", func(p Problem, _ int, _ *rand.Rand) (float64, float64) { return p.Exact() }, exercise.Wrong},
		{"sum for mean", estimatorFrom(pathwise, func(int) float64 { return 1 }), exercise.Wrong},
		{"the score-function estimator", ScoreFunction, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			exercisetest.Verdict(t, ReparameterizedCheck(tc.f), tc.want)
		})
	}
}
