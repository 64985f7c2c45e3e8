package klterm

import (
	"cmp"
	"fmt"
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/vae"
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
		Hint:  "sum −½(1 + logσ²_j − μ_j² − σ²_j) over the dimensions j, with σ²_j = e^(logσ²_j)",
		Cases: klCases(),
		Want:  func(in klInput) float64 { return lib.KL(in.mu, in.logVar) },
		Got:   func(in klInput) float64 { return f(in.mu, in.logVar) },
		// The library computes σ² from a float32 σ (vec.Exp), as the model
		// does, so a float64 answer differs from it by about 1e-8.
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-6, 1e-6) },
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
			return cmp.Or(
				exercise.Named("dmu", exercise.NearSlice(want.dmu, got.dmu, 1e-6, 1e-6)),
				exercise.Named("dlogVar", exercise.NearSlice(want.dlogVar, got.dlogVar, 1e-6, 1e-6)),
			)
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

// mcInput is one case of the Monte-Carlo exercise: a latent distribution, a
// sample count and the seed of the generator both sides draw from.
type mcInput struct {
	klInput
	k    int
	seed uint64
}

func (in mcInput) String() string { return fmt.Sprintf("%v, k = %d", in.klInput, in.k) }

// estimate is the result of the Monte-Carlo exercise.
type estimate struct{ mean, stderr float64 }

// KLMonteCarloCheck is the check of notebook 03's third exercise: f(mu,
// logVar, k, rng) must return the Monte-Carlo estimate of the KL from k
// samples and its standard error as vae.KLMonteCarlo does, drawing the same
// numbers from a generator with the same seed.
func KLMonteCarloCheck(f func(mu, logVar []float64, k int, rng *rand.Rand) (mean, stderr float64)) exercise.Check[mcInput, estimate] {
	var cases []exercise.Case[mcInput]
	for i, c := range klCases() {
		if len(c.In.mu) == 0 {
			continue // vae.KLMonteCarlo needs a code to sample
		}
		for _, k := range []int{2, 100} {
			cases = append(cases, exercise.Case[mcInput]{
				Name: fmt.Sprintf("%s (k = %d)", c.Name, k),
				In:   mcInput{c.In, k, uint64(10*i + k)},
			})
		}
	}
	cases[0].Hint = "with k = 2 the standard error divides the sample variance by k − 1 = 1, then takes √(variance / k)"
	run := func(g func([]float64, []float64, int, *rand.Rand) (float64, float64), in mcInput) estimate {
		m, se := g(in.mu, in.logVar, in.k, rand.New(rand.NewPCG(in.seed, 1)))
		return estimate{m, se}
	}
	return exercise.Check[mcInput, estimate]{
		Name: "Monte-Carlo KL", Func: "myKLMonteCarlo", Against: "vae.KLMonteCarlo",
		Hint: "for each of the k samples, draw ε_j = rng.NormFloat64() for j in order, set z_j = μ_j + σ_j·ε_j, " +
			"add up log q(z) − log p(z) over j; then return the mean over samples and √(sample variance / k)",
		Cases: cases,
		Want:  func(in mcInput) estimate { return run(vae.KLMonteCarlo, in) },
		Got:   func(in mcInput) estimate { return run(f, in) },
		Differ: func(want, got estimate) string {
			return cmp.Or(
				exercise.Named("mean", exercise.Near(want.mean, got.mean, 1e-9, 1e-9)),
				exercise.Named("standard error", exercise.Near(want.stderr, got.stderr, 1e-9, 1e-9)),
			)
		},
		ShowIn: mcInput.String,
		ShowOut: func(e estimate) string {
			return fmt.Sprintf("mean %s, standard error %s", exercise.Num(e.mean), exercise.Num(e.stderr))
		},
	}
}

// CheckKLMonteCarlo runs KLMonteCarloCheck(f) and prints its verdict
// (notebook 03, exercise 3).
func CheckKLMonteCarlo(f func(mu, logVar []float64, k int, rng *rand.Rand) (mean, stderr float64)) exercise.Status {
	return KLMonteCarloCheck(f).Run()
}
