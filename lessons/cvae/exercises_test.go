package cvae

import (
	"math"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
)

// TestWithLabelCheck holds the conditioning check to its verdicts: the
// right answer passes, the stub is TODO, and each mistake a learner might
// make is WRONG.
func TestWithLabelCheck(t *testing.T) {
	withHot := func(place func(out []float64, n, label, classes int)) func(v []float64, label, classes int) []float64 {
		return func(v []float64, label, classes int) []float64 {
			out := make([]float64, len(v)+classes)
			copy(out, v)
			place(out, len(v), label, classes)
			return out
		}
	}
	for _, tc := range []struct {
		name string
		f    func(v []float64, label, classes int) []float64
		want exercise.Status
	}{
		{"right", withHot(func(out []float64, n, label, _ int) { out[n+label] = 1 }), exercise.Pass},
		{"right, with append", func(v []float64, label, classes int) []float64 {
			y := make([]float64, classes)
			y[label] = 1
			return append(v, y...)
		}, exercise.Pass},
		{"stub", func(v []float64, label, classes int) []float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the 1 placed in the whole row's column label.
		{"1 at column label of the row", withHot(func(out []float64, _, label, _ int) { out[label] = 1 }), exercise.Wrong},
		{"label first", func(v []float64, label, classes int) []float64 {
			out := make([]float64, classes, len(v)+classes)
			out[label] = 1
			return append(out, v...)
		}, exercise.Wrong},
		{"labels counted from 1", withHot(func(out []float64, n, label, _ int) { out[n+label-1] = 1 }), exercise.Wrong},
		{"the label's number, not its code", func(v []float64, label, classes int) []float64 {
			return append(v, float64(label))
		}, exercise.Wrong},
		{"one column short", func(v []float64, label, classes int) []float64 {
			out := make([]float64, len(v)+classes-1)
			copy(out, v)
			if label < classes-1 {
				out[len(v)+label] = 1
			}
			return out
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, WithLabelCheck(tc.f), tc.want) })
	}
}

// TestClassifyCheck is TestWithLabelCheck for the classifier.
func TestClassifyCheck(t *testing.T) {
	argBy := func(better func(a, b float64) bool, skipNaN bool, start int) func(scores []float64) int {
		return func(scores []float64) int {
			best := start
			for k, s := range scores {
				if skipNaN && math.IsNaN(s) {
					continue
				}
				if best < 0 || better(s, scores[best]) {
					best = k
				}
			}
			return best
		}
	}
	less := func(a, b float64) bool { return a < b }
	for _, tc := range []struct {
		name string
		f    func(scores []float64) int
		want exercise.Status
	}{
		{"right", argBy(less, true, -1), exercise.Pass},
		{"stub", func(scores []float64) int { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the highest score, the worst ELBO.
		{"argmax", argBy(func(a, b float64) bool { return a > b }, true, -1), exercise.Wrong},
		{"ties to the last", argBy(func(a, b float64) bool { return a <= b }, true, -1), exercise.Wrong},
		{"NaN not skipped", argBy(less, false, 0), exercise.Wrong},
		{"0 when no label", func(scores []float64) int { return max(argBy(less, true, -1)(scores), 0) }, exercise.Wrong},
		{"out of range on no labels", func(scores []float64) int {
			best := 0
			for k, s := range scores {
				if !math.IsNaN(s) && (math.IsNaN(scores[best]) || s < scores[best]) {
					best = k
				}
			}
			if math.IsNaN(scores[best]) {
				return -1
			}
			return best
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, ClassifyCheck(tc.f), tc.want) })
	}
}

// TestPosteriorCheck is TestWithLabelCheck for the posterior.
func TestPosteriorCheck(t *testing.T) {
	softmax := func(shift func(scores []float64) float64, sign float64) func(scores []float64) []float64 {
		return func(scores []float64) []float64 {
			m := shift(scores)
			p := make([]float64, len(scores))
			var sum float64
			for k, s := range scores {
				p[k] = math.Exp(sign * (s - m))
				sum += p[k]
			}
			for k := range p {
				p[k] /= sum
			}
			return p
		}
	}
	lowest := func(s []float64) float64 {
		m := math.Inf(1)
		for _, x := range s {
			m = min(m, x)
		}
		return m
	}
	highest := func(s []float64) float64 {
		m := math.Inf(-1)
		for _, x := range s {
			m = max(m, x)
		}
		return m
	}
	for _, tc := range []struct {
		name string
		f    func(scores []float64) []float64
		want exercise.Status
	}{
		{"right", softmax(lowest, -1), exercise.Pass},
		{"right, through a log-sum-exp", func(scores []float64) []float64 {
			m := lowest(scores)
			var s float64
			for _, x := range scores {
				s += math.Exp(m - x)
			}
			lse := -m + math.Log(s) // log Σ e^(−score)
			p := make([]float64, len(scores))
			for k, x := range scores {
				p[k] = math.Exp(-x - lse)
			}
			return p
		}, exercise.Pass},
		{"stub", func(scores []float64) []float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: no shift, e^(−score) as it is.
		{"no shift", softmax(func([]float64) float64 { return 0 }, -1), exercise.Wrong},
		{"flipped sign", softmax(highest, 1), exercise.Wrong},
		{"shifted by the highest score", softmax(highest, -1), exercise.Wrong},
		{"not normalized", func(scores []float64) []float64 {
			m := lowest(scores)
			p := make([]float64, len(scores))
			for k, s := range scores {
				p[k] = math.Exp(m - s)
			}
			return p
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, PosteriorCheck(tc.f), tc.want) })
	}
}
