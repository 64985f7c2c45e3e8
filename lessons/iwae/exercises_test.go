package iwae

import (
	"math"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
	"github.com/vaelab/govae/lessons/likelihood"
)

func normalized(shift func(logw []float64) float64) func(logw []float64) []float64 {
	return func(logw []float64) []float64 {
		s := shift(logw)
		out := make([]float64, len(logw))
		sum := 0.0
		for i, v := range logw {
			out[i] = math.Exp(v - s)
			sum += out[i]
		}
		for i := range out {
			out[i] /= sum
		}
		return out
	}
}

func largest(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

func TestNormalizedWeightsCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(logw []float64) []float64
		want exercise.Status
	}{
		{"right, shifted by the largest", normalized(largest), exercise.Pass},
		{"right, by the log-sum-exp", func(logw []float64) []float64 {
			l := likelihood.LogSumExp(logw)
			out := make([]float64, len(logw))
			for i, v := range logw {
				out[i] = math.Exp(v - l)
			}
			return out
		}, exercise.Pass},
		{"stub", func(logw []float64) []float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: no shift, so e^(−1000) underflows.
		{"exponentiated as they are", normalized(func([]float64) float64 { return 0 }), exercise.Wrong},
		{"the log weights normalized, not the weights", func(logw []float64) []float64 {
			s := 0.0
			for _, v := range logw {
				s += v
			}
			out := make([]float64, len(logw))
			for i, v := range logw {
				out[i] = v / s
			}
			return out
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, NormalizedWeightsCheck(tc.f), tc.want) })
	}
}

func TestRepeatBackwardCheck(t *testing.T) {
	sum := func(row func(b, i, k, n int) int) func(dy [][]float64, k int) [][]float64 {
		return func(dy [][]float64, k int) [][]float64 {
			n := len(dy) / k
			out := make([][]float64, n)
			for b := range out {
				out[b] = make([]float64, len(dy[0]))
				for i := range k {
					for j, v := range dy[row(b, i, k, n)] {
						out[b][j] += v
					}
				}
			}
			return out
		}
	}
	for _, tc := range []struct {
		name string
		f    func(dy [][]float64, k int) [][]float64
		want exercise.Status
	}{
		{"right", sum(func(b, i, k, _ int) int { return b*k + i }), exercise.Pass},
		{"stub", func(dy [][]float64, k int) [][]float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the copies taken every B-th row.
		{"copies every B-th row", sum(func(b, i, _, n int) int { return i*n + b }), exercise.Wrong},
		{"the mean, not the sum", func(dy [][]float64, k int) [][]float64 {
			out := sum(func(b, i, k, _ int) int { return b*k + i })(dy, k)
			for b := range out {
				for j := range out[b] {
					out[b][j] /= float64(k)
				}
			}
			return out
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, RepeatBackwardCheck(tc.f), tc.want) })
	}
}

func TestESSCheck(t *testing.T) {
	ess := func(w func(logw []float64) []float64) func(logw []float64) float64 {
		return func(logw []float64) float64 {
			s := 0.0
			for _, v := range w(logw) {
				s += v * v
			}
			return 1 / s
		}
	}
	for _, tc := range []struct {
		name string
		f    func(logw []float64) float64
		want exercise.Status
	}{
		{"right", ess(normalized(largest)), exercise.Pass},
		{"stub", func(logw []float64) float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: Σ w̃², not its inverse.
		{"Σ w̃² itself", func(logw []float64) float64 { return 1 / ess(normalized(largest))(logw) }, exercise.Wrong},
		{"weights not normalized", ess(func(logw []float64) []float64 {
			out := make([]float64, len(logw))
			for i, v := range logw {
				out[i] = math.Exp(v - largest(logw))
			}
			return out
		}), exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, ESSCheck(tc.f), tc.want) })
	}
}

func TestESS(t *testing.T) {
	for _, tc := range []struct {
		logw []float64
		want float64
	}{
		{[]float64{-5, -5, -5, -5}, 4},
		{[]float64{0, -1000}, 1},
		{[]float64{-1000, -1000 + math.Log(3)}, 1 / (0.25*0.25 + 0.75*0.75)},
	} {
		if got := ESS(tc.logw); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("ESS(%v) = %g, want %g", tc.logw, got, tc.want)
		}
	}
}
