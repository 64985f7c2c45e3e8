package anomaly

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
	"github.com/vaelab/govae/vae"
)

// pairs returns an AUC computed pair by pair, a tie scoring tie and the
// sum divided by the number of pairs times over.
func pairs(tie float64, higher func(u, n float64) bool, over func(nn, nu int) float64) func(normal, unusual []float64) float64 {
	return func(normal, unusual []float64) float64 {
		var s float64
		for _, u := range unusual {
			for _, n := range normal {
				switch {
				case higher(u, n):
					s++
				case u == n:
					s += tie
				}
			}
		}
		return s / over(len(normal), len(unusual))
	}
}

func TestAUCCheck(t *testing.T) {
	gt := func(u, n float64) bool { return u > n }
	product := func(nn, nu int) float64 { return float64(nn * nu) }
	for _, tc := range []struct {
		name string
		f    func(normal, unusual []float64) float64
		want exercise.Status
	}{
		{"right", pairs(0.5, gt, product), exercise.Pass},
		{"stub", func(normal, unusual []float64) float64 { panic("TODO") }, exercise.Todo},
		{"a tie counts 1", pairs(1, gt, product), exercise.Wrong},
		{"a tie counts 0", pairs(0, gt, product), exercise.Wrong},
		{"reversed", pairs(0.5, func(u, n float64) bool { return u < n }, product), exercise.Wrong},
		{"divided by n + m", pairs(0.5, gt, func(nn, nu int) float64 { return float64(nn + nu) }), exercise.Wrong},
		{"the other way round", func(normal, unusual []float64) float64 { return AUC(unusual, normal) }, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, AUCCheck(tc.f), tc.want) })
	}
}

// sweep returns an ROC built by walking the pooled scores from the
// largest down, adding a point after each input, or after each distinct
// score when merge is set; start adds the point (0, 0).
func sweep(merge, start bool) func(normal, unusual []float64) ([]float64, []float64) {
	return func(normal, unusual []float64) ([]float64, []float64) {
		all := pool(normal, unusual)
		slices.Reverse(all)
		var fpr, tpr []float64
		if start {
			fpr, tpr = []float64{0}, []float64{0}
		}
		var fp, tp float64
		for i, a := range all {
			if a.out {
				tp++
			} else {
				fp++
			}
			if merge && i+1 < len(all) && all[i+1].s == a.s {
				continue
			}
			fpr = append(fpr, fp/float64(len(normal)))
			tpr = append(tpr, tp/float64(len(unusual)))
		}
		return fpr, tpr
	}
}

// thresholds returns an ROC built by counting, for each distinct score
// from the largest, the scores flagged by flag.
func thresholds(flag func(s, t float64) bool) func(normal, unusual []float64) ([]float64, []float64) {
	return func(normal, unusual []float64) ([]float64, []float64) {
		ts := slices.Concat(normal, unusual)
		slices.Sort(ts)
		ts = slices.Compact(ts)
		fpr, tpr := []float64{0}, []float64{0}
		for i := len(ts) - 1; i >= 0; i-- {
			var fp, tp float64
			for _, s := range normal {
				if flag(s, ts[i]) {
					fp++
				}
			}
			for _, s := range unusual {
				if flag(s, ts[i]) {
					tp++
				}
			}
			fpr, tpr = append(fpr, fp/float64(len(normal))), append(tpr, tp/float64(len(unusual)))
		}
		return fpr, tpr
	}
}

func TestROCCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(normal, unusual []float64) ([]float64, []float64)
		want exercise.Status
	}{
		{"right, by sweeping", sweep(true, true), exercise.Pass},
		{"right, by thresholds", thresholds(func(s, t float64) bool { return s >= t }), exercise.Pass},
		{"stub", func(normal, unusual []float64) ([]float64, []float64) { panic("TODO") }, exercise.Todo},
		{"a point per input", sweep(false, true), exercise.Wrong},
		{"no (0, 0)", sweep(true, false), exercise.Wrong},
		{"flags s > t", thresholds(func(s, t float64) bool { return s > t }), exercise.Wrong},
		{"fpr and tpr swapped", func(normal, unusual []float64) ([]float64, []float64) {
			fpr, tpr := ROC(normal, unusual)
			return tpr, fpr
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, ROCCheck(tc.f), tc.want) })
	}
}

// scores returns a scorer that runs x through the model k times and
// combines each row's terms as term does, dividing by div(k).
func scores(term func(recon, kl, beta float64) float64, div func(k int) float64) func(m *vae.Model, x vae.Mat, k int, rng *rand.Rand) []float64 {
	return func(m *vae.Model, x vae.Mat, k int, rng *rand.Rand) []float64 {
		out := make([]float64, x.Rows)
		for range k {
			m.Forward(x, rng)
			recon, kl := m.RowLosses()
			for r := range out {
				out[r] += term(recon[r], kl[r], m.Config.Beta) / div(k)
			}
		}
		return out
	}
}

func TestScoresCheck(t *testing.T) {
	elbo := func(recon, kl, beta float64) float64 { return recon + kl }
	mean := func(k int) float64 { return float64(k) }
	for _, tc := range []struct {
		name string
		f    func(m *vae.Model, x vae.Mat, k int, rng *rand.Rand) []float64
		want exercise.Status
	}{
		{"right", scores(elbo, mean), exercise.Pass},
		{"the library's batches", func(m *vae.Model, x vae.Mat, k int, rng *rand.Rand) []float64 { return Scores(m, x, k, rng) }, exercise.Pass},
		{"stub", func(m *vae.Model, x vae.Mat, k int, rng *rand.Rand) []float64 { panic("TODO") }, exercise.Todo},
		{"no KL", scores(func(recon, kl, beta float64) float64 { return recon }, mean), exercise.Wrong},
		{"β·KL", scores(func(recon, kl, beta float64) float64 { return recon + beta*kl }, mean), exercise.Wrong},
		{"sum over draws", scores(elbo, func(int) float64 { return 1 }), exercise.Wrong},
		{"one draw", func(m *vae.Model, x vae.Mat, k int, rng *rand.Rand) []float64 { return Scores(m, x, 1, rng) }, exercise.Wrong},
		{"the batch's mean loss", func(m *vae.Model, x vae.Mat, k int, rng *rand.Rand) []float64 {
			out := make([]float64, x.Rows)
			for range k {
				l := m.Forward(x, rng).PerSample()
				for r := range out {
					out[r] += (l.Recon + l.KL) / float64(k)
				}
			}
			return out
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, ScoresCheck(tc.f), tc.want) })
	}
}
