package betavae

import (
	"math"
	"testing"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
	"github.com/vaelab/govae/lessons/klterm"
	"github.com/vaelab/govae/vae"
)

// TestBetaLossCheck holds the β-loss check to its verdicts: the right
// answer passes, the stub is TODO, and each mistake a learner might make
// is WRONG.
func TestBetaLossCheck(t *testing.T) {
	type fn = func(recon, kl []float64, beta float64) (float64, float64)
	// sums makes a learner's answer from the batch's sums and its size.
	sums := func(g func(r, k, beta, n float64) (float64, float64)) fn {
		return func(recon, kl []float64, beta float64) (float64, float64) {
			var r, k float64
			for i := range recon {
				r, k = r+recon[i], k+kl[i]
			}
			return g(r, k, beta, float64(len(recon)))
		}
	}
	for _, tc := range []struct {
		name string
		f    fn
		want exercise.Status
	}{
		{"right", sums(func(r, k, beta, n float64) (float64, float64) { return (r + beta*k) / n, (r + k) / n }), exercise.Pass},
		{"stub", func([]float64, []float64, float64) (float64, float64) { panic("TODO") }, exercise.Todo},
		{"β in the ELBO too", sums(func(r, k, beta, n float64) (float64, float64) { return (r + beta*k) / n, (r + beta*k) / n }), exercise.Wrong},
		{"sum for mean", sums(func(r, k, beta, n float64) (float64, float64) { return r + beta*k, r + k }), exercise.Wrong},
		{"β on the reconstruction", sums(func(r, k, beta, n float64) (float64, float64) { return (beta*r + k) / n, (r + k) / n }), exercise.Wrong},
		{"β on both terms", sums(func(r, k, beta, n float64) (float64, float64) { return beta * (r + k) / n, (r + k) / n }), exercise.Wrong},
		{"the ELBO without the KL", sums(func(r, k, beta, n float64) (float64, float64) { return (r + beta*k) / n, r / n }), exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, BetaLossCheck(tc.f), tc.want) })
	}
}

// active is myActive as a learner writes it, with the KL of one element
// and the way the elements of a dimension are combined made switchable.
func active(kl func(m, lv float64) float64, mean bool) func(mu, logVar vae.Mat, threshold float64) int {
	return func(mu, logVar vae.Mat, threshold float64) int {
		n := 0
		for j := range mu.Cols {
			var s float64
			for i := range mu.Rows {
				s += kl(float64(mu.At(i, j)), float64(logVar.At(i, j)))
			}
			if mean {
				s /= float64(mu.Rows)
			}
			if s > threshold {
				n++
			}
		}
		return n
	}
}

func klOf(m, lv float64) float64 { return -0.5 * (1 + lv - m*m - math.Exp(lv)) }

// TestActiveCheck is TestBetaLossCheck for the active units.
func TestActiveCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(mu, logVar vae.Mat, threshold float64) int
		want exercise.Status
	}{
		{"right", active(klOf, true), exercise.Pass},
		{"stub", func(vae.Mat, vae.Mat, float64) int { panic("TODO") }, exercise.Todo},
		{"sum for mean", active(klOf, false), exercise.Wrong},
		{"σ for σ²", active(func(m, lv float64) float64 { return -0.5 * (1 + lv - m*m - math.Exp(0.5*lv)) }, true), exercise.Wrong},
		{"no 1", active(func(m, lv float64) float64 { return -0.5 * (lv - m*m - math.Exp(lv)) }, true), exercise.Wrong},
		{"≥ threshold", func(mu, logVar vae.Mat, threshold float64) int {
			return active(klOf, true)(mu, logVar, math.Nextafter(threshold, -1)) + boolInt(threshold == 0 && mu.Rows > 0 && mu.Cols > 0)
		}, exercise.Wrong},
		{"counting the inactive", func(mu, logVar vae.Mat, threshold float64) int {
			return mu.Cols - active(klOf, true)(mu, logVar, threshold)
		}, exercise.Wrong},
		{"Var μ instead of KL", func(mu, logVar vae.Mat, threshold float64) int {
			n := 0
			for j := range mu.Cols {
				var s, s2 float64
				for i := range mu.Rows {
					m := float64(mu.At(i, j))
					s, s2 = s+m, s2+m*m
				}
				k := float64(mu.Rows)
				if s2/k-(s/k)*(s/k) > threshold {
					n++
				}
			}
			return n
		}, exercise.Wrong},
		{"index out of range", func(mu, logVar vae.Mat, threshold float64) int {
			return active(klOf, true)(mu, logVar, threshold) + int(mu.Row(0)[0]*0)
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, ActiveCheck(tc.f), tc.want) })
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestActiveCasesAreWhatTheySay checks the copying encoder (each case's
// codes are the ones it was built from, so klterm.PerDim measures them),
// and that no dimension's KL sits so near its case's threshold that a
// learner's rounding could tip the count. A collapsed dimension (μ = 0,
// logσ² = 0) has a KL of exactly 0 however it is summed, so it may sit on
// a threshold of 0.
func TestActiveCasesAreWhatTheySay(t *testing.T) {
	in := copier(2, [][]float64{{0.5, -1.25}, {-3, 0.1}}, [][]float64{{-30, 30}, {0.2, -0.7}})
	want := []float32{0.5, -1.25, -3, 0.1}
	wantLv := []float32{-30, 30, 0.2, -0.7}
	for i := range want {
		if in.mu.Data[i] != want[i] || in.logVar.Data[i] != wantLv[i] {
			t.Fatalf("the copying encoder gives mu %v, logVar %v; want %v, %v", in.mu.Data, in.logVar.Data, want, wantLv)
		}
	}
	for _, c := range activeCases() {
		for j, kl := range klterm.PerDim(c.In.m, c.In.x) {
			if kl != 0 && math.Abs(kl-c.In.threshold) < 1e-6*max(1, c.In.threshold) {
				t.Errorf("case %q: dimension %d has KL %g, within rounding of the threshold %g", c.Name, j, kl, c.In.threshold)
			}
		}
	}
	// The fixed case tells the two measures apart: 3 active by KL, 2 by Var μ.
	fixed := activeCases()[0].In
	if got := klterm.Active(klterm.PerDim(fixed.m, fixed.x), 0.01); got != 3 {
		t.Errorf("fixed case: %d active by KL, want 3", got)
	}
	if got := klterm.Active(MuVariance(fixed.m, fixed.x), 0.01); got != 2 {
		t.Errorf("fixed case: %d active by Var μ, want 2", got)
	}
}

// TestBetaCheck is TestBetaLossCheck for the warm-up schedule.
func TestBetaCheck(t *testing.T) {
	type fn = func(r course.Recipe, t int) float64
	// noDefault is the schedule without vae.Config's default β of 1.
	noDefault := func(r course.Recipe, t int) float64 {
		if r.Warmup <= 0 {
			return r.Model.Beta
		}
		return r.Model.Beta * min(float64(t)/float64(r.Warmup), 1)
	}
	right := func(r course.Recipe, t int) float64 {
		if r.Model.Beta == 0 {
			r.Model.Beta = 1
		}
		return noDefault(r, t)
	}
	for _, tc := range []struct {
		name string
		f    fn
		want exercise.Status
	}{
		{"right", right, exercise.Pass},
		{"stub", func(course.Recipe, int) float64 { panic("TODO") }, exercise.Todo},
		{"integer division", func(r course.Recipe, t int) float64 {
			if r.Warmup <= 0 {
				return r.Model.Beta
			}
			return r.Model.Beta * min(float64(t/r.Warmup), 1)
		}, exercise.Wrong},
		{"no clamp", func(r course.Recipe, t int) float64 {
			if r.Warmup <= 0 {
				return r.Model.Beta
			}
			return r.Model.Beta * float64(t) / float64(r.Warmup)
		}, exercise.Wrong},
		{"off by one step", func(r course.Recipe, t int) float64 { return right(r, t+1) }, exercise.Wrong},
		{"no test for T = 0", func(r course.Recipe, t int) float64 {
			return r.Model.Beta * min(float64(t)/float64(r.Warmup), 1)
		}, exercise.Wrong},
		{"β left out", func(r course.Recipe, t int) float64 { return right(r, t) / r.Model.Beta }, exercise.Wrong},
		{"β = 0 taken as 0", noDefault, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, BetaCheck(tc.f), tc.want) })
	}
}
