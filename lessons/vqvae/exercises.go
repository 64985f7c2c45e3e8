package vqvae

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/vae"
)

// table returns rows as a vae.Table of its own block (closed by the
// caller), for the checks to run the library's layer on a learner's input.
func table(rows [][]float64) (*vae.Table, *vae.Block) {
	t := &vae.Table{Name: "codebook", Rows: len(rows), Cols: len(rows[0])}
	blk := vae.NewBlockOf(1, 0, t)
	for i, r := range rows {
		for j, v := range r {
			t.Row(i)[j] = float32(v)
		}
	}
	return t, blk
}

func f32s(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

func f64s(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// randomRows returns n rows of d N(0, 1) draws rounded to float32.
func randomRows(rng *rand.Rand, n, d int) [][]float64 {
	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, d)
		for j := range out[i] {
			out[i][j] = float64(float32(rng.NormFloat64()))
		}
	}
	return out
}

func cloneRows(m [][]float64) [][]float64 {
	out := make([][]float64, len(m))
	for i := range m {
		out[i] = slices.Clone(m[i])
	}
	return out
}

// nearestInput is one case of the first exercise.
type nearestInput struct {
	v    []float64
	book [][]float64
}

func (in nearestInput) String() string {
	return fmt.Sprintf("v = %s, codebook of %d codes %v", exercise.Vec(in.v), len(in.book), in.book)
}

// NearestCheck is the check of notebook 11's first exercise: f(v, book)
// must return the index of the code of book nearest to v in squared
// distance, the smaller index on a tie, as Nearest does.
func NearestCheck(f func(v []float64, book [][]float64) int) exercise.Check[nearestInput, int] {
	cases := []exercise.Case[nearestInput]{
		{Name: "the second of three codes", In: nearestInput{[]float64{1, 1}, [][]float64{{0, 0}, {1, 0.75}, {3, 3}}}},
		{Name: "far from every code", In: nearestInput{[]float64{-10, 4}, [][]float64{{0, 0}, {1, 0}, {0, 1}}},
			Hint: "compare squared distances Σ_j (v_j − e_j)², not the codes' values"},
		{Name: "a tie between codes 1 and 2", In: nearestInput{[]float64{0, 0}, [][]float64{{2, 2}, {1, 0}, {0, 1}}},
			Hint: "on a tie the smaller index wins: replace the best only when a code is strictly nearer"},
		{Name: "the last code", In: nearestInput{[]float64{5, 5, 5}, [][]float64{{0, 0, 0}, {1, 1, 1}, {4, 5, 6}}}},
		{Name: "one code", In: nearestInput{[]float64{0.5}, [][]float64{{-3}}}},
		{Name: "a near code beats a code of the same direction", In: nearestInput{[]float64{1, 0}, [][]float64{{10, 0}, {0.5, 0.5}}},
			Hint: "the nearest code is not the one most aligned with v (largest dot product): compare distances"},
	}
	rng := rand.New(rand.NewPCG(11, 1))
	for i := range 4 {
		d := 1 + rng.IntN(8)
		cases = append(cases, exercise.Case[nearestInput]{Name: fmt.Sprintf("random #%d", i+1),
			In: nearestInput{randomRows(rng, 1, d)[0], randomRows(rng, 2+rng.IntN(30), d)}})
	}
	return exercise.Check[nearestInput, int]{
		Name: "the nearest code", Func: "myNearest", Against: "vqvae.Nearest",
		Hint:  "for each code c, d = Σ_j (v_j − book[c][j])²; return the c with the smallest d, the first one on a tie",
		Cases: cases,
		Want: func(in nearestInput) int {
			t, blk := table(in.book)
			defer blk.Close()
			return Nearest(f32s(in.v), t)
		},
		Got: func(in nearestInput) int { return f(slices.Clone(in.v), cloneRows(in.book)) },
		Differ: func(want, got int) string {
			if want != got {
				return fmt.Sprintf("code %d, expected code %d", got, want)
			}
			return ""
		},
		ShowIn: nearestInput.String,
	}
}

// CheckNearest runs NearestCheck(f) and prints its verdict.
func CheckNearest(f func(v []float64, book [][]float64) int) exercise.Status {
	return NearestCheck(f).Run()
}

// gradInput is one case of the second exercise: one vector ze, its code
// e, the decoder's gradient at zq = e, and β.
type gradInput struct {
	ze, e, dzq []float64
	beta       float64
}

func (in gradInput) String() string {
	return fmt.Sprintf("ze = %s, e = %s, dzq = %s, β = %g", exercise.Vec(in.ze), exercise.Vec(in.e), exercise.Vec(in.dzq), in.beta)
}

// QuantizeGradCheck is the check of notebook 11's second exercise: f(ze,
// e, dzq, beta) must return the gradients QuantizeBackward adds for one
// vector, dze = dzq + 2β(ze − e) and de = 2(e − ze).
func QuantizeGradCheck(f func(ze, e, dzq []float64, beta float64) (dze, de []float64)) exercise.Check[gradInput, [2][]float64] {
	cases := []exercise.Case[gradInput]{
		{Name: "the code equals the vector", In: gradInput{[]float64{1, -2}, []float64{1, -2}, []float64{0.5, 0.25}, 0.25},
			Hint: "when ze = e only the straight-through gradient is left: dze = dzq, de = 0"},
		{Name: "no decoder gradient", In: gradInput{[]float64{1, 0}, []float64{0, 0}, []float64{0, 0}, 0.25},
			Hint: "the commitment term β‖ze − e‖² pulls ze towards e: its gradient is 2β(ze − e); the codebook term pulls e towards ze: 2(e − ze)"},
		{Name: "β = 1", In: gradInput{[]float64{0.5, 2, -1}, []float64{1, 1, 1}, []float64{1, -1, 0.5}, 1}},
		{Name: "β = 0: no commitment", In: gradInput{[]float64{3}, []float64{-1}, []float64{0.125}, 0}},
	}
	rng := rand.New(rand.NewPCG(11, 2))
	for i := range 4 {
		d := 1 + rng.IntN(8)
		r := randomRows(rng, 3, d)
		cases = append(cases, exercise.Case[gradInput]{Name: fmt.Sprintf("random #%d", i+1),
			In: gradInput{r[0], r[1], r[2], float64(float32(rng.Float64()))}})
	}
	return exercise.Check[gradInput, [2][]float64]{
		Name: "the codebook layer's gradients", Func: "myQuantizeGrad", Against: "vqvae.QuantizeBackward",
		Hint:  "dze = dzq + 2β(ze − e) (straight through, plus commitment); de = 2(e − ze) (codebook term only: no decoder gradient reaches e)",
		Cases: cases,
		Want: func(in gradInput) [2][]float64 {
			t, blk := table([][]float64{in.e})
			defer blk.Close()
			ze := vae.MatFrom(1, len(in.ze), f32s(in.ze))
			dze := vae.NewMat(1, len(in.ze))
			QuantizeBackward(dze, vae.MatFrom(1, len(in.dzq), f32s(in.dzq)), ze, []int32{0}, t, in.beta)
			return [2][]float64{f64s(dze.Row(0)), f64s(t.GradRow(0))}
		},
		Got: func(in gradInput) [2][]float64 {
			dze, de := f(slices.Clone(in.ze), slices.Clone(in.e), slices.Clone(in.dzq), in.beta)
			return [2][]float64{dze, de}
		},
		Differ: func(want, got [2][]float64) string {
			return cmp.Or(exercise.Named("dze", exercise.NearSlice(want[0], got[0], 1e-5, 1e-6)),
				exercise.Named("de", exercise.NearSlice(want[1], got[1], 1e-5, 1e-6)))
		},
		ShowIn: gradInput.String,
		ShowOut: func(g [2][]float64) string {
			return fmt.Sprintf("dze = %s, de = %s", exercise.Vec(g[0]), exercise.Vec(g[1]))
		},
	}
}

// CheckQuantizeGrad runs QuantizeGradCheck(f) and prints its verdict.
func CheckQuantizeGrad(f func(ze, e, dzq []float64, beta float64) (dze, de []float64)) exercise.Status {
	return QuantizeGradCheck(f).Run()
}

// smoothInput is one case of the third exercise.
type smoothInput struct {
	counts []int
	alpha  float64
}

// SmoothedCheck is the check of notebook 11's third exercise: f(counts,
// alpha) must return the add-α frequencies (n_c + α)/(Σn + K·α), as
// Smoothed does.
func SmoothedCheck(f func(counts []int, alpha float64) []float64) exercise.Check[smoothInput, []float64] {
	cases := []exercise.Case[smoothInput]{
		{Name: "three codes", In: smoothInput{[]int{3, 1, 0}, 1}},
		{Name: "a code never seen", In: smoothInput{[]int{0, 5}, 0.5},
			Hint: "a code with count 0 still gets α/(Σn + K·α): that is the point of smoothing"},
		{Name: "all counts zero", In: smoothInput{[]int{0, 0, 0, 0}, 0.1},
			Hint: "with nothing counted every code gets α/(K·α) = 1/K"},
		{Name: "a small α", In: smoothInput{[]int{1000, 10, 1}, 0.01}},
		{Name: "one code", In: smoothInput{[]int{7}, 2}},
	}
	rng := rand.New(rand.NewPCG(11, 3))
	for i := range 3 {
		c := make([]int, 2+rng.IntN(40))
		for j := range c {
			c[j] = rng.IntN(3) * rng.IntN(200)
		}
		cases = append(cases, exercise.Case[smoothInput]{Name: fmt.Sprintf("random #%d", i+1), In: smoothInput{c, float64(float32(0.05 + rng.Float64()))}})
	}
	return exercise.Check[smoothInput, []float64]{
		Name: "add-α frequencies", Func: "mySmoothed", Against: "vqvae.Smoothed",
		Hint:  "p_c = (n_c + α) / (Σ_c n_c + K·α), K the number of codes: the probabilities sum to 1",
		Cases: cases,
		Want:  func(in smoothInput) []float64 { return Smoothed(in.counts, in.alpha) },
		Got:   func(in smoothInput) []float64 { return f(slices.Clone(in.counts), in.alpha) },
		Differ: func(want, got []float64) string {
			return exercise.NearSlice(want, got, 1e-12, 1e-15)
		},
		ShowIn:  func(in smoothInput) string { return fmt.Sprintf("counts = %v, α = %g", in.counts, in.alpha) },
		ShowOut: exercise.Vec,
	}
}

// CheckSmoothed runs SmoothedCheck(f) and prints its verdict.
func CheckSmoothed(f func(counts []int, alpha float64) []float64) exercise.Status {
	return SmoothedCheck(f).Run()
}
