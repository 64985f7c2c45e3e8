package cvae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/vae"
)

// labelInput is one case of the conditioning exercise: a row v (pixels
// or a code), a label and the number of classes.
type labelInput struct {
	v              []float64
	label, classes int
}

func (in labelInput) String() string {
	return fmt.Sprintf("v = %s, label = %d, classes = %d", all(in.v), in.label, in.classes)
}

// all formats every element of a short vector (a one-hot code, ten
// scores), where exercise.Vec would hide the middle, and enough digits to
// tell two scores apart.
func all(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%.6g", x)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// f32 rounds a draw to float32, so the library (float32 matrices) and the
// learner (float64) start from the same numbers.
func f32(x float64) float64 { return float64(float32(x)) }

// WithLabelCheck is the check of notebook 06's first exercise: f(v, label,
// classes) must return the row v followed by the one-hot code of label,
// as the encoder reads [x, y] and the decoder [z, y]: ConcatForward of v
// and OneHot.
func WithLabelCheck(f func(v []float64, label, classes int) []float64) exercise.Check[labelInput, []float64] {
	cases := []exercise.Case[labelInput]{
		{Name: "pixels, label 3", In: labelInput{[]float64{0, 0.5, 1, 0.25}, 3, 10}},
		{Name: "a code, label 0", In: labelInput{[]float64{0.5, -1.25, 2}, 0, 10},
			Hint: "label 0 is the first column of the label's block, just after the last element of v"},
		{Name: "the last label", In: labelInput{[]float64{0.75, 0.125}, 9, 10},
			Hint: "labels run from 0 to classes−1: label 9 of 10 is the last column"},
		{Name: "one class", In: labelInput{[]float64{-0.5}, 0, 1}},
		{Name: "zero-length v", In: labelInput{[]float64{}, 2, 4},
			Hint: "with nothing in v the result is the one-hot code alone, classes long"},
	}
	rng := rand.New(rand.NewPCG(6, 1))
	for i := range 4 {
		in := labelInput{v: make([]float64, 1+rng.IntN(10)), classes: 2 + rng.IntN(11)}
		in.label = rng.IntN(in.classes)
		for j := range in.v {
			in.v[j] = f32(rng.NormFloat64())
		}
		cases = append(cases, exercise.Case[labelInput]{Name: fmt.Sprintf("random #%d", i+1), In: in})
	}
	return exercise.Check[labelInput, []float64]{
		Name: "a row with its one-hot label", Func: "myWithLabel", Against: "cvae.ConcatForward of v and cvae.OneHot",
		Hint:  "len(v) + classes numbers: v unchanged, then zeros with a single 1 at position len(v) + label",
		Cases: cases,
		Want: func(in labelInput) []float64 {
			out := vae.NewMat(1, len(in.v)+in.classes)
			ConcatForward(out, row32(in.v), OneHot([]int{in.label}, in.classes))
			return row64(out.Row(0))
		},
		Got: func(in labelInput) []float64 { return f(slices.Clone(in.v), in.label, in.classes) },
		Differ: func(want, got []float64) string {
			return exercise.NearSlice(want, got, 0, 0)
		},
		ShowIn: labelInput.String, ShowOut: all,
	}
}

// CheckWithLabel runs WithLabelCheck(f) and prints its verdict (notebook
// 06, exercise 1).
func CheckWithLabel(f func(v []float64, label, classes int) []float64) exercise.Status {
	return WithLabelCheck(f).Run()
}

// scoreCases are the inputs of the classifier checks: one digit's scores
// (negative conditional ELBOs, nats) under each label. Fixed ones, ties,
// NaN and infinite scores, scores thousands of nats from zero, and random
// ones shaped like a trained CVAE's (a best label a few nats ahead).
func scoreCases(random func(rng *rand.Rand, k int) []float64) []exercise.Case[[]float64] {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []exercise.Case[[]float64]{
		{Name: "fixed", In: []float64{131.2, 158.6, 104.9, 122.4, 149.3, 118.7, 140.1, 126.5, 110.2, 135.8}},
		{Name: "a tie", In: []float64{120.5, 97.25, 133.5, 97.25, 140, 128, 99.5, 150, 112, 125},
			Hint: "on a tie the smaller label wins: replace the best only when a score is strictly lower"},
		{Name: "the last label", In: []float64{150, 140, 130, 120, 110, 109, 108, 107, 106, 105},
			Hint: "the loop must reach label 9"},
		{Name: "a NaN score at label 0", In: []float64{nan, 120, 101, 130, 140, 150, 125, 135, 145, 155},
			Hint: "a NaN score never wins, and nothing compares below NaN: do not start from label 0, skip NaN scores with math.IsNaN"},
		{Name: "a NaN score later", In: []float64{110, nan, 100, 130, 140, 150, 125, 135, 145, 155}},
		{Name: "an impossible label", In: []float64{inf, 120, inf, 130, 140, 150, 125, 135, 145, 155},
			Hint: "a score of +Inf (ELBO −Inf) is a label that cannot explain the digit"},
		{Name: "3 classes", In: []float64{98.5, 97, 99}},
		{Name: "one label", In: []float64{103.5}},
		{Name: "scores near 1000", In: []float64{1003, 1001, 1000.5, 1004, 1002}},
		{Name: "scores near −800", In: []float64{-801, -802.5, -800, -799}},
		{Name: "1000 nats apart", In: []float64{1000, 0, 1000}},
		{Name: "all NaN", In: []float64{nan, nan, nan},
			Hint: "when no score is a number there is no best label: return −1"},
		{Name: "no labels", In: []float64{},
			Hint: "with no labels there is nothing to choose: BestLabel returns −1 and Posterior an empty slice"},
	}
	rng := rand.New(rand.NewPCG(6, 2))
	for i := range 4 {
		cases = append(cases, exercise.Case[[]float64]{Name: fmt.Sprintf("random #%d", i+1), In: random(rng, 10)})
	}
	return cases
}

// ClassifyCheck is the check of notebook 06's second exercise: f(scores)
// must return the label BestLabel chooses: the lowest score, the smaller
// label on a tie, never a NaN, −1 when no score is a number.
func ClassifyCheck(f func(scores []float64) int) exercise.Check[[]float64, int] {
	cases := scoreCases(func(rng *rand.Rand, k int) []float64 {
		s := make([]float64, k)
		for j := range s {
			s[j] = f32(130 + 20*rng.NormFloat64())
		}
		return s
	})
	// Posterior's own cases, which do not apply to a label.
	cases = slices.DeleteFunc(cases, func(c exercise.Case[[]float64]) bool { return c.Name == "1000 nats apart" })
	return exercise.Check[[]float64, int]{
		Name: "the ELBO classifier", Func: "myClassify", Against: "cvae.BestLabel",
		Hint:  "the label k with the lowest score (the highest ELBO), the smaller on a tie, NaN scores skipped, −1 if none is left",
		Cases: cases,
		Want:  BestLabel,
		Got:   func(s []float64) int { return f(slices.Clone(s)) },
		Differ: func(want, got int) string {
			if got != want {
				return "another label"
			}
			return ""
		},
		ShowIn: all, ShowOut: func(k int) string { return fmt.Sprint(k) },
	}
}

// CheckClassify runs ClassifyCheck(f) and prints its verdict (notebook 06,
// exercise 2).
func CheckClassify(f func(scores []float64) int) exercise.Status { return ClassifyCheck(f).Run() }

// PosteriorCheck is the check of notebook 06's third exercise: f(scores)
// must return p(y | x) ∝ e^(−score) as Posterior does, stable for scores
// of ±1000 nats.
func PosteriorCheck(f func(scores []float64) []float64) exercise.Check[[]float64, []float64] {
	cases := scoreCases(func(rng *rand.Rand, k int) []float64 {
		// A few nats between labels, so the probabilities are not all 0 or 1.
		s := make([]float64, k)
		base := 100 + 40*rng.Float64()
		for j := range s {
			s[j] = f32(base + 3*rng.NormFloat64())
		}
		return s
	})
	// The NaN cases are BestLabel's own: a NaN makes every probability
	// NaN, which says nothing about a softmax.
	cases = slices.DeleteFunc(cases, func(c exercise.Case[[]float64]) bool { return strings.Contains(c.Name, "NaN") })
	shift := "e^(−1000) underflows to 0 and e^(800) overflows to +Inf: subtract the lowest score from every score before exp"
	hints := map[string]string{
		"scores near 1000":    shift,
		"scores near −800":    shift,
		"1000 nats apart":     "a label 1000 nats behind has probability e^(−1000), 0 in float64: the other gets 1",
		"an impossible label": "e^(−Inf) is 0: that label's probability is 0",
		"no labels":           "no labels, no probabilities: return an empty slice",
	}
	for i := range cases {
		cases[i].Hint = hints[cases[i].Name]
	}
	return exercise.Check[[]float64, []float64]{
		Name: "the posterior over labels", Func: "myPosterior", Against: "cvae.Posterior",
		Hint:  "p_k = e^(lowest − score_k) / Σ_j e^(lowest − score_j): a softmax of −score, shifted so the largest term is 1",
		Cases: cases,
		Want:  Posterior,
		Got:   func(s []float64) []float64 { return f(slices.Clone(s)) },
		Differ: func(want, got []float64) string {
			return exercise.NearSlice(want, got, 1e-9, 1e-15)
		},
		ShowIn: all, ShowOut: all,
	}
}

// CheckPosterior runs PosteriorCheck(f) and prints its verdict (notebook
// 06, exercise 3).
func CheckPosterior(f func(scores []float64) []float64) exercise.Status {
	return PosteriorCheck(f).Run()
}

// row32 is v as a one-row matrix.
func row32(v []float64) vae.Mat {
	m := vae.NewMat(1, len(v))
	for i, x := range v {
		m.Data[i] = float32(x)
	}
	return m
}

// row64 is a float32 row as float64s.
func row64(r []float32) []float64 {
	out := make([]float64, len(r))
	for i, x := range r {
		out[i] = float64(x)
	}
	return out
}
