package reparam

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/lessons/exercise"
)

// f32 rounds x to float32, so that the library (float32 matrices) and the
// learner (float64) start from the same numbers.
func f32(x float64) float64 { return float64(float32(x)) }

// sampleInput is one case of the sampling exercise: a latent mean and
// log-variance, and the seed of the generators both sides draw ε from.
type sampleInput struct {
	mu, logVar []float64
	seed       uint64
}

func (in sampleInput) String() string {
	return fmt.Sprintf("mu = %s, logVar = %s, rng = rand.New(rand.NewPCG(%d, 1))",
		exercise.Vec(in.mu), exercise.Vec(in.logVar), in.seed)
}

// sample is the result of the sampling exercise. scale, set on the
// library's side only, is |μ_j| + σ_j·|ε_j|, the size of the terms whose
// float32 sum is the library's z_j: its rounding error is relative to that,
// not to z_j, which may be near zero.
type sample struct {
	z, eps, scale []float64
}

func (s sample) String() string {
	return fmt.Sprintf("z = %s, eps = %s", exercise.Vec(s.z), exercise.Vec(s.eps))
}

// ReparamCheck is the check of notebook 02's first exercise: f(mu, logVar,
// rng) must draw ε_j = rng.NormFloat64() for each dimension j in order and
// return z = μ + e^(½·logσ²)·ε and ε, as vae.ReparamForward does. Both are
// given generators with the same seed, so they draw the same numbers.
func ReparamCheck(f func(mu, logVar []float64, rng *rand.Rand) (z, eps []float64)) exercise.Check[sampleInput, sample] {
	cases := []exercise.Case[sampleInput]{
		{Name: "fixed", In: sampleInput{[]float64{1, -0.5, 0.25}, []float64{-1, 0.5, 0}, 1}},
		{Name: "logσ² = 30", In: sampleInput{[]float64{0.5}, []float64{30}, 2},
			Hint: "σ = e^(½·logσ²) ≈ 3.3·10⁶ here: exp of half the log-variance, not of the log-variance itself"},
		{Name: "logσ² = −30", In: sampleInput{[]float64{0}, []float64{-30}, 3},
			Hint: "σ = e^(½·logσ²) ≈ 3.1·10⁻⁷ here, so z = σ·ε is tiny but not zero"},
		{Name: "zero-length code", In: sampleInput{[]float64{}, []float64{}, 4},
			Hint: "a code with no dimensions: return z and eps of length 0, and draw nothing"},
	}
	rng := rand.New(rand.NewPCG(2, 1))
	for i := range 4 {
		n := 1 + rng.IntN(20)
		in := sampleInput{make([]float64, n), make([]float64, n), uint64(10 + i)}
		for j := range n {
			in.mu[j] = f32(2 * rng.NormFloat64())
			in.logVar[j] = f32(3 * rng.NormFloat64())
		}
		cases = append(cases, exercise.Case[sampleInput]{Name: fmt.Sprintf("random #%d", i+1), In: in})
	}
	lib := course.LibraryParts()
	return exercise.Check[sampleInput, sample]{
		Name: "reparameterized sample", Func: "myReparam", Against: "vae.ReparamForward",
		Hint: "draw ε_j = rng.NormFloat64() once for each dimension j, in order, from the rng you are given; " +
			"then z_j = μ_j + σ_j·ε_j with σ_j = e^(½·logσ²_j)",
		Cases: cases,
		Want: func(in sampleInput) sample {
			z, eps := lib.Reparam(in.mu, in.logVar, rand.New(rand.NewPCG(in.seed, 1)))
			scale := make([]float64, len(z))
			for j := range scale {
				scale[j] = math.Abs(in.mu[j]) + math.Exp(0.5*in.logVar[j])*math.Abs(eps[j])
			}
			return sample{z, eps, scale}
		},
		Got: func(in sampleInput) sample {
			z, eps := f(in.mu, in.logVar, rand.New(rand.NewPCG(in.seed, 1)))
			return sample{z: z, eps: eps}
		},
		// The library rounds ε, σ, σ·ε and μ + σ·ε to float32 (about
		// 6·10⁻⁸ each); 10⁻⁶ of the terms' size leaves room for all four.
		Differ: func(want, got sample) string {
			if d := exercise.NearSlice(want.eps, got.eps, 1e-6, 1e-12); d != "" {
				return "eps: " + d + "; the draws differ"
			}
			if len(got.z) != len(want.z) {
				return fmt.Sprintf("z: length %d, expected %d", len(got.z), len(want.z))
			}
			for j := range want.z {
				if d := exercise.Near(want.z[j], got.z[j], 1e-6, 1e-6*want.scale[j]); d != "" {
					return fmt.Sprintf("z: element %d: %s", j, d)
				}
			}
			return ""
		},
		ShowIn: sampleInput.String, ShowOut: sample.String,
	}
}

// CheckReparam runs ReparamCheck(f) and prints its verdict (notebook 02,
// exercise 1).
func CheckReparam(f func(mu, logVar []float64, rng *rand.Rand) (z, eps []float64)) exercise.Status {
	return ReparamCheck(f).Run()
}

// gradInput is one case of the gradient exercise: the upstream gradient
// ∂L/∂z, and the log-variance and noise of the forward pass.
type gradInput struct{ dz, logVar, eps []float64 }

func (in gradInput) String() string {
	return fmt.Sprintf("dz = %s, logVar = %s, eps = %s", exercise.Vec(in.dz), exercise.Vec(in.logVar), exercise.Vec(in.eps))
}

// grad is the result of the gradient exercise.
type grad struct{ dmu, dlogVar []float64 }

func (g grad) String() string {
	return fmt.Sprintf("dmu = %s, dlogVar = %s", exercise.Vec(g.dmu), exercise.Vec(g.dlogVar))
}

// ReparamGradCheck is the check of notebook 02's second exercise: f(dz,
// logVar, eps) must return ∂L/∂μ = dz and ∂L/∂logσ² = dz·½σ·ε, the
// gradient through z = μ + e^(½·logσ²)·ε, as vae.ReparamBackward does.
func ReparamGradCheck(f func(dz, logVar, eps []float64) (dmu, dlogVar []float64)) exercise.Check[gradInput, grad] {
	cases := []exercise.Case[gradInput]{
		{Name: "fixed", In: gradInput{[]float64{1, -2, 0.5}, []float64{-1, 0.5, 0}, []float64{0.25, -1.5, 2}}},
		{Name: "dz = 1", In: gradInput{[]float64{1, 1}, []float64{2, -2}, []float64{1, 1}},
			Hint: "with dz = 1 and ε = 1 the results are ∂z/∂μ and ∂z/∂logσ² themselves: differentiate σ = e^(½·logσ²) by logσ²"},
		{Name: "logσ² = 30", In: gradInput{[]float64{0.5}, []float64{30}, []float64{0.75}},
			Hint: "σ = e^(½·logσ²) ≈ 3.3·10⁶ here, and dσ/dlogσ² = ½σ"},
		{Name: "logσ² = −30", In: gradInput{[]float64{0.5}, []float64{-30}, []float64{0.75}},
			Hint: "σ = e^(½·logσ²) ≈ 3.1·10⁻⁷ here, and dσ/dlogσ² = ½σ"},
		{Name: "zero-length code", In: gradInput{[]float64{}, []float64{}, []float64{}},
			Hint: "a code with no dimensions has gradients of length 0"},
	}
	rng := rand.New(rand.NewPCG(2, 2))
	for i := range 4 {
		n := 1 + rng.IntN(20)
		in := gradInput{make([]float64, n), make([]float64, n), make([]float64, n)}
		for j := range n {
			in.dz[j] = f32(rng.NormFloat64())
			in.logVar[j] = f32(3 * rng.NormFloat64())
			in.eps[j] = f32(rng.NormFloat64())
		}
		cases = append(cases, exercise.Case[gradInput]{Name: fmt.Sprintf("random #%d", i+1), In: in})
	}
	lib := course.LibraryParts()
	return exercise.Check[gradInput, grad]{
		Name: "gradient through the sample", Func: "myReparamGrad", Against: "vae.ReparamBackward",
		Hint:  "chain rule: ∂L/∂μ = dz·∂z/∂μ and ∂L/∂logσ² = dz·∂z/∂logσ², with z = μ + e^(½·logσ²)·ε",
		Cases: cases,
		Want: func(in gradInput) grad {
			dmu, dlv := lib.ReparamGrad(in.dz, in.logVar, in.eps)
			return grad{dmu, dlv}
		},
		Got: func(in gradInput) grad {
			dmu, dlv := f(in.dz, in.logVar, in.eps)
			return grad{dmu, dlv}
		},
		// The library computes in float32: products only, so the error is
		// relative, a few times 6·10⁻⁸.
		Differ: func(want, got grad) string {
			return cmp.Or(
				exercise.Named("dmu", exercise.NearSlice(want.dmu, got.dmu, 1e-6, 1e-12)),
				exercise.Named("dlogVar", exercise.NearSlice(want.dlogVar, got.dlogVar, 1e-6, 1e-12)),
			)
		},
		ShowIn: gradInput.String, ShowOut: grad.String,
	}
}

// CheckReparamGrad runs ReparamGradCheck(f) and prints its verdict
// (notebook 02, exercise 2).
func CheckReparamGrad(f func(dz, logVar, eps []float64) (dmu, dlogVar []float64)) exercise.Status {
	return ReparamGradCheck(f).Run()
}

// estimator is the signature of ScoreFunction and Reparameterized: an
// estimate of (∂J/∂μ, ∂J/∂σ) from n draws of rng.
type estimator = func(p Problem, n int, rng *rand.Rand) (dMu, dSigma float64)

// estInput is one case of the estimator exercises: a problem, a number of
// draws and the seed of the generators both sides draw from.
type estInput struct {
	p    Problem
	n    int
	seed uint64
}

func (in estInput) String() string {
	return fmt.Sprintf("p = reparam.Problem{Mu: %.4g, Sigma: %.4g, C: %.4g}, n = %d, rng = rand.New(rand.NewPCG(%d, 1))",
		in.p.Mu, in.p.Sigma, in.p.C, in.n, in.seed)
}

// estimate is the result of the estimator exercises.
type estimate struct{ dMu, dSigma float64 }

func (e estimate) String() string {
	return fmt.Sprintf("dMu = %s, dSigma = %s", exercise.Num(e.dMu), exercise.Num(e.dSigma))
}

// estCases are the inputs of both estimator checks: the problem of §3, one
// draw, c = μ, small and large σ, and random problems.
func estCases() []exercise.Case[estInput] {
	cases := []exercise.Case[estInput]{
		{Name: "the problem of §3", In: estInput{Problem{Mu: 1, Sigma: 1, C: 2}, 1000, 1}},
		{Name: "n = 1", In: estInput{Problem{Mu: 0.5, Sigma: 2, C: -1}, 1, 2}},
		{Name: "c = μ", In: estInput{Problem{Mu: 0.3, Sigma: 1, C: 0.3}, 50, 3}},
		{Name: "small σ", In: estInput{Problem{Mu: -1, Sigma: 0.1, C: 0}, 100, 4}},
		{Name: "large σ", In: estInput{Problem{Mu: 2, Sigma: 5, C: 1}, 100, 5}},
	}
	rng := rand.New(rand.NewPCG(2, 3))
	for i := range 4 {
		p := Problem{Mu: rng.NormFloat64(), Sigma: math.Exp(0.5 * rng.NormFloat64()), C: rng.NormFloat64()}
		cases = append(cases, exercise.Case[estInput]{
			Name: fmt.Sprintf("random #%d", i+1), In: estInput{p, 1 + rng.IntN(100), uint64(10 + i)}})
	}
	return cases
}

// estimatorCheck compares an estimator f with the library's lib, both
// drawing from generators with the same seed. Both sums run in float64 in
// the same order, so only the rounding of equivalent formulas separates a
// right answer from the library's.
func estimatorCheck(name, fn, against, hint string, f, lib estimator) exercise.Check[estInput, estimate] {
	run := func(g estimator, in estInput) estimate {
		dMu, dSigma := g(in.p, in.n, rand.New(rand.NewPCG(in.seed, 1)))
		return estimate{dMu, dSigma}
	}
	return exercise.Check[estInput, estimate]{
		Name: name, Func: fn, Against: against, Hint: hint,
		Cases: estCases(),
		Want:  func(in estInput) estimate { return run(lib, in) },
		Got:   func(in estInput) estimate { return run(f, in) },
		Differ: func(want, got estimate) string {
			return cmp.Or(
				exercise.Named("dMu", exercise.Near(want.dMu, got.dMu, 1e-9, 1e-9)),
				exercise.Named("dSigma", exercise.Near(want.dSigma, got.dSigma, 1e-9, 1e-9)),
			)
		},
		ShowIn: estInput.String, ShowOut: estimate.String,
	}
}

// ScoreFunctionCheck is the check of notebook 02's third exercise: f(p, n,
// rng) must return the score-function estimate of (∂J/∂μ, ∂J/∂σ) from n
// draws z = μ + σ·rng.NormFloat64(), as ScoreFunction does from the same
// draws.
func ScoreFunctionCheck(f func(p Problem, n int, rng *rand.Rand) (dMu, dSigma float64)) exercise.Check[estInput, estimate] {
	return estimatorCheck("score-function estimator", "myScoreFunction", "reparam.ScoreFunction",
		"draw z = μ + σ·rng.NormFloat64() n times; average f(z)·(z − μ)/σ² for dMu "+
			"and f(z)·((z − μ)² − σ²)/σ³ for dSigma", f, ScoreFunction)
}

// CheckScoreFunction runs ScoreFunctionCheck(f) and prints its verdict
// (notebook 02, exercise 3).
func CheckScoreFunction(f func(p Problem, n int, rng *rand.Rand) (dMu, dSigma float64)) exercise.Status {
	return ScoreFunctionCheck(f).Run()
}

// ReparameterizedCheck is the check of notebook 02's fourth exercise: f(p,
// n, rng) must return the reparameterization estimate of (∂J/∂μ, ∂J/∂σ)
// from n draws ε = rng.NormFloat64(), as Reparameterized does from the same
// draws.
func ReparameterizedCheck(f func(p Problem, n int, rng *rand.Rand) (dMu, dSigma float64)) exercise.Check[estInput, estimate] {
	return estimatorCheck("reparameterization estimator", "myReparameterized", "reparam.Reparameterized",
		"draw ε = rng.NormFloat64() n times, set z = μ + σ·ε, and average f'(z)·∂z/∂μ for dMu "+
			"and f'(z)·∂z/∂σ for dSigma (p.FPrime is f')", f, Reparameterized)
}

// CheckReparameterized runs ReparameterizedCheck(f) and prints its verdict
// (notebook 02, exercise 4).
func CheckReparameterized(f func(p Problem, n int, rng *rand.Rand) (dMu, dSigma float64)) exercise.Status {
	return ReparameterizedCheck(f).Run()
}
