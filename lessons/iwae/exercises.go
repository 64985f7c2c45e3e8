package iwae

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/vae"
)

func logWeightCases(seed uint64) []exercise.Case[[]float64] {
	cases := []exercise.Case[[]float64]{
		{Name: "equal weights", In: []float64{-90, -90, -90, -90}},
		{Name: "one sample far ahead", In: []float64{-100, -80, -100}},
		{Name: "one sample", In: []float64{-95.5}},
		{Name: "log weights near −1000", In: []float64{-1000, -1001, -1003},
			Hint: "e^(−1000) is 0 in float64: subtract the largest log weight before exponentiating"},
		{Name: "log weights near +800", In: []float64{800, 799.5},
			Hint: "e^800 overflows: subtract the largest log weight before exponentiating"},
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range 4 {
		w := make([]float64, 2+rng.IntN(50))
		for j := range w {
			w[j] = -100 + 5*rng.NormFloat64()
		}
		cases = append(cases, exercise.Case[[]float64]{Name: fmt.Sprintf("random #%d", i+1), In: w})
	}
	return cases
}

// NormalizedWeightsCheck is the check of notebook 14's first exercise:
// f(logw) must return the normalized weights w̃_i = w_i / Σ_j w_j of a
// digit's samples, which BoundForward keeps for the gradient.
func NormalizedWeightsCheck(f func(logw []float64) []float64) exercise.Check[[]float64, []float64] {
	return exercise.Check[[]float64, []float64]{
		Name: "the normalized weights", Func: "myNormalizedWeights", Against: "the wnorm of iwae.BoundForward",
		Hint:  "w̃_i = e^(log w_i − LogSumExp(log w)): a softmax, summing to 1",
		Cases: logWeightCases(14),
		Want: func(logw []float64) []float64 {
			w := make([]float64, len(logw))
			BoundForward(make([]float64, 1), w, logw, len(logw))
			return w
		},
		Got:    func(logw []float64) []float64 { return f(slices.Clone(logw)) },
		Differ: func(want, got []float64) string { return exercise.NearSlice(want, got, 1e-9, 1e-12) },
		ShowIn: exercise.Vec, ShowOut: exercise.Vec,
	}
}

// CheckNormalizedWeights runs NormalizedWeightsCheck(f) and prints its verdict.
func CheckNormalizedWeights(f func(logw []float64) []float64) exercise.Status {
	return NormalizedWeightsCheck(f).Run()
}

// repeatInput is one case of the second exercise: the gradients of the
// B·k repeated rows, and k.
type repeatInput struct {
	dy [][]float64
	k  int
}

func (in repeatInput) String() string { return fmt.Sprintf("k = %d, dy = %v", in.k, in.dy) }

// RepeatBackwardCheck is the check of notebook 14's second exercise: f(dy,
// k) must return, for each digit b, the sum of the gradients of its k
// copies, rows b·k … b·k+k−1 of dy, as RepeatBackward adds them.
func RepeatBackwardCheck(f func(dy [][]float64, k int) [][]float64) exercise.Check[repeatInput, [][]float64] {
	cases := []exercise.Case[repeatInput]{
		{Name: "two digits, k = 2", In: repeatInput{[][]float64{{1, 2}, {3, 4}, {5, 6}, {7, 8}}, 2},
			Hint: "digit b's copies are rows b·k to b·k+k−1, next to each other, not every B-th row"},
		{Name: "k = 1: nothing to add", In: repeatInput{[][]float64{{1, -1}, {0.5, 2}}, 1}},
		{Name: "one digit, k = 3", In: repeatInput{[][]float64{{1}, {10}, {100}}, 3}},
	}
	rng := rand.New(rand.NewPCG(14, 2))
	for i := range 3 {
		b, k, c := 1+rng.IntN(4), 1+rng.IntN(6), 1+rng.IntN(5)
		dy := make([][]float64, b*k)
		for r := range dy {
			dy[r] = make([]float64, c)
			for j := range dy[r] {
				dy[r][j] = float64(float32(rng.NormFloat64()))
			}
		}
		cases = append(cases, exercise.Case[repeatInput]{Name: fmt.Sprintf("random #%d", i+1), In: repeatInput{dy, k}})
	}
	return exercise.Check[repeatInput, [][]float64]{
		Name: "the repeat layer's backward pass", Func: "myRepeatBackward", Against: "iwae.RepeatBackward",
		Hint:  "dx[b] = Σ_{i<k} dy[b·k + i]: a row used k times gets the gradients of all its copies",
		Cases: cases,
		Want: func(in repeatInput) [][]float64 {
			c := len(in.dy[0])
			dy := vae.NewMat(len(in.dy), c)
			for r, row := range in.dy {
				for j, v := range row {
					dy.Row(r)[j] = float32(v)
				}
			}
			dx := vae.NewMat(len(in.dy)/in.k, c)
			RepeatBackward(dx, dy, in.k)
			out := make([][]float64, dx.Rows)
			for b := range out {
				for _, v := range dx.Row(b) {
					out[b] = append(out[b], float64(v))
				}
			}
			return out
		},
		Got: func(in repeatInput) [][]float64 {
			dy := make([][]float64, len(in.dy))
			for r := range dy {
				dy[r] = slices.Clone(in.dy[r])
			}
			return f(dy, in.k)
		},
		Differ: func(want, got [][]float64) string {
			if len(got) != len(want) {
				return fmt.Sprintf("%d rows, expected %d (one per digit: len(dy)/k)", len(got), len(want))
			}
			for b := range want {
				if d := exercise.NearSlice(want[b], got[b], 1e-6, 1e-6); d != "" {
					return fmt.Sprintf("digit %d: %s", b, d)
				}
			}
			return ""
		},
		ShowIn: repeatInput.String,
	}
}

// CheckRepeatBackward runs RepeatBackwardCheck(f) and prints its verdict.
func CheckRepeatBackward(f func(dy [][]float64, k int) [][]float64) exercise.Status {
	return RepeatBackwardCheck(f).Run()
}

// ESSCheck is the check of notebook 14's third exercise: f(logw) must be
// the effective sample size 1/Σ w̃_i², as ESS.
func ESSCheck(f func(logw []float64) float64) exercise.Check[[]float64, float64] {
	return exercise.Check[[]float64, float64]{
		Name: "the effective sample size", Func: "myESS", Against: "iwae.ESS",
		Hint:  "1 / Σ_i w̃_i², with w̃ the normalized weights of exercise 1: k for equal weights, 1 for one dominant sample",
		Cases: logWeightCases(15),
		Want:  ESS,
		Got:   func(logw []float64) float64 { return f(slices.Clone(logw)) },
		Differ: func(want, got float64) string {
			return exercise.Near(want, got, 1e-9, 1e-12)
		},
		ShowIn: exercise.Vec, ShowOut: exercise.Num,
	}
}

// CheckESS runs ESSCheck(f) and prints its verdict.
func CheckESS(f func(logw []float64) float64) exercise.Status { return ESSCheck(f).Run() }
