package klterm

import (
	"fmt"
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/lessons/exercise"
)

// klInput is one case of the KL exercises: a latent mean and log-variance.
type klInput struct{ mu, logVar []float64 }

func (in klInput) String() string {
	return fmt.Sprintf("mu = %s, logVar = %s", exercise.Vec(in.mu), exercise.Vec(in.logVar))
}

// klCases are the inputs both KL checks use: fixed ones, random ones, the
// prior itself, extreme log-variances and a zero-length code. Every value is
// a float32, so the library (float32 matrices) and the learner (float64)
// start from the same numbers. The hints are for the KL itself; the
// gradient's check drops them.
func klCases() []exercise.Case[klInput] {
	cases := []exercise.Case[klInput]{
		{Name: "the prior", In: klInput{[]float64{0, 0}, []float64{0, 0}},
			Hint: "at μ = 0, log σ² = 0, q is the prior and the KL is 0"},
		{Name: "fixed", In: klInput{[]float64{1, -0.5, 0.25}, []float64{-1, 0.5, 0}}},
		{Name: "logσ² = 30", In: klInput{[]float64{0.5}, []float64{30}},
			Hint: "σ² = e^logσ²: take exp of the log-variance itself, not of its square root or half"},
		{Name: "logσ² = −30", In: klInput{[]float64{0.5}, []float64{-30}},
			Hint: "log σ² enters the formula as it is: −½(1 + logσ² − μ² − σ²); no log of a tiny σ² is needed"},
		{Name: "zero-length code", In: klInput{[]float64{}, []float64{}},
			Hint: "a code with no dimensions has a KL of 0 (an empty sum)"},
	}
	rng := rand.New(rand.NewPCG(3, 1))
	for i := range 4 {
		n := 1 + rng.IntN(20)
		in := klInput{make([]float64, n), make([]float64, n)}
		for j := range n {
			in.mu[j] = float64(float32(2 * rng.NormFloat64()))
			in.logVar[j] = float64(float32(3 * rng.NormFloat64()))
		}
		cases = append(cases, exercise.Case[klInput]{Name: fmt.Sprintf("random #%d", i+1), In: in})
	}
	return cases
}

// KLCheck is the check of notebook 03's first exercise: f(mu, logVar) must
// return KL(N(mu, diag(e^logVar)) ‖ N(0, I)) as vae.KLForward does.
func KLCheck(f func(mu, logVar []float64) float64) exercise.Check[klInput, float64] {
	lib := course.LibraryParts()
	return exercise.Check[klInput, float64]{
		Name: "KL of a diagonal Gaussian", Func: "myKL", Against: "vae.KLForward",
		Hint:   "sum −½(1 + logσ²_j − μ_j² − σ²_j) over the dimensions j, with σ²_j = e^(logσ²_j)",
		Cases:  klCases(),
		Want:   func(in klInput) float64 { return lib.KL(in.mu, in.logVar) },
		Got:    func(in klInput) float64 { return f(in.mu, in.logVar) },
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-9, 1e-9) },
		ShowIn: klInput.String, ShowOut: exercise.Num,
	}
}

// CheckKL runs KLCheck(f) and prints its verdict (notebook 03, exercise 1).
func CheckKL(f func(mu, logVar []float64) float64) exercise.Status { return KLCheck(f).Run() }

// klGrad is the result of the gradient exercise.
type klGrad struct{ dmu, dlogVar []float64 }

// KLGradCheck is the check of notebook 03's second exercise: f(mu, logVar)
// must return ∂KL/∂μ and ∂KL/∂logσ² as vae.KLBackward does.
func KLGradCheck(f func(mu, logVar []float64) (dmu, dlogVar []float64)) exercise.Check[klInput, klGrad] {
	lib := course.LibraryParts()
	return exercise.Check[klInput, klGrad]{
		Name: "gradient of the KL", Func: "myKLGrad", Against: "vae.KLBackward",
		Hint:  "differentiate −½(1 + logσ² − μ² − e^logσ²) by μ, then by logσ², one dimension at a time",
		Cases: withoutHints(klCases()),
		Want: func(in klInput) klGrad {
			dmu, dlv := lib.KLGrad(in.mu, in.logVar)
			return klGrad{dmu, dlv}
		},
		Got: func(in klInput) klGrad {
			dmu, dlv := f(in.mu, in.logVar)
			return klGrad{dmu, dlv}
		},
		// The library computes the gradient in float32.
		Differ: func(want, got klGrad) string {
			if d := exercise.NearSlice(want.dmu, got.dmu, 1e-6, 1e-6); d != "" {
				return "dmu: " + d
			}
			if d := exercise.NearSlice(want.dlogVar, got.dlogVar, 1e-6, 1e-6); d != "" {
				return "dlogVar: " + d
			}
			return ""
		},
		ShowIn: klInput.String,
		ShowOut: func(g klGrad) string {
			return fmt.Sprintf("dmu = %s, dlogVar = %s", exercise.Vec(g.dmu), exercise.Vec(g.dlogVar))
		},
	}
}

// CheckKLGrad runs KLGradCheck(f) and prints its verdict (notebook 03,
// exercise 2).
func CheckKLGrad(f func(mu, logVar []float64) (dmu, dlogVar []float64)) exercise.Status {
	return KLGradCheck(f).Run()
}

// withoutHints returns cases with their own hints removed, so a failure
// shows the check's general hint.
func withoutHints[In any](cases []exercise.Case[In]) []exercise.Case[In] {
	for i := range cases {
		cases[i].Hint = ""
	}
	return cases
}
