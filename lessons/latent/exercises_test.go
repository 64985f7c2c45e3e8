package latent

import (
	"math"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
)

// logJointOf is a learner's log p(x, z_g) on the grid, with the prior's
// log density lp.
func logJointOf(m Model, x []float64, g Grid, lp func(z float64) float64) []float64 {
	a := make([]float64, g.N)
	for i := range a {
		z := g.Lo + float64(i)*g.Step()
		a[i] = m.LogLik(x, z) + lp(z)
	}
	return a
}

func stable(a []float64) float64 {
	mx := math.Inf(-1)
	for _, v := range a {
		mx = max(mx, v)
	}
	var s float64
	for _, v := range a {
		s += math.Exp(v - mx)
	}
	return mx + math.Log(s)
}

func naive(a []float64) float64 {
	var s float64
	for _, v := range a {
		s += math.Exp(v)
	}
	return math.Log(s)
}

func prior(z float64) float64 { return -0.5*z*z - 0.5*math.Log(2*math.Pi) }

// TestLogMarginalCheck holds the check of exercise 1 to its verdicts: the
// right answer passes, the stub is TODO, typical mistakes are WRONG.
func TestLogMarginalCheck(t *testing.T) {
	marginal := func(lse func([]float64) float64, lp func(float64) float64, withStep bool) func(Model, []float64, Grid) float64 {
		return func(m Model, x []float64, g Grid) float64 {
			s := lse(logJointOf(m, x, g, lp))
			if withStep {
				s += math.Log(g.Step())
			}
			return s
		}
	}
	for _, tc := range []struct {
		name string
		f    func(Model, []float64, Grid) float64
		want exercise.Status
	}{
		{"right", marginal(stable, prior, true), exercise.Pass},
		{"stub", func(Model, []float64, Grid) float64 { panic("TODO") }, exercise.Todo},
		{"no max shift", marginal(naive, prior, true), exercise.Wrong},
		{"Δz forgotten", marginal(stable, prior, false), exercise.Wrong},
		{"prior without its −½log 2π", marginal(stable, func(z float64) float64 { return -0.5 * z * z }, true), exercise.Wrong},
		{"no prior", marginal(stable, func(float64) float64 { return 0 }, true), exercise.Wrong},
		{"first point skipped", func(m Model, x []float64, g Grid) float64 {
			return stable(logJointOf(m, x, g, prior)[1:]) + math.Log(g.Step())
		}, exercise.Wrong},
		{"last point skipped", func(m Model, x []float64, g Grid) float64 {
			a := logJointOf(m, x, g, prior)
			return stable(a[:len(a)-1]) + math.Log(g.Step())
		}, exercise.Wrong},
		{"the mean of the log joint", func(m Model, x []float64, g Grid) float64 {
			var s float64
			for _, v := range logJointOf(m, x, g, prior) {
				s += v
			}
			return s / float64(g.N)
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, LogMarginalCheck(tc.f), tc.want) })
	}
}

// TestLogPosteriorCheck is TestLogMarginalCheck for exercise 2.
func TestLogPosteriorCheck(t *testing.T) {
	posterior := func(norm func(a []float64, g Grid) float64) func(Model, []float64, Grid) []float64 {
		return func(m Model, x []float64, g Grid) []float64 {
			a := logJointOf(m, x, g, prior)
			n := norm(a, g)
			for i := range a {
				a[i] -= n
			}
			return a
		}
	}
	for _, tc := range []struct {
		name string
		f    func(Model, []float64, Grid) []float64
		want exercise.Status
	}{
		{"right", posterior(func(a []float64, g Grid) float64 { return stable(a) + math.Log(g.Step()) }), exercise.Pass},
		{"right, with LogMarginal", func(m Model, x []float64, g Grid) []float64 {
			a, lp := logJointOf(m, x, g, prior), LogMarginal(m, x, g)
			for i := range a {
				a[i] -= lp
			}
			return a
		}, exercise.Pass},
		{"stub", func(Model, []float64, Grid) []float64 { panic("TODO") }, exercise.Todo},
		{"not normalized", posterior(func([]float64, Grid) float64 { return 0 }), exercise.Wrong},
		{"sums to 1 over the grid, Δz forgotten", posterior(func(a []float64, g Grid) float64 { return stable(a) }), exercise.Wrong},
		{"the posterior, not its log", func(m Model, x []float64, g Grid) []float64 {
			a := LogPosterior(m, x, g)
			for i := range a {
				a[i] = math.Exp(a[i])
			}
			return a
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, LogPosteriorCheck(tc.f), tc.want) })
	}
}

// withStep is a learner's ELBO f with g.Step() replaced by step(g): f's
// sum is divided by the right Δz and multiplied by the wrong one.
func withStep(f func(Model, []float64, Gaussian, Grid) float64, step func(Grid) float64) func(Model, []float64, Gaussian, Grid) float64 {
	return func(m Model, x []float64, q Gaussian, g Grid) float64 {
		return f(m, x, q, g) / g.Step() * step(g)
	}
}

// TestELBOCheck is TestLogMarginalCheck for exercise 3.
func TestELBOCheck(t *testing.T) {
	// elbo is a learner's ELBO with log q from logq and the integrand
	// term(q(z), log p(x, z), log q(z)).
	elbo := func(logq func(q Gaussian, z float64) float64, term func(qz, lj, lq float64) float64) func(Model, []float64, Gaussian, Grid) float64 {
		return func(m Model, x []float64, q Gaussian, g Grid) float64 {
			var s float64
			for i, lj := range logJointOf(m, x, g, prior) {
				lq := logq(q, g.Lo+float64(i)*g.Step())
				s += term(math.Exp(lq), lj, lq)
			}
			return s * g.Step()
		}
	}
	formula := func(q Gaussian, z float64) float64 {
		u := (z - q.Mu) / q.Sigma
		return -0.5*u*u - math.Log(q.Sigma) - 0.5*math.Log(2*math.Pi)
	}
	right := func(qz, lj, lq float64) float64 { return qz * (lj - lq) }
	for _, tc := range []struct {
		name string
		f    func(Model, []float64, Gaussian, Grid) float64
		want exercise.Status
	}{
		{"right", elbo(formula, right), exercise.Pass},
		{"stub", func(Model, []float64, Gaussian, Grid) float64 { panic("TODO") }, exercise.Todo},
		{"−log q forgotten", elbo(formula, func(qz, lj, _ float64) float64 { return qz * lj }), exercise.Wrong},
		{"log q as the log of q", elbo(func(q Gaussian, z float64) float64 { return math.Log(math.Exp(formula(q, z))) }, right), exercise.Wrong},
		{"σ² for σ", elbo(func(q Gaussian, z float64) float64 {
			u := (z - q.Mu) / (q.Sigma * q.Sigma)
			return -0.5*u*u - math.Log(q.Sigma) - 0.5*math.Log(2*math.Pi)
		}, right), exercise.Wrong},
		{"+log q", elbo(formula, func(qz, lj, lq float64) float64 { return qz * (lj + lq) }), exercise.Wrong},
		{"Δz = 0.008 written in", withStep(elbo(formula, right), func(Grid) float64 { return 0.008 }), exercise.Wrong},
		{"Δz of latent.Fine", withStep(elbo(formula, right), func(Grid) float64 { return Fine.Step() }), exercise.Wrong},
		{"the points of latent.Fine", func(m Model, x []float64, q Gaussian, _ Grid) float64 {
			return elbo(formula, right)(m, x, q, Fine)
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, ELBOCheck(tc.f), tc.want) })
	}
}

// TestKLCheck is TestLogMarginalCheck for exercise 4.
func TestKLCheck(t *testing.T) {
	kl := func(term func(q, lq, p, lp float64) float64, step bool) func(Gaussian, []float64, Grid) float64 {
		return func(q Gaussian, logP []float64, g Grid) float64 {
			var s float64
			for i, lp := range logP {
				lq := q.LogDensity(g.Lo + float64(i)*g.Step())
				s += term(math.Exp(lq), lq, math.Exp(lp), lp)
			}
			if step {
				s *= g.Step()
			}
			return s
		}
	}
	// onFine is the right sum with the points z_g and the spacing Δz taken
	// from point and step instead of from g.
	onFine := func(point func(g Grid, i int) float64, step func(Grid) float64) func(Gaussian, []float64, Grid) float64 {
		return func(q Gaussian, logP []float64, g Grid) float64 {
			var s float64
			for i, lp := range logP {
				lq := q.LogDensity(point(g, i))
				s += math.Exp(lq) * (lq - lp)
			}
			return s * step(g)
		}
	}
	gz := func(g Grid, i int) float64 { return g.Z(i) }
	right := func(q, lq, _, lp float64) float64 { return q * (lq - lp) }
	for _, tc := range []struct {
		name string
		f    func(Gaussian, []float64, Grid) float64
		want exercise.Status
	}{
		{"right", kl(right, true), exercise.Pass},
		{"stub", func(Gaussian, []float64, Grid) float64 { panic("TODO") }, exercise.Todo},
		{"KL(p ‖ q)", kl(func(_, lq, p, lp float64) float64 { return p * (lp - lq) }, true), exercise.Wrong},
		{"Δz forgotten", kl(right, false), exercise.Wrong},
		{"sign flipped", kl(func(q, lq, _, lp float64) float64 { return q * (lp - lq) }, true), exercise.Wrong},
		{"log q as the log of q", kl(func(q, _, _, lp float64) float64 { return q * (math.Log(q) - lp) }, true), exercise.Wrong},
		{"right, by g.Z", onFine(gz, Grid.Step), exercise.Pass},
		{"Δz = 0.008 written in", onFine(gz, func(Grid) float64 { return 0.008 }), exercise.Wrong},
		{"Δz of latent.Fine", onFine(gz, func(Grid) float64 { return Fine.Step() }), exercise.Wrong},
		{"the points of latent.Fine", onFine(func(_ Grid, i int) float64 { return Fine.Z(i) }, func(Grid) float64 { return Fine.Step() }), exercise.Wrong},
		{"a loop over latent.Fine's points", func(q Gaussian, logP []float64, _ Grid) float64 {
			var s float64
			for i := range Fine.N {
				lq := q.LogDensity(Fine.Z(i))
				s += math.Exp(lq) * (lq - logP[i])
			}
			return s * Fine.Step()
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, KLCheck(tc.f), tc.want) })
	}
}
