package latent

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/vaelab/govae/lessons/exercise"
)

// modelInput is one case of the first three exercises: a model, a
// pattern, a grid and (for the ELBO) a Gaussian q.
type modelInput struct {
	m    Model
	name string // how the model is written in the verdict, e.g. "latent.Strip()"
	x    []float64
	q    Gaussian
	g    Grid
}

func (in modelInput) String() string {
	name := in.name
	if name == "" {
		name = fmt.Sprintf("latent.Model{Centres: %s, Peak: %.4g, Sharpness: %.4g}", exercise.Vec(in.m.Centres), in.m.Peak, in.m.Sharpness)
	}
	g := fmt.Sprintf("latent.Grid{Lo: %g, Hi: %g, N: %d}", in.g.Lo, in.g.Hi, in.g.N)
	if in.g == Fine {
		g = "latent.Fine"
	}
	s := fmt.Sprintf("m = %s, x = latent.Pattern(%q), g = %s", name, Format(in.x), g)
	if in.q.Sigma != 0 {
		s += fmt.Sprintf(", q = latent.Gaussian{Mu: %.4g, Sigma: %.4g}", in.q.Mu, in.q.Sigma)
	}
	return s
}

// clone copies the input's slices, so that a learner's function that
// changes them cannot change the library's answer, and the check sees it.
func (in modelInput) clone() (Model, []float64) {
	m := in.m
	m.Centres = slices.Clone(m.Centres)
	return m, slices.Clone(in.x)
}

// sharp is a decoder so sharp that every term of log p(x) for an
// improbable pattern is below −745, where e^x underflows to 0 in float64.
var sharp = Model{Centres: Strip().Centres, Peak: 4, Sharpness: 200}

// randomModel is a model of 1 to 10 pixels with random centres, peak and
// sharpness, and a random pattern for it.
func randomModel(rng *rand.Rand) (Model, []float64) {
	d := 1 + rng.IntN(10)
	m := Model{Centres: make([]float64, d), Peak: 2 + 4*rng.Float64(), Sharpness: 0.5 + 5*rng.Float64()}
	x := make([]float64, d)
	for i := range d {
		m.Centres[i] = 4*rng.Float64() - 2
		x[i] = float64(rng.IntN(2))
	}
	return m, x
}

// modelCases are the cases shared by the checks of log p(x) and of the
// posterior.
func modelCases(seed uint64) []exercise.Case[modelInput] {
	strip := Strip()
	cases := []exercise.Case[modelInput]{
		{Name: "fixed", In: modelInput{m: strip, name: "latent.Strip()", x: Pattern("00111100"), g: Fine}},
		{Name: "nothing lit", In: modelInput{m: strip, name: "latent.Strip()", x: Pattern("00000000"), g: Fine}},
		{Name: "a coarser grid", In: modelInput{m: strip, name: "latent.Strip()", x: Pattern("11000000"), g: Grid{Lo: -6, Hi: 6, N: 301}},
			Hint: "Δz = (Hi − Lo)/(N − 1), here 0.04: use g.Step() rather than a number of your own"},
		{Name: "a sharp decoder", In: modelInput{m: sharp, x: Pattern("10000001"), g: Fine},
			Hint: "every log p(x, z_g) is below −745 here, where math.Exp gives 0: subtract the largest before exponentiating, and add it back after the log"},
		{Name: "a short grid", In: modelInput{m: strip, name: "latent.Strip()", x: Pattern("00111100"), g: Grid{Lo: -0.5, Hi: 0.5, N: 11}},
			Hint: "the sum runs over all g.N points, g.Z(0) to g.Z(g.N − 1): on this short grid the two ends carry a good part of the mass"},
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range 4 {
		m, x := randomModel(rng)
		cases = append(cases, exercise.Case[modelInput]{Name: fmt.Sprintf("random #%d", i+1), In: modelInput{m: m, x: x, g: randomGrid(rng)}})
	}
	return cases
}

// randomGrid is a grid of 1001 to 3000 points from about −6…−10 to
// 6…10: neither Fine's points nor its spacing, so that a function that
// uses Fine, or Δz = 0.008, instead of its grid argument disagrees.
func randomGrid(rng *rand.Rand) Grid {
	return Grid{Lo: -6 - 4*rng.Float64(), Hi: 6 + 4*rng.Float64(), N: 1001 + rng.IntN(2000)}
}

// LogMarginalCheck is the check of notebook 00's first exercise: f(m, x,
// g) must return log p(x) by quadrature on g, as LogMarginal does.
func LogMarginalCheck(f func(m Model, x []float64, g Grid) float64) exercise.Check[modelInput, float64] {
	return exercise.Check[modelInput, float64]{
		Name: "log p(x) by quadrature", Func: "myLogMarginal", Against: "latent.LogMarginal",
		Hint: "a_g = m.LogLik(x, z_g) + log p(z_g), with log p(z) = −½z² − ½log 2π; " +
			"then log p(x) = M + log Σ_g e^(a_g − M) + log Δz, M = max_g a_g",
		Cases: modelCases(1),
		Want:  func(in modelInput) float64 { m, x := in.clone(); return LogMarginal(m, x, in.g) },
		Got:   func(in modelInput) float64 { m, x := in.clone(); return f(m, x, in.g) },
		Differ: func(want, got float64) string {
			return exercise.Near(want, got, 1e-9, 1e-9)
		},
		ShowIn: modelInput.String, ShowOut: exercise.Num,
	}
}

// CheckLogMarginal runs LogMarginalCheck(f) and prints its verdict
// (notebook 00, exercise 1).
func CheckLogMarginal(f func(m Model, x []float64, g Grid) float64) exercise.Status {
	return LogMarginalCheck(f).Run()
}

// LogPosteriorCheck is the check of notebook 00's second exercise: f(m,
// x, g) must return log p(z_g|x) at every grid point, as LogPosterior
// does.
func LogPosteriorCheck(f func(m Model, x []float64, g Grid) []float64) exercise.Check[modelInput, []float64] {
	return exercise.Check[modelInput, []float64]{
		Name: "the posterior on the grid", Func: "myLogPosterior", Against: "latent.LogPosterior",
		Hint: "Bayes' rule in logs: log p(z_g|x) = log p(x|z_g) + log p(z_g) − log p(x), " +
			"with log p(x) from latent.LogMarginal (or your myLogMarginal); then Σ_g p(z_g|x)·Δz = 1",
		Cases: modelCases(2),
		Want:  func(in modelInput) []float64 { m, x := in.clone(); return LogPosterior(m, x, in.g) },
		Got:   func(in modelInput) []float64 { m, x := in.clone(); return f(m, x, in.g) },
		Differ: func(want, got []float64) string {
			return exercise.NearSlice(want, got, 1e-9, 1e-9)
		},
		ShowIn: modelInput.String, ShowOut: exercise.Vec,
	}
}

// CheckLogPosterior runs LogPosteriorCheck(f) and prints its verdict
// (notebook 00, exercise 2).
func CheckLogPosterior(f func(m Model, x []float64, g Grid) []float64) exercise.Status {
	return LogPosteriorCheck(f).Run()
}

// ELBOCheck is the check of notebook 00's third exercise: f(m, x, q, g)
// must return the ELBO of the Gaussian q by quadrature on g, as ELBO does.
func ELBOCheck(f func(m Model, x []float64, q Gaussian, g Grid) float64) exercise.Check[modelInput, float64] {
	strip := Strip()
	in := func(x string, q Gaussian) modelInput {
		return modelInput{m: strip, name: "latent.Strip()", x: Pattern(x), q: q, g: Fine}
	}
	cases := []exercise.Case[modelInput]{
		{Name: "fixed", In: in("00111100", Gaussian{0.1, 0.3})},
		{Name: "q the prior", In: in("00011000", Gaussian{0, 1})},
		{Name: "a narrow q", In: in("11000000", Gaussian{-2, 0.05}),
			Hint: "far from μ, q(z_g) underflows to 0 and math.Log of it is −Inf, and 0·(−Inf) is NaN: " +
				"compute log q(z_g) from its formula, −½((z − μ)/σ)² − log σ − ½log 2π"},
		{Name: "a q far from the posterior", In: in("00111100", Gaussian{5, 0.5}),
			Hint: "the ELBO is very negative here, but finite"},
		{Name: "a wide q", In: in("00000000", Gaussian{0, 3})},
		{Name: "a short grid", In: modelInput{m: strip, name: "latent.Strip()", x: Pattern("11000000"), q: Gaussian{-2, 0.6}, g: Grid{Lo: -3, Hi: 1, N: 81}},
			Hint: "the sum runs over the points of g, g.Z(i) for i < g.N, which stop at −3 here and cut off part of q, " +
				"and Δz = (Hi − Lo)/(N − 1) is 0.05: use the grid argument g, not latent.Fine or a number of your own"},
	}
	rng := rand.New(rand.NewPCG(3, 1))
	for i := range 4 {
		m, x := randomModel(rng)
		q := Gaussian{2 * rng.NormFloat64(), math.Exp(rng.NormFloat64() - 1)}
		cases = append(cases, exercise.Case[modelInput]{Name: fmt.Sprintf("random #%d", i+1), In: modelInput{m: m, x: x, q: q, g: randomGrid(rng)}})
	}
	return exercise.Check[modelInput, float64]{
		Name: "the ELBO of a Gaussian q", Func: "myELBO", Against: "latent.ELBO",
		Hint: "Σ_g q(z_g)·[m.LogLik(x, z_g) + log p(z_g) − log q(z_g)]·Δz, with q(z_g) = e^(log q(z_g)) " +
			"and log q(z) = −½((z − μ)/σ)² − log σ − ½log 2π",
		Cases: cases,
		Want:  func(in modelInput) float64 { m, x := in.clone(); return ELBO(m, x, in.q, in.g) },
		Got:   func(in modelInput) float64 { m, x := in.clone(); return f(m, x, in.q, in.g) },
		Differ: func(want, got float64) string {
			return exercise.Near(want, got, 1e-9, 1e-9)
		},
		ShowIn: modelInput.String, ShowOut: exercise.Num,
	}
}

// CheckELBO runs ELBOCheck(f) and prints its verdict (notebook 00,
// exercise 3).
func CheckELBO(f func(m Model, x []float64, q Gaussian, g Grid) float64) exercise.Status {
	return ELBOCheck(f).Run()
}

// klInput is one case of the KL exercise: q, a log density on the grid,
// and how to show that density in a verdict.
type klInput struct {
	q    Gaussian
	logP []float64
	what string
	g    Grid
}

func (in klInput) String() string {
	return fmt.Sprintf("q = latent.Gaussian{Mu: %.4g, Sigma: %.4g}, logP = %s, g = latent.Grid{Lo: %g, Hi: %g, N: %d}",
		in.q.Mu, in.q.Sigma, in.what, in.g.Lo, in.g.Hi, in.g.N)
}

// gaussianOn is the log density of N(mu, sigma²) at the points of g.
func gaussianOn(mu, sigma float64, g Grid) []float64 {
	p := Gaussian{mu, sigma}
	out := make([]float64, g.N)
	for i := range out {
		out[i] = p.LogDensity(g.Z(i))
	}
	return out
}

// KLCheck is the check of notebook 00's fourth exercise: f(q, logP, g)
// must return KL(q ‖ p) by quadrature on g, as KL does.
func KLCheck(f func(q Gaussian, logP []float64, g Grid) float64) exercise.Check[klInput, float64] {
	strip := Strip()
	postOn := func(x string, g Grid, gName string) klInput {
		return klInput{logP: LogPosterior(strip, Pattern(x), g), g: g,
			what: fmt.Sprintf("latent.LogPosterior(latent.Strip(), latent.Pattern(%q), %s)", x, gName)}
	}
	post := func(x string) klInput { return postOn(x, Fine, "latent.Fine") }
	with := func(in klInput, q Gaussian) klInput { in.q = q; return in }
	cases := []exercise.Case[klInput]{
		{Name: "fixed", In: with(post("00111100"), Gaussian{0.1, 0.3})},
		{Name: "q = p", In: klInput{q: Gaussian{0, 1}, logP: gaussianOn(0, 1, Fine), what: "log N(z; 0, 1)", g: Fine},
			Hint: "the KL of a distribution from itself is 0"},
		{Name: "two Gaussians", In: klInput{q: Gaussian{1, 0.5}, logP: gaussianOn(0, 1, Fine), what: "log N(z; 0, 1)", g: Fine},
			Hint: "KL(N(1, 0.5²) ‖ N(0, 1)) = log(1/0.5) + (0.5² + 1²)/2 − ½ ≈ 0.818; KL(p ‖ q) would be ≈ 2.807"},
		{Name: "a bimodal posterior", In: with(post("00000000"), Gaussian{3.2, 0.4}),
			Hint: "KL(q ‖ p) averages log q − log p under q, not under p"},
		{Name: "a narrow q", In: with(post("11000000"), Gaussian{-2, 0.05}),
			Hint: "far from μ, q(z_g) underflows to 0 and math.Log of it is −Inf, and 0·(−Inf) is NaN: compute log q(z_g) from its formula"},
		{Name: "a coarser grid", In: with(postOn("11000000", Grid{Lo: -6, Hi: 6, N: 301}, "g"), Gaussian{-2, 0.4}),
			Hint: "Δz = (Hi − Lo)/(N − 1), here 0.04, and logP[i] belongs to the point g.Z(i): use the grid argument g, not latent.Fine or a number of your own"},
	}
	rng := rand.New(rand.NewPCG(4, 1))
	for i := range 4 {
		m, x := randomModel(rng)
		q := Gaussian{2 * rng.NormFloat64(), math.Exp(rng.NormFloat64() - 1)}
		g := randomGrid(rng)
		lp := LogPosterior(m, x, g)
		cases = append(cases, exercise.Case[klInput]{Name: fmt.Sprintf("random #%d", i+1),
			In: klInput{q: q, logP: lp, g: g, what: fmt.Sprintf("the posterior of a random model, %s", exercise.Vec(lp))}})
	}
	return exercise.Check[klInput, float64]{
		Name: "KL(q ‖ p) on the grid", Func: "myKL", Against: "latent.KL",
		Hint:  "Σ_g q(z_g)·[log q(z_g) − logP[g]]·Δz: the average of log q − log p under q",
		Cases: cases,
		Want:  func(in klInput) float64 { return KL(in.q, slices.Clone(in.logP), in.g) },
		Got:   func(in klInput) float64 { return f(in.q, slices.Clone(in.logP), in.g) },
		Differ: func(want, got float64) string {
			return exercise.Near(want, got, 1e-9, 1e-9)
		},
		ShowIn: klInput.String, ShowOut: exercise.Num,
	}
}

// CheckKL runs KLCheck(f) and prints its verdict (notebook 00, exercise
// 4).
func CheckKL(f func(q Gaussian, logP []float64, g Grid) float64) exercise.Status {
	return KLCheck(f).Run()
}
