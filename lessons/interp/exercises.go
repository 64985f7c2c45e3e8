package interp

import (
	"fmt"
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/vae"
)

// pathInput is one case of the interpolation exercises: two codes and a
// point of vae.Interpolate's grid, step s of steps, so t = s/(steps−1).
type pathInput struct {
	a, b     []float64
	s, steps int
}

func (in pathInput) t() float64 { return float64(in.s) / float64(in.steps-1) }

func (in pathInput) String() string {
	return fmt.Sprintf("a = %s, b = %s, t = %.4g", exercise.Vec(in.a), exercise.Vec(in.b), in.t())
}

// onPath returns vae.Interpolate's code at in's step, in float64.
func onPath(in pathInput, spherical bool) []float64 {
	row := vae.Interpolate(f32(in.a), f32(in.b), in.steps, spherical).Row(in.s)
	out := make([]float64, len(row))
	for i, v := range row {
		out[i] = float64(v)
	}
	return out
}

// f32 returns v in float32; the cases hold only float32 values, so the
// library (float32 codes) and the learner (float64) start from the same
// numbers.
func f32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

// randomCode returns a code of n float32 values drawn from N(0, scale²).
func randomCode(rng *rand.Rand, n int, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(float32(scale * rng.NormFloat64()))
	}
	return v
}

// scaled returns c·v rounded to float32.
func scaled(c float64, v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(float32(c * x))
	}
	return out
}

// pathCases are the inputs of both interpolation checks: the two ends of
// the path, its middle, codes of different lengths (a typical pair of
// 20-dimensional codes), random points on random paths, and a zero-length
// code. The hints are for the straight line; slerp adds its own cases.
func pathCases() []exercise.Case[pathInput] {
	rng := rand.New(rand.NewPCG(4, 1))
	a, b := randomCode(rng, 20, 1), randomCode(rng, 20, 1.5)
	cases := []exercise.Case[pathInput]{
		{Name: "t = 0", In: pathInput{a, b, 0, 10},
			Hint: "at t = 0 the path is at its start: z(0) = a"},
		{Name: "t = 1", In: pathInput{a, b, 9, 10},
			Hint: "at t = 1 the path is at its end: z(1) = b"},
		{Name: "midway", In: pathInput{[]float64{1, -2, 0.5}, []float64{3, 2, -0.5}, 1, 3}},
		{Name: "t = 1/3", In: pathInput{a, b, 3, 10},
			Hint: "the weight of a is 1 − t and the weight of b is t; they add up to 1"},
	}
	for i := range 4 {
		n := 1 + rng.IntN(20)
		steps := 2 + rng.IntN(12)
		in := pathInput{randomCode(rng, n, 2), randomCode(rng, n, 2), rng.IntN(steps), steps}
		cases = append(cases, exercise.Case[pathInput]{Name: fmt.Sprintf("random #%d", i+1), In: in})
	}
	return append(cases, exercise.Case[pathInput]{Name: "zero-length code", In: pathInput{[]float64{}, []float64{}, 1, 3},
		Hint: "a code with no dimensions gives a point with no dimensions: an empty slice"})
}

// pathCheck is the check of f against vae.Interpolate(·, ·, ·, spherical).
func pathCheck(name, fn, hint string, spherical bool, cases []exercise.Case[pathInput], f func(a, b []float64, t float64) []float64) exercise.Check[pathInput, []float64] {
	return exercise.Check[pathInput, []float64]{
		Name: name, Func: fn, Against: fmt.Sprintf("vae.Interpolate(a, b, steps, %v)", spherical),
		Hint:  hint,
		Cases: cases,
		Want:  func(in pathInput) []float64 { return onPath(in, spherical) },
		Got:   func(in pathInput) []float64 { return f(in.a, in.b, in.t()) },
		// The library rounds each code to float32.
		Differ:  func(want, got []float64) string { return exercise.NearSlice(want, got, 1e-6, 1e-6) },
		ShowIn:  pathInput.String,
		ShowOut: exercise.Vec,
	}
}

// LerpCheck is the check of notebook 04's first exercise: f(a, b, t) must
// return the point (1−t)·a + t·b of the straight line from a to b, as
// vae.Interpolate(a, b, steps, false) does at t = s/(steps−1).
func LerpCheck(f func(a, b []float64, t float64) []float64) exercise.Check[pathInput, []float64] {
	return pathCheck("straight line between two codes", "myLerp",
		"z(t) = (1 − t)·a + t·b, one dimension at a time, in a new slice", false, pathCases(), f)
}

// CheckLerp runs LerpCheck(f) and prints its verdict (notebook 04,
// exercise 1).
func CheckLerp(f func(a, b []float64, t float64) []float64) exercise.Status {
	return LerpCheck(f).Run()
}

// slerpCases are pathCases plus the codes where slerp's formula breaks
// down and vae.Interpolate takes the straight line instead: parallel codes
// (Ω = 0, and a cos Ω that rounds above 1), opposite ones (Ω = π), a zero
// code (no direction at all), and codes so nearly parallel that sin Ω is
// below 1e-6; and two nearly parallel codes on which slerp still runs.
func slerpCases() []exercise.Case[pathInput] {
	cases := pathCases()
	for i := range cases {
		if cases[i].Name == "t = 1/3" {
			cases[i].Hint = "the weights are sin((1−t)Ω)/sin Ω and sin(tΩ)/sin Ω, with Ω the angle between a and b"
		}
	}
	line := "; there vae.Interpolate takes the straight line (1−t)·a + t·b, as it does whenever sin Ω ≤ 1e-6"
	// Found by search: the float64 cos Ω of this a and b = 3a rounds to
	// 1.0000000000000002, whose arccosine is NaN.
	a := []float64{-1.5192065238952637, 0.1211777999997139, -1.1403141021728516, -0.12048161774873734}
	c := []float64{0.6, -0.8, 1.5}
	return append(cases,
		exercise.Case[pathInput]{Name: "parallel codes", In: pathInput{c, scaled(2, c), 1, 4},
			Hint: "a and b point the same way: Ω = 0 and sin Ω = 0, so the formula divides 0 by 0" + line},
		exercise.Case[pathInput]{Name: "parallel codes (cos Ω rounds above 1)", In: pathInput{a, scaled(3, a), 2, 5},
			Hint: "a·b/(‖a‖‖b‖) came out a hair above 1, where the arccosine is NaN: clamp it to [−1, 1] first" + line},
		exercise.Case[pathInput]{Name: "opposite codes", In: pathInput{c, scaled(-1, c), 1, 4},
			Hint: "b = −a: Ω = π, sin Ω ≈ 1e-16, and no single great circle joins them" + line},
		exercise.Case[pathInput]{Name: "zero code", In: pathInput{[]float64{0, 0, 0}, c, 1, 4},
			Hint: "a is the zero code, which has no direction: cos Ω = 0/0" + line},
		exercise.Case[pathInput]{Name: "nearly parallel (sin Ω < 1e-6)", In: pathInput{[]float64{1, 0, 0}, []float64{1, float64(float32(1e-7)), 0}, 1, 3},
			Hint: "Ω ≈ 1e-7: sin Ω is tiny, and the line and the arc are the same to 14 digits" + line},
		exercise.Case[pathInput]{Name: "nearly parallel (Ω = 0.001)", In: pathInput{[]float64{1, 0, 0}, []float64{2, float64(float32(0.002)), 0}, 1, 4},
			Hint: "Ω ≈ 0.001 is small but sin Ω is well above 1e-6: the formula still applies"},
	)
}

// SlerpCheck is the check of notebook 04's second exercise: f(a, b, t)
// must return the point of Shoemake's spherical path
// sin((1−t)Ω)/sin Ω·a + sin(tΩ)/sin Ω·b, cos Ω = a·b/(‖a‖‖b‖), as
// vae.Interpolate(a, b, steps, true) does at t = s/(steps−1), including
// its straight-line fallback when sin Ω ≤ 1e-6.
func SlerpCheck(f func(a, b []float64, t float64) []float64) exercise.Check[pathInput, []float64] {
	return pathCheck("spherical path between two codes", "mySlerp",
		"cos Ω = a·b/(‖a‖‖b‖) clamped to [−1, 1]; weights sin((1−t)Ω)/sin Ω and sin(tΩ)/sin Ω; the straight line when sin Ω ≤ 1e-6",
		true, slerpCases(), f)
}

// CheckSlerp runs SlerpCheck(f) and prints its verdict (notebook 04,
// exercise 2).
func CheckSlerp(f func(a, b []float64, t float64) []float64) exercise.Status {
	return SlerpCheck(f).Run()
}

// framesFrom returns rows as a (len(rows), n) matrix of float32 values.
func framesFrom(n int, rows ...[]float64) vae.Mat {
	m := vae.NewMat(len(rows), n)
	for i, r := range rows {
		copy(m.Row(i), f32(r))
	}
	return m
}

// showFrames formats a strip of frames for a verdict.
func showFrames(m vae.Mat) string {
	s := fmt.Sprintf("%d frames of %d pixels:", m.Rows, m.Cols)
	for i := range min(m.Rows, 4) {
		row := make([]float64, m.Cols)
		for j, v := range m.Row(i) {
			row[j] = float64(v)
		}
		s += fmt.Sprintf(" frame %d = %s", i, exercise.Vec(row))
	}
	if m.Rows > 4 {
		s += " …"
	}
	return s
}

// JumpsCheck is the check of notebook 04's third exercise: f(frames) must
// return the Euclidean distance between each pair of neighbouring frames
// (rows), as Jumps does.
func JumpsCheck(f func(frames vae.Mat) []float64) exercise.Check[vae.Mat, []float64] {
	rng := rand.New(rand.NewPCG(4, 3))
	random := func(rows, cols int) vae.Mat {
		m := vae.NewMat(rows, cols)
		for i := range m.Data {
			m.Data[i] = rng.Float32()
		}
		return m
	}
	cases := []exercise.Case[vae.Mat]{
		{Name: "three frames", In: framesFrom(4, []float64{0, 0, 0, 0}, []float64{0.5, 0, 0, 0}, []float64{0.5, 1, 0, 1}),
			Hint: "frame 0 to 1 moves one pixel by 0.5; frame 1 to 2 moves two pixels by 1 each: distances 0.5 and √2"},
		{Name: "one frame", In: framesFrom(3, []float64{0.1, 0.2, 0.3}),
			Hint: "a single frame has no neighbour: steps frames give steps − 1 jumps, here none (an empty slice)"},
		{Name: "frames that do not move", In: framesFrom(3, []float64{0.1, 0.2, 0.3}, []float64{0.1, 0.2, 0.3}, []float64{0.1, 0.2, 0.3})},
		{Name: "one big jump", In: framesFrom(2, []float64{0, 0}, []float64{0, 0}, []float64{0, 0}, []float64{1, 1}, []float64{1, 1}),
			Hint: "compare each frame with the one just before it, not with the first frame"},
	}
	for i := range 3 {
		cases = append(cases, exercise.Case[vae.Mat]{Name: fmt.Sprintf("random #%d", i+1), In: random(2+rng.IntN(10), 784)})
	}
	return exercise.Check[vae.Mat, []float64]{
		Name: "jumps between neighbouring frames", Func: "myJumps", Against: "interp.Jumps",
		Hint:    "for i = 0 … steps−2: the square root of Σ_j (frame i+1, pixel j − frame i, pixel j)²",
		Cases:   cases,
		Want:    Jumps,
		Got:     f,
		Differ:  func(want, got []float64) string { return exercise.NearSlice(want, got, 1e-6, 1e-9) },
		ShowIn:  showFrames,
		ShowOut: exercise.Vec,
	}
}

// CheckJumps runs JumpsCheck(f) and prints its verdict (notebook 04,
// exercise 3).
func CheckJumps(f func(frames vae.Mat) []float64) exercise.Status { return JumpsCheck(f).Run() }
