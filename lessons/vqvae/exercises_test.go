package vqvae

import (
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
)

func nearest(strictly bool, dist func(v, e []float64) float64) func(v []float64, book [][]float64) int {
	return func(v []float64, book [][]float64) int {
		best, bestD := -1, 0.0
		for c, e := range book {
			d := dist(v, e)
			if best < 0 || d < bestD || (!strictly && d == bestD) {
				best, bestD = c, d
			}
		}
		return best
	}
}

func squared(v, e []float64) float64 {
	s := 0.0
	for j := range v {
		s += (v[j] - e[j]) * (v[j] - e[j])
	}
	return s
}

func TestNearestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(v []float64, book [][]float64) int
		want exercise.Status
	}{
		{"right", nearest(true, squared), exercise.Pass},
		{"stub", func(v []float64, book [][]float64) int { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the last code wins a tie.
		{"ties to the larger index", nearest(false, squared), exercise.Wrong},
		{"largest dot product", nearest(true, func(v, e []float64) float64 {
			s := 0.0
			for j := range v {
				s -= v[j] * e[j]
			}
			return s
		}), exercise.Wrong},
		{"distance of the first coordinate only", nearest(true, func(v, e []float64) float64 { return (v[0] - e[0]) * (v[0] - e[0]) }), exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, NearestCheck(tc.f), tc.want) })
	}
}

func quantizeGrad(st, commit, book float64) func(ze, e, dzq []float64, beta float64) (dze, de []float64) {
	return func(ze, e, dzq []float64, beta float64) (dze, de []float64) {
		dze, de = make([]float64, len(ze)), make([]float64, len(ze))
		for j := range ze {
			dze[j] = st*dzq[j] + commit*2*beta*(ze[j]-e[j])
			de[j] = book * 2 * (e[j] - ze[j])
		}
		return dze, de
	}
}

func TestQuantizeGradCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(ze, e, dzq []float64, beta float64) (dze, de []float64)
		want exercise.Status
	}{
		{"right", quantizeGrad(1, 1, 1), exercise.Pass},
		{"stub", func(ze, e, dzq []float64, beta float64) ([]float64, []float64) { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the commitment gradient's sign flipped.
		{"commitment pushing away", quantizeGrad(1, -1, 1), exercise.Wrong},
		{"no straight-through gradient", quantizeGrad(0, 1, 1), exercise.Wrong},
		{"codebook gradient with the wrong sign", quantizeGrad(1, 1, -1), exercise.Wrong},
		{"the decoder's gradient sent to the code too", func(ze, e, dzq []float64, beta float64) ([]float64, []float64) {
			dze, de := quantizeGrad(1, 1, 1)(ze, e, dzq, beta)
			for j := range de {
				de[j] += dzq[j]
			}
			return dze, de
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, QuantizeGradCheck(tc.f), tc.want) })
	}
}

func smoothed(k func(n int) float64) func(counts []int, alpha float64) []float64 {
	return func(counts []int, alpha float64) []float64 {
		total := 0
		for _, n := range counts {
			total += n
		}
		out := make([]float64, len(counts))
		for c, n := range counts {
			out[c] = (float64(n) + alpha) / (float64(total) + k(len(counts))*alpha)
		}
		return out
	}
}

func TestSmoothedCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(counts []int, alpha float64) []float64
		want exercise.Status
	}{
		{"right", smoothed(func(n int) float64 { return float64(n) }), exercise.Pass},
		{"stub", func(counts []int, alpha float64) []float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: α added once to the total, not K times.
		{"α added once to the total", smoothed(func(int) float64 { return 1 }), exercise.Wrong},
		{"no smoothing", func(counts []int, alpha float64) []float64 {
			return smoothed(func(n int) float64 { return float64(n) })(counts, 0)
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, SmoothedCheck(tc.f), tc.want) })
	}
}
