package priors

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/vaelab/govae/lessons/exercise"
)

// gaussInput is one case of the first exercise.
type gaussInput struct{ z, mean, logVar []float64 }

func (in gaussInput) String() string {
	return fmt.Sprintf("z = %s, mean = %s, logVar = %s", exercise.Vec(in.z), exercise.Vec(in.mean), exercise.Vec(in.logVar))
}

func draws(rng *rand.Rand, n int, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = scale * rng.NormFloat64()
	}
	return v
}

// LogNormalCheck is the check of notebook 12's first exercise: f(z, mean,
// logVar) must be log N(z; mean, diag e^logVar), as LogNormal.
func LogNormalCheck(f func(z, mean, logVar []float64) float64) exercise.Check[gaussInput, float64] {
	cases := []exercise.Case[gaussInput]{
		{Name: "the standard normal at 0", In: gaussInput{[]float64{0}, []float64{0}, []float64{0}},
			Hint: "log N(0; 0, 1) = −½ log 2π ≈ −0.919"},
		{Name: "two dimensions, unit variance", In: gaussInput{[]float64{1, -2}, []float64{0, 0}, []float64{0, 0}}},
		{Name: "a narrow Gaussian (logVar −4)", In: gaussInput{[]float64{0.1}, []float64{0}, []float64{-4}},
			Hint: "the variance is e^logVar: divide (z − mean)² by it, and add ½ logVar, not ½ log of it"},
		{Name: "a wide one off its mean", In: gaussInput{[]float64{3, 3}, []float64{1, -1}, []float64{2, 1}}},
		{Name: "far in the tail", In: gaussInput{[]float64{40}, []float64{0}, []float64{0}},
			Hint: "work in logs: e^(−800) is 0 in float64, its log is not"},
	}
	rng := rand.New(rand.NewPCG(12, 1))
	for i := range 4 {
		d := 1 + rng.IntN(20)
		cases = append(cases, exercise.Case[gaussInput]{Name: fmt.Sprintf("random #%d", i+1), In: gaussInput{draws(rng, d, 2), draws(rng, d, 1), draws(rng, d, 1)}})
	}
	return exercise.Check[gaussInput, float64]{
		Name: "the log-density of a diagonal Gaussian", Func: "myLogNormal", Against: "priors.LogNormal",
		Hint:  "−Σ_j [½ log 2π + ½ logVar_j + ½ (z_j − mean_j)² e^(−logVar_j)]",
		Cases: cases,
		Want:  func(in gaussInput) float64 { return LogNormal(in.z, in.mean, in.logVar) },
		Got: func(in gaussInput) float64 {
			return f(slices.Clone(in.z), slices.Clone(in.mean), slices.Clone(in.logVar))
		},
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-9, 1e-9) },
		ShowIn: gaussInput.String, ShowOut: exercise.Num,
	}
}

// CheckLogNormal runs LogNormalCheck(f) and prints its verdict.
func CheckLogNormal(f func(z, mean, logVar []float64) float64) exercise.Status {
	return LogNormalCheck(f).Run()
}

// mixInput is one case of the mixture exercises.
type mixInput struct {
	z              []float64
	means, logVars [][]float64
	logits         []float64
}

func (in mixInput) String() string {
	return fmt.Sprintf("z = %s, %d components, means %v, logVars %v, logits %s", exercise.Vec(in.z), len(in.means), in.means, in.logVars, exercise.Vec(in.logits))
}

func (in mixInput) clone() mixInput {
	c := func(m [][]float64) [][]float64 {
		out := make([][]float64, len(m))
		for i := range m {
			out[i] = slices.Clone(m[i])
		}
		return out
	}
	return mixInput{slices.Clone(in.z), c(in.means), c(in.logVars), slices.Clone(in.logits)}
}

func mixCases(seed uint64) []exercise.Case[mixInput] {
	zero2 := [][]float64{{0, 0}, {0, 0}}
	cases := []exercise.Case[mixInput]{
		{Name: "one component", In: mixInput{[]float64{0.5, -1}, [][]float64{{0, 0}}, [][]float64{{0, 0}}, []float64{0}}},
		{Name: "two components, equal weights", In: mixInput{[]float64{1, 1}, [][]float64{{-1, -1}, {1, 1}}, zero2, []float64{0, 0}},
			Hint: "log Σ_k π_k N_k: the weights multiply the densities, they are not added to the logs of all of them"},
		{Name: "unequal weights (logits, not probabilities)", In: mixInput{[]float64{0, 0}, [][]float64{{0, 0}, {3, 0}}, zero2, []float64{2, -1}},
			Hint: "π = softmax(logits): log π_k = logit_k − log Σ_j e^logit_j"},
		{Name: "far from both components", In: mixInput{[]float64{60, 0}, [][]float64{{0, 0}, {20, 0}}, zero2, []float64{0, 0}},
			Hint: "both densities underflow to 0 in float64: add the logs, log π_k + log N_k, and combine them with a log-sum-exp"},
		{Name: "different variances", In: mixInput{[]float64{0.2}, [][]float64{{0}, {0}}, [][]float64{{-3}, {2}}, []float64{0, 1}}},
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	for i := range 3 {
		k, d := 2+rng.IntN(8), 1+rng.IntN(10)
		in := mixInput{z: draws(rng, d, 2), logits: draws(rng, k, 1)}
		for range k {
			in.means, in.logVars = append(in.means, draws(rng, d, 1)), append(in.logVars, draws(rng, d, 0.5))
		}
		cases = append(cases, exercise.Case[mixInput]{Name: fmt.Sprintf("random #%d", i+1), In: in})
	}
	return cases
}

// LogMixtureCheck is the check of notebook 12's second exercise: f(z,
// means, logVars, logits) must be the mixture's log-density at z, as
// LogMixture, finite even where every component's density underflows.
func LogMixtureCheck(f func(z []float64, means, logVars [][]float64, logits []float64) float64) exercise.Check[mixInput, float64] {
	return exercise.Check[mixInput, float64]{
		Name: "the log-density of a mixture", Func: "myLogMixture", Against: "priors.LogMixture",
		Hint:  "log Σ_k e^(log π_k + log N(z; m_k, e^lv_k)), with log π = logits − LogSumExp(logits) and a log-sum-exp",
		Cases: mixCases(1),
		Want:  func(in mixInput) float64 { return LogMixture(in.z, in.means, in.logVars, in.logits, nil) },
		Got: func(in mixInput) float64 {
			c := in.clone()
			return f(c.z, c.means, c.logVars, c.logits)
		},
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-9, 1e-9) },
		ShowIn: mixInput.String, ShowOut: exercise.Num,
	}
}

// CheckLogMixture runs LogMixtureCheck(f) and prints its verdict.
func CheckLogMixture(f func(z []float64, means, logVars [][]float64, logits []float64) float64) exercise.Status {
	return LogMixtureCheck(f).Run()
}

// ResponsibilitiesCheck is the check of notebook 12's third exercise: f(z,
// means, logVars, logits) must return each component's responsibility for
// z, r_k = π_k N_k(z) / p(z), as LogMixture computes them.
func ResponsibilitiesCheck(f func(z []float64, means, logVars [][]float64, logits []float64) []float64) exercise.Check[mixInput, []float64] {
	return exercise.Check[mixInput, []float64]{
		Name: "the responsibilities", Func: "myResponsibilities", Against: "the resp of priors.LogMixture",
		Hint:  "r_k = e^(log π_k + log N_k − log p(z)): a softmax of the terms of the log-sum-exp, so they sum to 1",
		Cases: mixCases(2),
		Want: func(in mixInput) []float64 {
			r := make([]float64, len(in.means))
			LogMixture(in.z, in.means, in.logVars, in.logits, r)
			return r
		},
		Got: func(in mixInput) []float64 {
			c := in.clone()
			return f(c.z, c.means, c.logVars, c.logits)
		},
		Differ: func(want, got []float64) string { return exercise.NearSlice(want, got, 1e-9, 1e-12) },
		ShowIn: mixInput.String, ShowOut: exercise.Vec,
	}
}

// CheckResponsibilities runs ResponsibilitiesCheck(f) and prints its verdict.
func CheckResponsibilities(f func(z []float64, means, logVars [][]float64, logits []float64) []float64) exercise.Status {
	return ResponsibilitiesCheck(f).Run()
}
