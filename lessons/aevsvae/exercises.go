package aevsvae

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/vae"
)

// linearInput is one case of the Linear exercises: a batch x (B, In), the
// weights W (In, Out) and bias b (Out) of the layer, and a gradient dy
// (B, Out) for the backward pass. Matrices are slices of rows.
type linearInput struct {
	x, W [][]float64
	b    []float64
	dy   [][]float64
}

// linearCases are the inputs both Linear checks use: a fixed batch, a batch
// of one row, an empty batch (B = 0), and random ones. Every value is a
// float32, so the library (float32 matrices) and the learner (float64)
// start from the same numbers. The hints are the forward pass's.
func linearCases() []exercise.Case[linearInput] {
	cases := []exercise.Case[linearInput]{
		{Name: "fixed", In: linearInput{
			x:  [][]float64{{1, 2, 0.5}, {-1, 0, 3}},
			W:  [][]float64{{0.5, -1}, {2, 0.25}, {-0.5, 1}},
			b:  []float64{0.125, -0.25},
			dy: [][]float64{{1, -2}, {0.5, 3}},
		}, Hint: "y[i][j] = b[j] + Σ_k x[i][k]·W[k][j]: row i of x times column j of W, plus the bias"},
		{Name: "one row", In: linearInput{
			x:  [][]float64{{2, -1}},
			W:  [][]float64{{1, 0.5, -2}, {0.25, 3, 1}},
			b:  []float64{1, 0, -1},
			dy: [][]float64{{0.5, -1, 2}},
		}, Hint: "a batch of one row is still a matrix: y has one row of Out numbers"},
		{Name: "empty batch", In: linearInput{
			x:  [][]float64{},
			W:  [][]float64{{1, 2}, {3, 4}, {5, 6}},
			b:  []float64{0.5, -0.5},
			dy: [][]float64{},
		}, Hint: "a batch of no rows gives an output of no rows: size y by len(x) and take In and Out from W and b, not from x[0]"},
	}
	rng := rand.New(rand.NewPCG(1, 7))
	f32 := func() float64 { return float64(float32(rng.NormFloat64())) }
	mat := func(rows, cols int) [][]float64 {
		m := make([][]float64, rows)
		for i := range m {
			m[i] = make([]float64, cols)
			for j := range m[i] {
				m[i][j] = f32()
			}
		}
		return m
	}
	for i := range 3 {
		n, in, out := 2+rng.IntN(5), 1+rng.IntN(8), 1+rng.IntN(6)
		b := make([]float64, out)
		for j := range b {
			b[j] = f32()
		}
		cases = append(cases, exercise.Case[linearInput]{Name: fmt.Sprintf("random #%d", i+1),
			In: linearInput{x: mat(n, in), W: mat(in, out), b: b, dy: mat(n, out)}})
	}
	return cases
}

// layer returns a vae.Linear holding W (In, Out) and b (Out) as float32,
// with zero gradients DW and DB, on one thread, and the function that
// releases it.
func layer(W [][]float64, b []float64) (*vae.Linear, func()) {
	in, out := len(W), len(b)
	blk := vae.NewBlock(1, 0, vae.LayerSize{Name: "check", In: in, Out: out})
	l := blk.Layers()[0]
	copy(l.W, toMat(W, out).Data)
	copy(l.B, toMat([][]float64{b}, out).Data)
	return l, blk.Close
}

// toMat returns rows, each of cols numbers, as a float32 matrix.
func toMat(rows [][]float64, cols int) vae.Mat {
	m := vae.NewMat(len(rows), cols)
	for i, r := range rows {
		for j, v := range r {
			m.Data[i*cols+j] = float32(v)
		}
	}
	return m
}

// fromMat returns m's rows as float64 slices ([][]float64{} for no rows).
func fromMat(m vae.Mat) [][]float64 {
	out := make([][]float64, m.Rows)
	for i := range out {
		out[i] = make([]float64, m.Cols)
		for j, v := range m.Row(i) {
			out[i][j] = float64(v)
		}
	}
	return out
}

// showMat formats a matrix for a verdict: its shape and its first rows.
func showMat(m [][]float64) string {
	const most = 3 // rows shown
	if len(m) == 0 {
		return "[] (no rows)"
	}
	rows := make([]string, 0, most+1)
	for i, r := range m {
		if i == most {
			rows = append(rows, fmt.Sprintf("… %d more rows …", len(m)-most))
			break
		}
		rows = append(rows, exercise.Vec(r))
	}
	return fmt.Sprintf("(%d×%d) [%s]", len(m), len(m[0]), strings.Join(rows, ", "))
}

// nearMat compares two matrices row by row with exercise.NearSlice.
func nearMat(want, got [][]float64, rel, abs float64) string {
	if len(got) != len(want) {
		return fmt.Sprintf("got %d rows, expected %d", len(got), len(want))
	}
	for i := range want {
		if d := exercise.NearSlice(want[i], got[i], rel, abs); d != "" {
			return fmt.Sprintf("row %d: %s", i, d)
		}
	}
	return ""
}

// linearTol is the tolerance of the Linear checks: the library sums its
// products in float32, whose rounding on these few terms stays below 1e-5.
const linearTol = 1e-5

// LinearCheck is the check of notebook 01's first exercise: f(x, W, b) must
// return y = x·W + b (B, Out) for x (B, In), W (In, Out) and b (Out), as
// vae.Linear.Forward does.
func LinearCheck(f func(x, W [][]float64, b []float64) [][]float64) exercise.Check[linearInput, [][]float64] {
	return exercise.Check[linearInput, [][]float64]{
		Name: "Linear layer, forward", Func: "myLinearForward", Against: "vae.Linear.Forward",
		Hint:  "y[i][j] = b[j] + Σ_k x[i][k]·W[k][j], for every row i of x and every output j",
		Cases: linearCases(),
		Want: func(in linearInput) [][]float64 {
			l, done := layer(in.W, in.b)
			defer done()
			y := vae.NewMat(len(in.x), l.Out)
			l.Forward(y, toMat(in.x, l.In))
			return fromMat(y)
		},
		Got:    func(in linearInput) [][]float64 { return f(in.x, in.W, in.b) },
		Differ: func(want, got [][]float64) string { return nearMat(want, got, linearTol, linearTol) },
		ShowIn: func(in linearInput) string {
			return fmt.Sprintf("x = %s, W = %s, b = %s", showMat(in.x), showMat(in.W), exercise.Vec(in.b))
		},
		ShowOut: showMat,
	}
}

// CheckLinear runs LinearCheck(f) and prints its verdict (notebook 01,
// exercise 1).
func CheckLinear(f func(x, W [][]float64, b []float64) [][]float64) exercise.Status {
	return LinearCheck(f).Run()
}

// linearGrads is the result of the backward exercise.
type linearGrads struct {
	dx, dW [][]float64
	db     []float64
}

// LinearBackCheck is the check of notebook 01's second exercise: f(dy, x, W)
// must return ∂L/∂x = dy·Wᵀ (B, In), ∂L/∂W = xᵀ·dy (In, Out) and ∂L/∂b =
// Σ_rows dy (Out), as vae.Linear.Backward adds them into zeroed gradients.
func LinearBackCheck(f func(dy, x, W [][]float64) (dx, dW [][]float64, db []float64)) exercise.Check[linearInput, linearGrads] {
	cases := linearCases()
	for i := range cases {
		cases[i].Hint = ""
	}
	cases[2].Hint = "with no rows, dx has no rows, but dW (In×Out) and db (Out) are still there, all zeros: size them by W, not by x"
	return exercise.Check[linearInput, linearGrads]{
		Name: "Linear layer, backward", Func: "myLinearBackward", Against: "vae.Linear.Backward",
		Hint:  "dx[i][k] = Σ_j dy[i][j]·W[k][j]; dW[k][j] = Σ_i x[i][k]·dy[i][j] (a sum over the rows); db[j] = Σ_i dy[i][j]",
		Cases: cases,
		Want: func(in linearInput) linearGrads {
			l, done := layer(in.W, make([]float64, len(in.b)))
			defer done()
			dx := vae.NewMat(len(in.x), l.In)
			l.Backward(dx, toMat(in.dy, l.Out), toMat(in.x, l.In))
			return linearGrads{fromMat(dx), fromMat(vae.MatFrom(l.In, l.Out, l.DW)), fromMat(vae.MatFrom(1, l.Out, l.DB))[0]}
		},
		Got: func(in linearInput) linearGrads {
			dx, dW, db := f(in.dy, in.x, in.W)
			return linearGrads{dx, dW, db}
		},
		Differ: func(want, got linearGrads) string {
			return cmp.Or(
				exercise.Named("dx", nearMat(want.dx, got.dx, linearTol, linearTol)),
				exercise.Named("dW", nearMat(want.dW, got.dW, linearTol, linearTol)),
				exercise.Named("db", exercise.NearSlice(want.db, got.db, linearTol, linearTol)),
			)
		},
		ShowIn: func(in linearInput) string {
			return fmt.Sprintf("dy = %s, x = %s, W = %s", showMat(in.dy), showMat(in.x), showMat(in.W))
		},
		ShowOut: func(g linearGrads) string {
			return fmt.Sprintf("dx = %s, dW = %s, db = %s", showMat(g.dx), showMat(g.dW), exercise.Vec(g.db))
		},
	}
}

// CheckLinearBack runs LinearBackCheck(f) and prints its verdict (notebook
// 01, exercise 2).
func CheckLinearBack(f func(dy, x, W [][]float64) (dx, dW [][]float64, db []float64)) exercise.Status {
	return LinearBackCheck(f).Run()
}

// bceInput is one case of the BCE exercises: a digit's pixels x (D) and
// the decoder's logits (D).
type bceInput struct{ x, logits []float64 }

func (in bceInput) String() string {
	return fmt.Sprintf("x = %s, logits = %s", exercise.Vec(in.x), exercise.Vec(in.logits))
}

// bceCases are the inputs both BCE checks use: fixed ones, logits of ±100
// and ±1000 with black, white and grey pixels, random digit-like vectors
// (mostly 0, some 1, some grey) and an empty one. Every value is a float32.
func bceCases() []exercise.Case[bceInput] {
	stable := "log σ(l) and log(1 − σ(l)) break at large |l|: 1 − σ(100) rounds to 0, and log 0 = −∞. " +
		"Write the loss as softplus(l) − x·l, with softplus(l) = max(l, 0) + log(1 + e^(−|l|))"
	cases := []exercise.Case[bceInput]{
		{Name: "fixed", In: bceInput{[]float64{0, 1, 0.5, 0.25, 1, 0}, []float64{-2, 3, 0.5, 0, -1.5, 4}}},
		{Name: "logits = +100", In: bceInput{[]float64{0, 1, 0.5}, []float64{100, 100, 100}}, Hint: stable},
		{Name: "logits = −100", In: bceInput{[]float64{0, 1, 0.5}, []float64{-100, -100, -100}}, Hint: stable},
		{Name: "logits = ±1000", In: bceInput{[]float64{0, 1, 0.25, 0.75}, []float64{1000, -1000, 1000, -1000}},
			Hint: "e^1000 overflows float64 (its largest number is near e^709): compute softplus(l) as " +
				"max(l, 0) + log(1 + e^(−|l|)), and σ(l) so that the exponent is never positive"},
		{Name: "empty vector", In: bceInput{[]float64{}, []float64{}}, Hint: "an empty sum is 0"},
	}
	rng := rand.New(rand.NewPCG(1, 9))
	for i, n := range []int{5, 40, 784} {
		in := bceInput{make([]float64, n), make([]float64, n)}
		for d := range n {
			switch u := rng.Float64(); {
			case u < 0.6: // black, as most of a digit
			case u < 0.8:
				in.x[d] = 1
			default:
				in.x[d] = float64(float32(rng.Float64()))
			}
			in.logits[d] = float64(float32(4 * rng.NormFloat64()))
		}
		cases = append(cases, exercise.Case[bceInput]{Name: fmt.Sprintf("random #%d", i+1), In: in})
	}
	return cases
}

// BCECheck is the check of notebook 01's third exercise: f(x, logits) must
// return Σ_d softplus(l_d) − x_d·l_d, as vae.BCEForward does for one row.
func BCECheck(f func(x, logits []float64) float64) exercise.Check[bceInput, float64] {
	lib := course.LibraryParts()
	return exercise.Check[bceInput, float64]{
		Name: "BCE from logits", Func: "myBCE", Against: "vae.BCEForward",
		Hint:   "sum softplus(l_d) − x_d·l_d over the pixels d, with softplus(l) = max(l, 0) + log(1 + e^(−|l|))",
		Cases:  bceCases(),
		Want:   func(in bceInput) float64 { return lib.BCE(in.x, in.logits) },
		Got:    func(in bceInput) float64 { return f(in.x, in.logits) },
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-6, 1e-6) },
		ShowIn: bceInput.String, ShowOut: exercise.Num,
	}
}

// CheckBCE runs BCECheck(f) and prints its verdict (notebook 01, exercise 3).
func CheckBCE(f func(x, logits []float64) float64) exercise.Status { return BCECheck(f).Run() }

// BCEGradCheck is the check of notebook 01's fourth exercise: f(x, logits)
// must return ∂BCE/∂l = σ(l) − x, as vae.BCEBackward does for one row.
func BCEGradCheck(f func(x, logits []float64) []float64) exercise.Check[bceInput, []float64] {
	lib := course.LibraryParts()
	cases := bceCases()
	cases[1].Hint = "at l = 100, σ(l) is 1 to float64's precision, so the gradient is 1 − x"
	cases[2].Hint = "at l = −100, σ(l) is about 4e-44, so the gradient is −x to within that"
	cases[3].Hint = "e^1000 overflows float64: compute σ(l) as 1/(1 + e^(−l)), or with the exponent of −|l| only"
	cases[4].Hint = "an empty vector of logits has an empty gradient"
	return exercise.Check[bceInput, []float64]{
		Name: "gradient of the BCE", Func: "myBCEGrad", Against: "vae.BCEBackward",
		Hint:  "differentiate softplus(l) − x·l by l: softplus'(l) = σ(l) = 1/(1 + e^(−l)), so ∂/∂l = σ(l) − x, pixel by pixel",
		Cases: cases,
		Want:  func(in bceInput) []float64 { return lib.BCEGrad(in.x, in.logits) },
		Got:   func(in bceInput) []float64 { return f(in.x, in.logits) },
		// The library computes σ in float32.
		Differ: func(want, got []float64) string { return exercise.NearSlice(want, got, 1e-6, 1e-6) },
		ShowIn: bceInput.String, ShowOut: exercise.Vec,
	}
}

// CheckBCEGrad runs BCEGradCheck(f) and prints its verdict (notebook 01,
// exercise 4).
func CheckBCEGrad(f func(x, logits []float64) []float64) exercise.Status {
	return BCEGradCheck(f).Run()
}
