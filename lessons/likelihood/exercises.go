package likelihood

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/vaelab/govae/lessons/exercise"
)

// weightInput is one case of the log-weight exercise: a digit, the
// decoder's logits at z, z itself and the encoder's q(z|x).
type weightInput struct{ x, logits, z, mu, logVar []float64 }

func (in weightInput) String() string {
	return fmt.Sprintf("x = %s, logits = %s, z = %s, mu = %s, logVar = %s",
		exercise.Vec(in.x), exercise.Vec(in.logits), exercise.Vec(in.z), exercise.Vec(in.mu), exercise.Vec(in.logVar))
}

// f32 rounds a draw to float32: LogWeight rounds x and logits to float32
// as a decoder's are, so a case's values are float32 numbers already.
func f32(x float64) float64 { return float64(float32(x)) }

// LogWeightCheck is the check of notebook 07's first exercise: f(x,
// logits, z, mu, logVar) must return log p(x|z) + log p(z) − log q(z|x)
// as LogWeight does.
func LogWeightCheck(f func(x, logits, z, mu, logVar []float64) float64) exercise.Check[weightInput, float64] {
	cases := []exercise.Case[weightInput]{
		{Name: "fixed", In: weightInput{
			x: []float64{1, 0, 1, 1}, logits: []float64{2.5, -1, 0.5, -0.25},
			z: []float64{0.5, -1}, mu: []float64{0.25, -0.5}, logVar: []float64{-1, 0.5}}},
		{Name: "z at the mean, logσ² = 0", In: weightInput{
			x: []float64{0, 1}, logits: []float64{-2, 3},
			z: []float64{0.75, -0.5}, mu: []float64{0.75, -0.5}, logVar: []float64{0, 0}},
			Hint: "with z = μ and σ = 1, log p(z) − log q(z|x) is −½Σz²: the two normalizers cancel"},
		{Name: "logits ±100", In: weightInput{
			x: []float64{1, 0, 1, 0}, logits: []float64{100, -100, -100, 100},
			z: []float64{0.1}, mu: []float64{0}, logVar: []float64{0}},
			Hint: "log σ(−100) is −100, but 1 − σ(100) rounds to 0 and log 0 is −Inf: use −log p(x|z) = Σ softplus(l) − x·l, with softplus(l) = max(l, 0) + log(1 + e^−|l|)"},
		{Name: "logσ² = 30", In: weightInput{
			x: []float64{1}, logits: []float64{1.5},
			z: []float64{0.5 + math.Exp(15)*1e-6}, mu: []float64{0.5}, logVar: []float64{30}},
			Hint: "log q(z|x) = −½Σ(ε² + log σ² + log 2π): here log σ² = 30 contributes −15 to log q, so +15 to log w"},
		{Name: "logσ² = −30", In: weightInput{
			x: []float64{0}, logits: []float64{-0.5},
			z: []float64{1.25 - math.Exp(-15)*1.5}, mu: []float64{1.25}, logVar: []float64{-30}},
			Hint: "σ = e^(½ log σ²) ≈ 3·10⁻⁷ here and ε = (z − μ)/σ = −1.5: dividing by σ² instead makes ε millions of times too large"},
		{Name: "no pixels, no code", In: weightInput{x: []float64{}, logits: []float64{}, z: []float64{}, mu: []float64{}, logVar: []float64{}},
			Hint: "with nothing to sum, every term is 0"},
	}
	rng := rand.New(rand.NewPCG(7, 1))
	for i := range 4 {
		d, zd := 1+rng.IntN(40), 1+rng.IntN(20)
		in := weightInput{x: make([]float64, d), logits: make([]float64, d),
			z: make([]float64, zd), mu: make([]float64, zd), logVar: make([]float64, zd)}
		for p := range d {
			in.x[p] = float64(rng.IntN(2))
			in.logits[p] = f32(4 * rng.NormFloat64())
		}
		for j := range zd {
			in.mu[j], in.logVar[j] = rng.NormFloat64(), 2*rng.NormFloat64()-1
			in.z[j] = in.mu[j] + math.Exp(0.5*in.logVar[j])*rng.NormFloat64()
		}
		cases = append(cases, exercise.Case[weightInput]{Name: fmt.Sprintf("random #%d", i+1), In: in})
	}
	return exercise.Check[weightInput, float64]{
		Name: "one log importance weight", Func: "myLogWeight", Against: "likelihood.LogWeight",
		Hint:  "log p(x|z) = −Σ_d [softplus(l_d) − x_d·l_d]; log p(z) = Σ_j −½(z_j² + log 2π); log q(z|x) = Σ_j −½(ε_j² + log σ_j² + log 2π), ε = (z − μ)/σ",
		Cases: cases,
		Want:  func(in weightInput) float64 { return LogWeight(in.x, in.logits, in.z, in.mu, in.logVar) },
		Got: func(in weightInput) float64 {
			return f(slices.Clone(in.x), slices.Clone(in.logits), slices.Clone(in.z), slices.Clone(in.mu), slices.Clone(in.logVar))
		},
		// The reconstruction term is vae.BCEForward's, whose terms are
		// float32 (the model's own), so a float64 answer differs from it
		// by about 1e-8 of its size.
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-6, 1e-6) },
		ShowIn: weightInput.String, ShowOut: exercise.Num,
	}
}

// CheckLogWeight runs LogWeightCheck(f) and prints its verdict (notebook
// 07, exercise 1).
func CheckLogWeight(f func(x, logits, z, mu, logVar []float64) float64) exercise.Status {
	return LogWeightCheck(f).Run()
}

// shiftHint is the hint of every case that only a max-shifted sum passes.
const shiftHint = "e^−1000 is 0 and e^1000 is +Inf in float64: factor out the largest term m, log Σ e^(a_i) = m + log Σ e^(a_i − m)"

// logWeightSets are the inputs of the log-sum-exp and bound checks: sets
// of log weights, fixed, extreme and random (digit-sized, around −100
// nats, of up to 5000 samples). The hints are for the log-sum-exp; the
// bound's check replaces them.
func logWeightSets() []exercise.Case[[]float64] {
	inf := math.Inf(1)
	cases := []exercise.Case[[]float64]{
		{Name: "fixed", In: []float64{-100.5, -98.25, -101, -99}},
		{Name: "k = 1", In: []float64{-104.25},
			Hint: "the log-sum-exp of one term is that term"},
		{Name: "log weights near −1000", In: []float64{-1000, -1001, -1002}, Hint: shiftHint},
		{Name: "log weights near +1000", In: []float64{1000, 999.5, 1000}, Hint: shiftHint},
		{Name: "k = 1 at 1000", In: []float64{1000}, Hint: shiftHint},
		{Name: "terms 2000 apart", In: []float64{-1000, 0, 1000},
			Hint: "shift by the largest term, not the first: e^(1000 − (−1000)) overflows"},
		{Name: "a −Inf term", In: []float64{math.Inf(-1), -100, -101},
			Hint: "a log weight of −Inf is a weight of 0: it adds e^−Inf = 0 to the sum"},
		{Name: "every term −Inf", In: []float64{math.Inf(-1), math.Inf(-1)},
			Hint: "when the largest term is −Inf every weight is 0 and the answer is −Inf: return it before computing a − m, since −Inf − (−Inf) is NaN"},
		{Name: "a +Inf term", In: []float64{inf, 3},
			Hint: "when the largest term is +Inf so is the sum: return it before computing a − m, since Inf − Inf is NaN"},
		{Name: "a NaN term", In: []float64{1, math.NaN(), 2},
			Hint: "a NaN term makes the sum NaN"},
	}
	rng := rand.New(rand.NewPCG(7, 2))
	for i, k := range []int{2, 10, 200, 5000} {
		w := make([]float64, k)
		for j := range w {
			w[j] = -100 + 3*rng.NormFloat64()
		}
		cases = append(cases, exercise.Case[[]float64]{Name: fmt.Sprintf("random #%d", i+1), In: w})
	}
	return cases
}

// LogSumExpCheck is the check of notebook 07's second exercise: f(a) must
// return log Σ_i e^(a_i) as LogSumExp does, with no terms, infinite and
// NaN terms as it treats them.
func LogSumExpCheck(f func(a []float64) float64) exercise.Check[[]float64, float64] {
	cases := append(logWeightSets(), exercise.Case[[]float64]{Name: "no terms", In: []float64{},
		Hint: "an empty sum is 0, and log 0 is −Inf"})
	return exercise.Check[[]float64, float64]{
		Name: "log-sum-exp", Func: "myLogSumExp", Against: "likelihood.LogSumExp",
		Hint:   "m = the largest a_i; return m if it is ±Inf; else m + log Σ_i e^(a_i − m)",
		Cases:  cases,
		Want:   LogSumExp,
		Got:    func(a []float64) float64 { return f(slices.Clone(a)) },
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-12, 1e-12) },
		ShowIn: exercise.Vec, ShowOut: exercise.Num,
	}
}

// CheckLogSumExp runs LogSumExpCheck(f) and prints its verdict (notebook
// 07, exercise 2).
func CheckLogSumExp(f func(a []float64) float64) exercise.Status { return LogSumExpCheck(f).Run() }

// BoundCheck is the check of notebook 07's third exercise: f(logw) must
// return the k-sample bound of its k = len(logw) log weights, log (1/k)
// Σ_i e^(log w_i), as Bound(logw, len(logw)) does.
func BoundCheck(f func(logw []float64) float64) exercise.Check[[]float64, float64] {
	var cases []exercise.Case[[]float64]
	for _, c := range logWeightSets() {
		if c.Name == "a NaN term" {
			continue
		}
		c.Hint = ""
		switch c.Name {
		case "k = 1", "k = 1 at 1000":
			c.Hint = "with k = 1 the bound is the log weight itself, the ELBO's one-sample estimate: log (1/1) e^(log w) = log w"
		case "log weights near −1000", "log weights near +1000", "terms 2000 apart":
			c.Hint = "take the log of the sum with a log-sum-exp (yours or likelihood.LogSumExp), never through e^(log w)"
		}
		cases = append(cases, c)
	}
	cases = append(cases, exercise.Case[[]float64]{Name: "10 equal log weights", In: slices.Repeat([]float64{-100}, 10),
		Hint: "the average of k equal weights is that weight: subtract log k from the log of the sum"})
	return exercise.Check[[]float64, float64]{
		Name: "the k-sample bound", Func: "myBound", Against: "likelihood.Bound(logw, len(logw))",
		Hint:   "log (1/k) Σ_i e^(log w_i) = LogSumExp(logw) − log k: the average inside the log, not outside",
		Cases:  cases,
		Want:   func(w []float64) float64 { return Bound(w, len(w)) },
		Got:    func(w []float64) float64 { return f(slices.Clone(w)) },
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-12, 1e-12) },
		ShowIn: exercise.Vec, ShowOut: exercise.Num,
	}
}

// CheckBound runs BoundCheck(f) and prints its verdict (notebook 07,
// exercise 3).
func CheckBound(f func(logw []float64) float64) exercise.Status { return BoundCheck(f).Run() }
