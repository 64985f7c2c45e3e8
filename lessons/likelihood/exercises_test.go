package likelihood

import (
	"math"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
)

// logWeightOf is a learner's log weight assembled from a reconstruction
// term and a per-dimension latent term, each of which a test spoils.
func logWeightOf(logPx func(x, l float64) float64, latent func(z, mu, lv float64) float64) func(x, logits, z, mu, logVar []float64) float64 {
	return func(x, logits, z, mu, logVar []float64) float64 {
		var s float64
		for d, l := range logits {
			s += logPx(x[d], l)
		}
		for j := range z {
			s += latent(z[j], mu[j], logVar[j])
		}
		return s
	}
}

// TestLogWeightCheck holds the log-weight check to its verdicts: the right
// answer passes, the stub is TODO, and each mistake a learner might make is
// WRONG.
func TestLogWeightCheck(t *testing.T) {
	stable := func(x, l float64) float64 { return -(max(l, 0) - x*l + math.Log1p(math.Exp(-math.Abs(l)))) }
	ratio := func(sigma func(lv float64) float64, half float64) func(z, mu, lv float64) float64 {
		return func(z, mu, lv float64) float64 {
			eps := (z - mu) / sigma(lv)
			return -0.5*z*z + 0.5*eps*eps + half*lv
		}
	}
	right := ratio(func(lv float64) float64 { return math.Exp(0.5 * lv) }, 0.5)
	for _, tc := range []struct {
		name string
		f    func(x, logits, z, mu, logVar []float64) float64
		want exercise.Status
	}{
		{"right", logWeightOf(stable, right), exercise.Pass},
		{"right, with both normalizers", logWeightOf(stable, func(z, mu, lv float64) float64 {
			logPrior := -0.5 * (z*z + math.Log(2*math.Pi))
			eps := (z - mu) / math.Exp(0.5*lv)
			logQ := -0.5 * (eps*eps + lv + math.Log(2*math.Pi))
			return logPrior - logQ
		}), exercise.Pass},
		{"stub", func(x, logits, z, mu, logVar []float64) float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: σ² where σ belongs.
		{"σ² for σ", logWeightOf(stable, ratio(math.Exp, 0.5)), exercise.Wrong},
		{"log σ² dropped", logWeightOf(stable, ratio(func(lv float64) float64 { return math.Exp(0.5 * lv) }, 0)), exercise.Wrong},
		{"log q − log p", logWeightOf(stable, func(z, mu, lv float64) float64 { return -right(z, mu, lv) }), exercise.Wrong},
		{"+BCE", logWeightOf(func(x, l float64) float64 { return -stable(x, l) }, right), exercise.Wrong},
		{"naive log σ(l)", logWeightOf(func(x, l float64) float64 {
			p := 1 / (1 + math.Exp(-l))
			return x*math.Log(p) + (1-x)*math.Log(1-p)
		}, right), exercise.Wrong},
		{"log 2π in the prior only", logWeightOf(stable, func(z, mu, lv float64) float64 {
			return right(z, mu, lv) - 0.5*math.Log(2*math.Pi)
		}), exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, LogWeightCheck(tc.f), tc.want) })
	}
}

// lse is a learner's log-sum-exp with the shift m(a) and, when special
// is true, the ±Inf guard.
func lse(shift func(a []float64) float64, special bool) func(a []float64) float64 {
	return func(a []float64) float64 {
		m := shift(a)
		if special && math.IsInf(m, 0) {
			return m
		}
		var s float64
		for _, v := range a {
			s += math.Exp(v - m)
		}
		return m + math.Log(s)
	}
}

func largest(a []float64) float64 {
	m := math.Inf(-1)
	for _, v := range a {
		m = max(m, v)
	}
	return m
}

// TestLogSumExpCheck is TestLogWeightCheck for the log-sum-exp.
func TestLogSumExpCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(a []float64) float64
		want exercise.Status
	}{
		{"right", lse(largest, true), exercise.Pass},
		{"stub", func(a []float64) float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: no shift (m = 0).
		{"no shift", lse(func(a []float64) float64 {
			if len(a) == 0 {
				return math.Inf(-1)
			}
			return 0
		}, true), exercise.Wrong},
		{"shift by the first term", lse(func(a []float64) float64 {
			if len(a) == 0 {
				return math.Inf(-1)
			}
			return a[0]
		}, true), exercise.Wrong},
		{"no ±Inf guard", lse(largest, false), exercise.Wrong},
		{"m not added back", func(a []float64) float64 { return lse(largest, true)(a) - largest(a) }, exercise.Wrong},
		{"index out of range on no terms", func(a []float64) float64 {
			m := a[0]
			for _, v := range a {
				m = max(m, v)
			}
			return lse(func([]float64) float64 { return m }, true)(a)
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, LogSumExpCheck(tc.f), tc.want) })
	}
}

// TestBoundCheck is TestLogWeightCheck for the k-sample bound.
func TestBoundCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(logw []float64) float64
		want exercise.Status
	}{
		{"right", func(w []float64) float64 { return LogSumExp(w) - math.Log(float64(len(w))) }, exercise.Pass},
		{"stub", func(w []float64) float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the sum, not the average, of the weights.
		{"no − log k", LogSumExp, exercise.Wrong},
		{"the ELBO: the average of the logs", func(w []float64) float64 {
			var s float64
			for _, v := range w {
				s += v
			}
			return s / float64(len(w))
		}, exercise.Wrong},
		{"divided by k", func(w []float64) float64 { return LogSumExp(w) / float64(len(w)) }, exercise.Wrong},
		{"naive", func(w []float64) float64 {
			var s float64
			for _, v := range w {
				s += math.Exp(v)
			}
			return math.Log(s / float64(len(w)))
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, BoundCheck(tc.f), tc.want) })
	}
}
