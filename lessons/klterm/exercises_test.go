package klterm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
)

// TestKLCheck holds the KL check to its verdicts: the right answer passes,
// the stub is TODO, and each mistake a learner might make is WRONG.
func TestKLCheck(t *testing.T) {
	kl := func(term func(m, lv float64) float64) func(mu, logVar []float64) float64 {
		return func(mu, logVar []float64) float64 {
			var s float64
			for j := range mu {
				s += term(mu[j], logVar[j])
			}
			return s
		}
	}
	for _, tc := range []struct {
		name string
		f    func(mu, logVar []float64) float64
		want exercise.Status
	}{
		{"right", kl(func(m, lv float64) float64 { return -0.5 * (1 + lv - m*m - math.Exp(lv)) }), exercise.Pass},
		{"stub", func(mu, logVar []float64) float64 { panic("TODO") }, exercise.Todo},
		{"flipped sign", kl(func(m, lv float64) float64 { return 0.5 * (1 + lv - m*m - math.Exp(lv)) }), exercise.Wrong},
		{"σ for σ²", kl(func(m, lv float64) float64 { return -0.5 * (1 + lv - m*m - math.Exp(0.5*lv)) }), exercise.Wrong},
		{"no 1", kl(func(m, lv float64) float64 { return -0.5 * (lv - m*m - math.Exp(lv)) }), exercise.Wrong},
		{"mean for sum", func(mu, logVar []float64) float64 {
			return kl(func(m, lv float64) float64 { return -0.5 * (1 + lv - m*m - math.Exp(lv)) })(mu, logVar) / float64(max(len(mu), 1))
		}, exercise.Wrong},
		{"index out of range", func(mu, logVar []float64) float64 { return mu[0] }, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, KLCheck(tc.f), tc.want) })
	}
}

// TestKLGradCheck is TestKLCheck for the gradient.
func TestKLGradCheck(t *testing.T) {
	grad := func(dm func(m float64) float64, dl func(lv float64) float64) func(mu, logVar []float64) ([]float64, []float64) {
		return func(mu, logVar []float64) ([]float64, []float64) {
			a, b := make([]float64, len(mu)), make([]float64, len(mu))
			for j := range mu {
				a[j], b[j] = dm(mu[j]), dl(logVar[j])
			}
			return a, b
		}
	}
	id := func(m float64) float64 { return m }
	for _, tc := range []struct {
		name string
		f    func(mu, logVar []float64) ([]float64, []float64)
		want exercise.Status
	}{
		{"right", grad(id, func(lv float64) float64 { return 0.5 * (math.Exp(lv) - 1) }), exercise.Pass},
		{"stub", func(mu, logVar []float64) ([]float64, []float64) { panic("TODO") }, exercise.Todo},
		{"no ½", grad(id, func(lv float64) float64 { return math.Exp(lv) - 1 }), exercise.Wrong},
		{"flipped dmu", grad(func(m float64) float64 { return -m }, func(lv float64) float64 { return 0.5 * (math.Exp(lv) - 1) }), exercise.Wrong},
		{"σ for σ²", grad(id, func(lv float64) float64 { return 0.5 * (math.Exp(0.5*lv) - 1) }), exercise.Wrong},
		{"short", func(mu, logVar []float64) ([]float64, []float64) { return nil, nil }, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, KLGradCheck(tc.f), tc.want) })
	}
}

// TestKLMonteCarloCheck is TestKLCheck for the Monte-Carlo estimate.
func TestKLMonteCarloCheck(t *testing.T) {
	// mc is a learner's estimator; denom is the sample variance's divisor
	// given k, and term the log ratio of one dimension.
	mc := func(denom func(k int) float64, term func(m, lv, eps float64) float64) func([]float64, []float64, int, *rand.Rand) (float64, float64) {
		return func(mu, logVar []float64, k int, rng *rand.Rand) (float64, float64) {
			var sum, sumSq float64
			for range k {
				var r float64
				for j := range mu {
					r += term(mu[j], logVar[j], rng.NormFloat64())
				}
				sum, sumSq = sum+r, sumSq+r*r
			}
			mean := sum / float64(k)
			return mean, math.Sqrt((sumSq - float64(k)*mean*mean) / denom(k) / float64(k))
		}
	}
	unbiased := func(k int) float64 { return float64(k - 1) }
	logRatio := func(m, lv, eps float64) float64 {
		z := m + math.Exp(0.5*lv)*eps
		return -0.5*lv - 0.5*eps*eps + 0.5*z*z
	}
	for _, tc := range []struct {
		name string
		f    func([]float64, []float64, int, *rand.Rand) (float64, float64)
		want exercise.Status
	}{
		{"right", mc(unbiased, logRatio), exercise.Pass},
		{"stub", func([]float64, []float64, int, *rand.Rand) (float64, float64) { panic("TODO") }, exercise.Todo},
		{"variance over k", mc(func(k int) float64 { return float64(k) }, logRatio), exercise.Wrong},
		{"σ² for σ", mc(unbiased, func(m, lv, eps float64) float64 {
			z := m + math.Exp(lv)*eps
			return -0.5*lv - 0.5*eps*eps + 0.5*z*z
		}), exercise.Wrong},
		{"log q without its log σ² term", mc(unbiased, func(m, lv, eps float64) float64 {
			z := m + math.Exp(0.5*lv)*eps
			return -0.5*eps*eps + 0.5*z*z
		}), exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, KLMonteCarloCheck(tc.f), tc.want) })
	}
}
