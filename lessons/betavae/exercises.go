package betavae

import (
	"cmp"
	"fmt"
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/klterm"
	"github.com/vaelab/govae/vae"
)

// lossInput is one case of the β-loss exercise: the per-digit terms of a
// batch from Model.Forward, the KL weight, and the loss Model.Forward
// returned for the batch at that weight and at weight 1.
type lossInput struct {
	recon, kl     []float64 // (B) each digit's reconstruction and KL terms
	beta          float64
	atBeta, atOne vae.Loss // Model.Forward's loss at β and at β = 1
}

func (in lossInput) String() string {
	return fmt.Sprintf("β = %g, batch of %d: recon = %s, kl = %s", in.beta, len(in.recon), exercise.Vec(in.recon), exercise.Vec(in.kl))
}

// losses is the result of the β-loss exercise, per digit.
type losses struct{ betaLoss, negELBO float64 }

func (l losses) String() string {
	return fmt.Sprintf("β-loss %s, −ELBO %s", exercise.Num(l.betaLoss), exercise.Num(l.negELBO))
}

// forwardCase runs a small random VAE (16 pixels, 3 latent dimensions) on
// n random digits with KL weight beta, and again with weight 1 and the
// same noise ε, and returns the case: the rows' terms and both losses.
func forwardCase(beta float64, n int, seed uint64) lossInput {
	m, err := vae.New(vae.Config{Kind: vae.VAE, Input: 16, Hidden: 8, Latent: 3}, seed)
	if err != nil {
		panic(err) // a fixed, valid config
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	x := vae.NewMat(n, 16)
	for i := range x.Data {
		x.Data[i] = rng.Float32()
	}
	in := lossInput{beta: beta}
	// As vae.Train does during warm-up: the weight is given to the
	// forward pass, step by step, and may be 0.
	in.atBeta = m.ForwardTarget(x, x, beta, rand.New(rand.NewPCG(seed, 2)))
	recon, kl := m.RowLosses()
	in.recon, in.kl = append([]float64(nil), recon...), append([]float64(nil), kl...)
	in.atOne = m.ForwardTarget(x, x, 1, rand.New(rand.NewPCG(seed, 2)))
	return in
}

// BetaLossCheck is the check of notebook 05's first exercise: given each
// digit's reconstruction and KL terms of a batch and the weight β,
// f(recon, kl, beta) must return, per digit, the β-weighted loss that
// training minimises and the negative ELBO, as Model.Forward computes
// them (Loss.Total at β and at β = 1, per sample).
func BetaLossCheck(f func(recon, kl []float64, beta float64) (betaLoss, negELBO float64)) exercise.Check[lossInput, losses] {
	cases := []exercise.Case[lossInput]{
		{Name: "β = 1 on one digit", In: forwardCase(1, 1, 1),
			Hint: "at β = 1 the β-loss is the negative ELBO: recon + KL"},
		{Name: "β = 4", In: forwardCase(4, 5, 2),
			Hint: "the β-loss weights the KL by β; the negative ELBO does not weight it at all"},
		{Name: "β = 0.5", In: forwardCase(0.5, 8, 3)},
		{Name: "β = 0 (first warm-up step)", In: forwardCase(0, 4, 4),
			Hint: "at β = 0 the β-loss is the reconstruction alone; the negative ELBO still counts the KL in full"},
		{Name: "β = 8", In: forwardCase(8, 16, 5),
			Hint: "per digit: divide the batch's sums by the number of digits"},
	}
	rng := rand.New(rand.NewPCG(5, 1))
	for i := range 3 {
		beta := float64(float32(10 * rng.Float64()))
		cases = append(cases, exercise.Case[lossInput]{Name: fmt.Sprintf("random #%d", i+1), In: forwardCase(beta, 1+rng.IntN(32), 10+uint64(i))})
	}
	return exercise.Check[lossInput, losses]{
		Name: "β-weighted loss and negative ELBO", Func: "myBetaLoss", Against: "Model.Forward's Loss.Total at β and at β = 1, per digit",
		Hint:  "mean over the digits of recon_i + β·kl_i, and of recon_i + kl_i",
		Cases: cases,
		Want: func(in lossInput) losses {
			return losses{in.atBeta.PerSample().Total, in.atOne.PerSample().Total}
		},
		Got: func(in lossInput) losses {
			b, e := f(in.recon, in.kl, in.beta)
			return losses{b, e}
		},
		Differ: func(want, got losses) string {
			return cmp.Or(
				exercise.Named("β-loss", exercise.Near(want.betaLoss, got.betaLoss, 1e-9, 1e-9)),
				exercise.Named("−ELBO", exercise.Near(want.negELBO, got.negELBO, 1e-9, 1e-9)),
			)
		},
		ShowIn: lossInput.String, ShowOut: losses.String,
	}
}

// CheckBetaLoss runs BetaLossCheck(f) and prints its verdict (notebook 05,
// exercise 1).
func CheckBetaLoss(f func(recon, kl []float64, beta float64) (betaLoss, negELBO float64)) exercise.Status {
	return BetaLossCheck(f).Run()
}

// activeInput is one case of the active-units exercise: the encoder's
// means and log-variances of some digits, a threshold, and the model and
// digits they came from, which klterm.PerDim reads.
type activeInput struct {
	mu, logVar vae.Mat // (N, Z) each
	threshold  float64
	m          *vae.Model
	x          vae.Mat
}

func (in activeInput) String() string {
	digits := fmt.Sprintf("%d digits", in.mu.Rows)
	if in.mu.Rows == 1 {
		digits = "1 digit"
	}
	s := fmt.Sprintf("%s × %d dimensions, threshold %g", digits, in.mu.Cols, in.threshold)
	if in.mu.Rows > 0 {
		s += fmt.Sprintf("; first digit: mu = %s, logVar = %s", exercise.Vec(row64(in.mu, 0)), exercise.Vec(row64(in.logVar, 0)))
	}
	return s + fmt.Sprintf("; average KL per dimension (klterm.PerDim) = %s", exercise.Vec(klterm.PerDim(in.m, in.x)))
}

// row64 returns row i of m in float64.
func row64(m vae.Mat, i int) []float64 {
	out := make([]float64, m.Cols)
	for j, v := range m.Row(i) {
		out[j] = float64(v)
	}
	return out
}

// copier returns a VAE whose encoder copies its input, and the input that
// makes it encode row i to the means mu[i] and log-variances logVar[i]
// (Z each, rounded to float32): x = [μ, logσ²] (2Z pixels), a hidden
// layer of 4Z units holding relu(±x), and output weights of ±1, so every
// product is exact. klterm.PerDim then measures the case's own codes.
func copier(z int, mu, logVar [][]float64) activeInput {
	m, err := vae.New(vae.Config{Kind: vae.VAE, Input: 2 * z, Hidden: 4 * z, Latent: z}, 1)
	if err != nil {
		panic(err) // a valid config
	}
	for _, l := range []*vae.Linear{m.Fc1, m.FcMu, m.FcLogVar} {
		clear(l.W)
		clear(l.B)
	}
	for k := range 2 * z { // hidden unit k copies x_k, unit 2z+k copies −x_k
		m.Fc1.W[k*m.Fc1.Out+k] = 1
		m.Fc1.W[k*m.Fc1.Out+2*z+k] = -1
	}
	for j := range z {
		m.FcMu.W[j*z+j], m.FcMu.W[(2*z+j)*z+j] = 1, -1
		m.FcLogVar.W[(z+j)*z+j], m.FcLogVar.W[(3*z+j)*z+j] = 1, -1
	}
	x := vae.NewMat(len(mu), 2*z)
	for i := range mu {
		copy(x.Row(i)[:z], f32(mu[i]))
		copy(x.Row(i)[z:], f32(logVar[i]))
	}
	in := activeInput{m: m, x: x}
	in.mu, in.logVar = m.Encode(x)
	return in
}

func f32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

// activeCases are the inputs of the active-units check.
func activeCases() []exercise.Case[activeInput] {
	with := func(th float64, in activeInput) activeInput { in.threshold = th; return in }
	// Five dimensions: collapsed (exactly the prior), clearly used, a
	// constant mean of 0.5 (0.125 nats, though its mean does not vary), a
	// varying mean worth 0.007 nats (below 0.01, though its variance is
	// above), a constant mean of 0.3 (0.045 nats).
	fixed := copier(5,
		[][]float64{{0, 1.5, 0.5, 0.12, 0.3}, {0, -1.5, 0.5, -0.12, 0.3}, {0, 1, 0.5, 0.12, 0.3}, {0, -1, 0.5, -0.12, 0.3}},
		[][]float64{{0, -2, 0, 0, 0}, {0, -2, 0, 0, 0}, {0, -2, 0, 0, 0}, {0, -2, 0, 0, 0}})
	// Forty digits spending 0.002 nats on each of three dimensions: 0.08
	// nats summed over the digits, 0.002 on average.
	var smallMu, smallLv [][]float64
	for i := range 40 {
		s := float64(1 - 2*(i%2))
		smallMu, smallLv = append(smallMu, []float64{0.0632 * s, -0.0632 * s, 0.0632}), append(smallLv, []float64{0, 0, 0})
	}
	cases := []exercise.Case[activeInput]{
		{Name: "four digits", In: with(0.01, fixed),
			Hint: "average each dimension's KL over the digits, then count the averages above the threshold; a constant mean still costs KL"},
		{Name: "small KL on many digits", In: with(0.01, copier(3, smallMu, smallLv)),
			Hint: "average over the digits, do not sum: 0.002 nats on each of 40 digits is 0.002 on average"},
		{Name: "logσ² = 30", In: with(0.01, copier(2, [][]float64{{0, 0}, {0.5, 0}}, [][]float64{{30, 0}, {30, 0}})),
			Hint: "σ² = e^logσ², a huge variance: the KL is about e^30/2 nats"},
		{Name: "logσ² = −30", In: with(0.01, copier(2, [][]float64{{0, 0}}, [][]float64{{-30, -0.1}})),
			Hint: "KL = −½(1 + logσ² − μ² − σ²) with σ² = e^logσ², not σ = e^(½logσ²): at logσ² = −0.1 that is 0.0024 nats"},
		{Name: "threshold 0.1", In: with(0.1, fixed)},
		{Name: "threshold 0", In: with(0, fixed),
			Hint: "a dimension is active when its average KL is strictly above the threshold; a collapsed one has exactly 0"},
		{Name: "no digits", In: with(0.01, copier(4, nil, nil)),
			Hint: "with no digits nothing is active: return 0 (an average over no digits is 0/0 = NaN, and NaN > threshold is false)"},
	}
	rng := rand.New(rand.NewPCG(5, 2))
	for i := range 4 {
		n, z := 1+rng.IntN(50), 1+rng.IntN(20)
		scale, shift := make([]float64, z), make([]float64, z)
		for j := range z {
			scale[j] = 0.3 * rng.ExpFloat64() * rng.ExpFloat64()
			shift[j] = scale[j] * rng.NormFloat64()
		}
		mu, lv := make([][]float64, n), make([][]float64, n)
		for r := range n {
			mu[r], lv[r] = make([]float64, z), make([]float64, z)
			for j := range z {
				mu[r][j] = scale[j] * rng.NormFloat64()
				lv[r][j] = shift[j] + 0.5*scale[j]*rng.NormFloat64()
			}
		}
		cases = append(cases, exercise.Case[activeInput]{Name: fmt.Sprintf("random #%d", i+1), In: with(0.01, copier(z, mu, lv))})
	}
	return cases
}

// ActiveCheck is the check of notebook 05's second exercise: given the
// encoder's means and log-variances of N digits (rows), f(mu, logVar,
// threshold) must count the latent dimensions whose KL, averaged over the
// digits, is above threshold, as klterm.Active(klterm.PerDim(m, x),
// threshold) does.
func ActiveCheck(f func(mu, logVar vae.Mat, threshold float64) int) exercise.Check[activeInput, int] {
	return exercise.Check[activeInput, int]{
		Name: "active units by KL per dimension", Func: "myActive", Against: "klterm.Active(klterm.PerDim(m, x), threshold)",
		Hint:  "for each dimension j: the mean over the digits i of −½(1 + logσ²_ij − μ_ij² − e^logσ²_ij); count those above the threshold",
		Cases: activeCases(),
		Want:  func(in activeInput) int { return klterm.Active(klterm.PerDim(in.m, in.x), in.threshold) },
		Got:   func(in activeInput) int { return f(in.mu, in.logVar, in.threshold) },
		Differ: func(want, got int) string {
			if want != got {
				return fmt.Sprintf("%d active, expected %d", got, want)
			}
			return ""
		},
		ShowIn: activeInput.String,
	}
}

// CheckActive runs ActiveCheck(f) and prints its verdict (notebook 05,
// exercise 2).
func CheckActive(f func(mu, logVar vae.Mat, threshold float64) int) exercise.Status {
	return ActiveCheck(f).Run()
}

// betaInput is one case of the warm-up exercise: a recipe and a step.
type betaInput struct {
	r course.Recipe
	t int
}

func (in betaInput) String() string {
	if in.r.Warmup == 0 {
		return fmt.Sprintf("β = %g, no warm-up, t = %d", in.r.Model.Beta, in.t)
	}
	return fmt.Sprintf("β = %g, warm-up T = %d steps, t = %d", in.r.Model.Beta, in.r.Warmup, in.t)
}

// BetaCheck is the check of notebook 05's third exercise: f(r, t) must
// return the KL weight β_t = β·min(t/T, 1) that recipe r trains with at
// step t, as Beta does.
func BetaCheck(f func(r course.Recipe, t int) float64) exercise.Check[betaInput, float64] {
	recipe := func(beta float64, warmup int) course.Recipe {
		r := klterm.BetaRecipe("mnist", 3, 200, 20, beta)
		if warmup > 0 {
			r = Warmup(r, warmup)
		}
		return r
	}
	cases := []exercise.Case[betaInput]{
		{Name: "t = 0", In: betaInput{recipe(8, 938), 0},
			Hint: "the warm-up starts from β_0 = 0: a plain autoencoder with noise"},
		{Name: "midway", In: betaInput{recipe(8, 938), 469},
			Hint: "t/T between integers is 0 until t reaches T: convert t and T to float64 before dividing"},
		{Name: "t = T", In: betaInput{recipe(8, 938), 938}},
		{Name: "after the warm-up", In: betaInput{recipe(8, 938), 1200},
			Hint: "min(t/T, 1): after T steps the weight stays at β"},
		{Name: "no warm-up", In: betaInput{recipe(8, 0), 0},
			Hint: "r.Warmup = 0 means no warm-up: β from the first step (and t/0 is NaN or +Inf)"},
		{Name: "no warm-up (later step)", In: betaInput{recipe(4, 0), 100}},
		{Name: "T = 1 at t = 1", In: betaInput{recipe(2, 1), 1}},
		{Name: "β = 0.5", In: betaInput{recipe(0.5, 100), 37}},
		{Name: "β left 0 (the default, 1)", In: betaInput{recipe(0, 100), 50},
			Hint: "a Config's Beta of 0 means its default, 1 (vae.Config): use 1 there"},
	}
	rng := rand.New(rand.NewPCG(5, 3))
	for i := range 4 {
		beta := []float64{0.5, 1, 2, 4, 8, 16}[rng.IntN(6)]
		cases = append(cases, exercise.Case[betaInput]{Name: fmt.Sprintf("random #%d", i+1),
			In: betaInput{recipe(beta, 1+rng.IntN(3000)), rng.IntN(4000)}})
	}
	return exercise.Check[betaInput, float64]{
		Name: "KL warm-up schedule", Func: "myBeta", Against: "betavae.Beta",
		Hint:   "β_t = r.Model.Beta · min(t/T, 1) with T = r.Warmup, in float64; β throughout when T = 0",
		Cases:  cases,
		Want:   func(in betaInput) float64 { return Beta(in.r, in.t) },
		Got:    func(in betaInput) float64 { return f(in.r, in.t) },
		Differ: func(want, got float64) string { return exercise.Near(want, got, 1e-12, 1e-12) },
		ShowIn: betaInput.String, ShowOut: exercise.Num,
	}
}

// CheckBeta runs BetaCheck(f) and prints its verdict (notebook 05,
// exercise 3).
func CheckBeta(f func(r course.Recipe, t int) float64) exercise.Status { return BetaCheck(f).Run() }
