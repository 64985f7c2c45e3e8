package hvae

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/vaelab/govae/lessons/exercise"
)

// twoGauss is one case of the first two exercises: a code z (for the
// second) and two diagonal Gaussians.
type twoGauss struct{ z, mu1, lv1, mu2, lv2 []float64 }

func (in twoGauss) String() string {
	s := fmt.Sprintf("mu1 = %s, lv1 = %s, mu2 = %s, lv2 = %s", exercise.Vec(in.mu1), exercise.Vec(in.lv1), exercise.Vec(in.mu2), exercise.Vec(in.lv2))
	if in.z != nil {
		s = "z = " + exercise.Vec(in.z) + ", " + s
	}
	return s
}

func (in twoGauss) clone() twoGauss {
	return twoGauss{slices.Clone(in.z), slices.Clone(in.mu1), slices.Clone(in.lv1), slices.Clone(in.mu2), slices.Clone(in.lv2)}
}

func draws(rng *rand.Rand, n int, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(float32(scale * rng.NormFloat64()))
	}
	return v
}

func gaussCases(seed uint64, withZ bool) []exercise.Case[twoGauss] {
	cases := []exercise.Case[twoGauss]{
		{Name: "a Gaussian and itself", In: twoGauss{[]float64{0.3, -0.2}, []float64{0.5, -1}, []float64{0.2, -0.3}, []float64{0.5, -1}, []float64{0.2, -0.3}},
			Hint: "the KL of a distribution from itself is 0: the log-densities cancel"},
		{Name: "q against N(0, I), notebook 3's case", In: twoGauss{[]float64{1}, []float64{1}, []float64{-1}, []float64{0}, []float64{0}},
			Hint: "with mu2 = 0 and lv2 = 0: ½ Σ (e^lv1 + mu1² − 1 − lv1)"},
		{Name: "same means, different variances", In: twoGauss{[]float64{0, 2}, []float64{0, 0}, []float64{1, 1}, []float64{0, 0}, []float64{-1, 2}},
			Hint: "the variance ratio e^(lv1 − lv2) and the log-variances' difference both enter"},
		{Name: "a far mean, a narrow prior", In: twoGauss{[]float64{-2}, []float64{-3}, []float64{0}, []float64{3}, []float64{-2}},
			Hint: "the squared distance is divided by the second Gaussian's variance e^lv2"},
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range 4 {
		d := 1 + rng.IntN(10)
		in := twoGauss{draws(rng, d, 1.5), draws(rng, d, 1), draws(rng, d, 0.7), draws(rng, d, 1), draws(rng, d, 0.7)}
		cases = append(cases, exercise.Case[twoGauss]{Name: fmt.Sprintf("random #%d", i+1), In: in})
	}
	if !withZ {
		for i := range cases {
			cases[i].In.z = nil
		}
	}
	return cases
}

// KLGaussiansCheck is the check of notebook 13's first exercise: f(mu1,
// lv1, mu2, lv2) must be KL(N(mu1, e^lv1) ‖ N(mu2, e^lv2)), as
// KLGaussians.
func KLGaussiansCheck(f func(mu1, lv1, mu2, lv2 []float64) float64) exercise.Check[twoGauss, float64] {
	return exercise.Check[twoGauss, float64]{
		Name: "the KL between two diagonal Gaussians", Func: "myKLGaussians", Against: "hvae.KLGaussians",
		Hint:  "½ Σ_j [lv2 − lv1 + (e^lv1 + (mu1 − mu2)²) e^(−lv2) − 1]",
		Cases: gaussCases(13, false),
		Want:  func(in twoGauss) float64 { return KLGaussians(in.mu1, in.lv1, in.mu2, in.lv2) },
		Got: func(in twoGauss) float64 {
			c := in.clone()
			return f(c.mu1, c.lv1, c.mu2, c.lv2)
		},
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-9, 1e-9) },
		ShowIn: twoGauss.String, ShowOut: exercise.Num,
	}
}

// CheckKLGaussians runs KLGaussiansCheck(f) and prints its verdict.
func CheckKLGaussians(f func(mu1, lv1, mu2, lv2 []float64) float64) exercise.Status {
	return KLGaussiansCheck(f).Run()
}

// SampledKLCheck is the check of notebook 13's second exercise: f(z, mu1,
// lv1, mu2, lv2) must be log N(z; mu1, e^lv1) − log N(z; mu2, e^lv2), the
// estimate of KL₁ at one code, as SampledKL.
func SampledKLCheck(f func(z, mu1, lv1, mu2, lv2 []float64) float64) exercise.Check[twoGauss, float64] {
	return exercise.Check[twoGauss, float64]{
		Name: "the sampled KL at one code", Func: "mySampledKL", Against: "hvae.SampledKL",
		Hint:  "log N(z; m, e^lv) = −Σ [½ log 2π + ½ lv + ½ (z − m)² e^(−lv)]; the ½ log 2π terms cancel in the difference",
		Cases: gaussCases(14, true),
		Want:  func(in twoGauss) float64 { return SampledKL(in.z, in.mu1, in.lv1, in.mu2, in.lv2) },
		Got: func(in twoGauss) float64 {
			c := in.clone()
			return f(c.z, c.mu1, c.lv1, c.mu2, c.lv2)
		},
		// SampledKL scores in float32 matrices, as the model does.
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-5, 1e-5) },
		ShowIn: twoGauss.String, ShowOut: exercise.Num,
	}
}

// CheckSampledKL runs SampledKLCheck(f) and prints its verdict.
func CheckSampledKL(f func(z, mu1, lv1, mu2, lv2 []float64) float64) exercise.Status {
	return SampledKLCheck(f).Run()
}

// bottomInput is one case of the third exercise.
type bottomInput struct{ muP, lvP, eps []float64 }

// BottomCodeCheck is the check of notebook 13's third exercise: f(muP,
// lvP, eps) must be the bottom code a top-down sample draws, μp + e^(lvp/2)
// ⊙ eps, as BottomCode.
func BottomCodeCheck(f func(muP, lvP, eps []float64) []float64) exercise.Check[bottomInput, []float64] {
	cases := []exercise.Case[bottomInput]{
		{Name: "eps = 0: the mean", In: bottomInput{[]float64{1, -2}, []float64{0.5, 3}, []float64{0, 0}}},
		{Name: "unit variance", In: bottomInput{[]float64{0, 0}, []float64{0, 0}, []float64{1.5, -0.5}}},
		{Name: "log-variance 2: σ = e", In: bottomInput{[]float64{0}, []float64{2}, []float64{1}},
			Hint: "σ = e^(lv/2), the square root of the variance e^lv"},
	}
	rng := rand.New(rand.NewPCG(15, 1))
	for i := range 4 {
		d := 1 + rng.IntN(20)
		cases = append(cases, exercise.Case[bottomInput]{Name: fmt.Sprintf("random #%d", i+1), In: bottomInput{draws(rng, d, 1), draws(rng, d, 1), draws(rng, d, 1)}})
	}
	return exercise.Check[bottomInput, []float64]{
		Name: "the bottom code of a top-down sample", Func: "myBottomCode", Against: "hvae.BottomCode",
		Hint:  "z1_j = muP_j + e^(lvP_j / 2) · eps_j",
		Cases: cases,
		Want:  func(in bottomInput) []float64 { return BottomCode(in.muP, in.lvP, in.eps) },
		Got: func(in bottomInput) []float64 {
			return f(slices.Clone(in.muP), slices.Clone(in.lvP), slices.Clone(in.eps))
		},
		Differ: func(want, got []float64) string { return exercise.NearSlice(want, got, 1e-12, 1e-12) },
		ShowIn: func(in bottomInput) string {
			return fmt.Sprintf("muP = %s, lvP = %s, eps = %s", exercise.Vec(in.muP), exercise.Vec(in.lvP), exercise.Vec(in.eps))
		},
		ShowOut: exercise.Vec,
	}
}

// CheckBottomCode runs BottomCodeCheck(f) and prints its verdict.
func CheckBottomCode(f func(muP, lvP, eps []float64) []float64) exercise.Status {
	return BottomCodeCheck(f).Run()
}
