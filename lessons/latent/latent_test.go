package latent

import (
	"math"
	"math/rand/v2"
	"testing"
)

var testPatterns = []string{"00111100", "00011000", "11000000", "10010000", "10000001", "00000000", "11111111"}

// TestGridIsFineEnough refines and widens the grid: log p(x), the ELBO and
// the KL must not change beyond rounding, so Fine's sums are the integrals.
func TestGridIsFineEnough(t *testing.T) {
	m := Strip()
	q := Gaussian{0.3, 0.4}
	for _, g := range []Grid{{-8, 8, 4001}, {-8, 8, 8001}, {-12, 12, 3001}} {
		for _, s := range testPatterns {
			x := Pattern(s)
			for _, c := range []struct {
				what         string
				fine, better float64
			}{
				{"log p(x)", LogMarginal(m, x, Fine), LogMarginal(m, x, g)},
				{"ELBO", ELBO(m, x, q, Fine), ELBO(m, x, q, g)},
				{"KL", KL(q, LogPosterior(m, x, Fine), Fine), KL(q, LogPosterior(m, x, g), g)},
			} {
				if d := math.Abs(c.fine - c.better); d > 1e-10*max(1, math.Abs(c.fine)) {
					t.Errorf("%s of %s: %.12f on Fine, %.12f on %+v (%.2g apart)", c.what, s, c.fine, c.better, g, d)
				}
			}
		}
	}
}

// TestCoarseGridIsNot checks that the convergence test above could fail:
// a grid with Δz = 0.4 misses the narrow posterior of a sharp decoder.
func TestCoarseGridIsNot(t *testing.T) {
	m, x := Model{Centres: Strip().Centres, Peak: 4, Sharpness: 30}, Pattern("00011000")
	if d := math.Abs(LogMarginal(m, x, Fine) - LogMarginal(m, x, Grid{-8, 8, 41})); d < 1e-3 {
		t.Errorf("a grid of 41 points gives log p(x) within %.2g of Fine's: this test cannot tell grids apart", d)
	}
}

// TestProbabilitiesSumToOne sums p(x) over all 2^D patterns: the model is
// a distribution over patterns, so the sum is 1 if log p(x) is right.
func TestProbabilitiesSumToOne(t *testing.T) {
	for _, m := range []Model{Strip(), {Centres: []float64{-1, 0.5, 2}, Peak: 6, Sharpness: 0.7}} {
		var s float64
		for _, x := range Patterns(len(m.Centres)) {
			s += math.Exp(LogMarginal(m, x, Fine))
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("%+v: Σ_x p(x) = %.15f", m, s)
		}
	}
}

// TestLogMarginalExact compares LogMarginal with models whose p(x) is
// known in closed form.
func TestLogMarginalExact(t *testing.T) {
	sig := func(l float64) float64 { return 1 / (1 + math.Exp(-l)) }
	for _, tc := range []struct {
		name string
		m    Model
		x    string
		want float64
	}{
		// Sharpness 0: p(x|z) does not depend on z, so p(x) = p(x|z).
		{"flat decoder, one lit", Model{Centres: []float64{0, 1}, Peak: 1.5}, "10", math.Log(sig(1.5) * (1 - sig(1.5)))},
		{"flat decoder, none lit", Model{Centres: []float64{0, 1, 2}, Peak: -2}, "000", 3 * math.Log(1-sig(-2))},
		// No pixels: p(x) = ∫ p(z) dz = 1.
		{"no pixels", Model{}, "", 0},
	} {
		if got := LogMarginal(tc.m, Pattern(tc.x), Fine); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: LogMarginal = %.15f, want %.15f", tc.name, got, tc.want)
		}
	}
}

// TestGapIsTheKL checks log p(x) = ELBO(q) + KL(q ‖ p(z|x)) for random q,
// with KL ≥ 0, and that the posterior integrates to 1.
func TestGapIsTheKL(t *testing.T) {
	m := Strip()
	rng := rand.New(rand.NewPCG(1, 1))
	for _, s := range testPatterns {
		x := Pattern(s)
		lp, post := LogMarginal(m, x, Fine), LogPosterior(m, x, Fine)
		var mass float64
		for _, v := range post {
			mass += math.Exp(v) * Fine.Step()
		}
		if math.Abs(mass-1) > 1e-12 {
			t.Errorf("%s: the posterior integrates to %.15f", s, mass)
		}
		for range 5 {
			// q inside the grid: the identity holds for the sums when
			// Σ_g q(z_g)·Δz = 1, and a q cut off at ±8 loses the difference.
			q := Gaussian{1.5 * rng.NormFloat64(), math.Exp(0.5*rng.NormFloat64() - 1)}
			if math.Abs(q.Mu)+10*q.Sigma > 8 {
				continue
			}
			elbo, kl := ELBO(m, x, q, Fine), KL(q, post, Fine)
			if kl < 0 || math.Abs(lp-elbo-kl) > 1e-9 {
				t.Errorf("%s, %v: log p(x) %.10f − ELBO %.10f = %.3g, KL %.3g", s, q, lp, elbo, lp-elbo, kl)
			}
		}
	}
}

// TestELBOGradient holds elboGrad to central finite differences of the
// ELBO in μ and log σ.
func TestELBOGradient(t *testing.T) {
	m := Strip()
	const h = 1e-5
	for _, s := range testPatterns {
		lj := LogJoint(m, Pattern(s), Fine)
		for _, q := range []Gaussian{{0, 1}, {-1.3, 0.2}, {2.5, 0.6}} {
			e, dMu, dLs := elboGrad(lj, q, Fine)
			if d := e - elboOf(lj, q, Fine); math.Abs(d) > 1e-12*math.Abs(e) {
				t.Errorf("%s, %v: elboGrad's ELBO is %.3g off elboOf's", s, q, d)
			}
			fdMu := (elboOf(lj, Gaussian{q.Mu + h, q.Sigma}, Fine) - elboOf(lj, Gaussian{q.Mu - h, q.Sigma}, Fine)) / (2 * h)
			fdLs := (elboOf(lj, Gaussian{q.Mu, q.Sigma * math.Exp(h)}, Fine) - elboOf(lj, Gaussian{q.Mu, q.Sigma * math.Exp(-h)}, Fine)) / (2 * h)
			if math.Abs(dMu-fdMu) > 1e-6*(1+math.Abs(fdMu)) || math.Abs(dLs-fdLs) > 1e-6*(1+math.Abs(fdLs)) {
				t.Errorf("%s, %v: gradient (%.8g, %.8g), finite differences (%.8g, %.8g)", s, q, dMu, dLs, fdMu, fdLs)
			}
		}
	}
}

// TestFitGaussian checks that the fitted q is the best of its family
// nearby (every small step in μ or σ lowers the ELBO), at least as good
// as any q of a wide search, and that its gap stays positive.
func TestFitGaussian(t *testing.T) {
	m := Strip()
	for _, s := range testPatterns {
		x := Pattern(s)
		q, e := FitGaussian(m, x, Fine)
		if d := e - ELBO(m, x, q, Fine); math.Abs(d) > 1e-12 {
			t.Errorf("%s: FitGaussian's ELBO is %.3g off ELBO(q)", s, d)
		}
		for _, step := range []Gaussian{{1e-3, 1}, {-1e-3, 1}, {0, 1.001}, {0, 0.999}} {
			if n := ELBO(m, x, Gaussian{q.Mu + step.Mu, q.Sigma * step.Sigma}, Fine); n > e {
				t.Errorf("%s: %v has ELBO %.12f, but a step to μ%+g, σ×%g gives %.12f", s, q, e, step.Mu, step.Sigma, n)
			}
		}
		lj := LogJoint(m, x, Fine)
		for mu := -5.0; mu <= 5; mu += 0.05 {
			for _, sd := range []float64{0.1, 0.2, 0.3, 0.5, 1, 2} {
				if n := elboOf(lj, Gaussian{mu, sd}, Fine); n > e+1e-12 {
					t.Fatalf("%s: %v has ELBO %.10f, but N(%g, %g²) has %.10f", s, q, e, mu, sd, n)
				}
			}
		}
		if gap := LogMarginal(m, x, Fine) - e; gap <= 1e-6 {
			t.Errorf("%s: the best Gaussian's gap is %.3g: the posterior should not be Gaussian", s, gap)
		}
	}
	// Nothing lit: the spot is off one end of the strip or the other, two
	// modes; a Gaussian can cover one, and the gap is then at least about
	// log 2.
	x := Pattern("00000000")
	_, e := FitGaussian(m, x, Fine)
	if gap := LogMarginal(m, x, Fine) - e; gap < 0.6 {
		t.Errorf("nothing lit: the best Gaussian's gap is %.4f, want about log 2 or more", gap)
	}
}

// TestEncoderGradient holds the gradient of the encoder's objective to
// central finite differences in each of its parameters.
func TestEncoderGradient(t *testing.T) {
	m := Model{Centres: []float64{-1, 0, 1.2}, Peak: 3, Sharpness: 2}
	g := Grid{-8, 8, 801}
	xs := Patterns(3)
	lj, px := make([][]float64, len(xs)), make([]float64, len(xs))
	for n, x := range xs {
		lj[n], px[n] = LogJoint(m, x, g), math.Exp(LogMarginal(m, x, g))
	}
	rng := rand.New(rand.NewPCG(2, 2))
	e := Encoder{MuWeights: make([]float64, 3), LogSigmaWeights: make([]float64, 3), MuBias: 0.2, LogSigmaBias: -0.7}
	for i := range 3 {
		e.MuWeights[i], e.LogSigmaWeights[i] = rng.NormFloat64(), 0.3*rng.NormFloat64()
	}
	_, grad := encoderObjective(e, xs, lj, px, g)
	const h = 1e-6
	for k := range grad {
		p := e.param(k)
		v := *p
		*p = v + h
		up, _ := encoderObjective(e, xs, lj, px, g)
		*p = v - h
		down, _ := encoderObjective(e, xs, lj, px, g)
		*p = v
		if fd := (up - down) / (2 * h); math.Abs(grad[k]-fd) > 1e-6*(1+math.Abs(fd)) {
			t.Errorf("parameter %d: gradient %.8g, finite difference %.8g", k, grad[k], fd)
		}
	}
}

// TestFitEncoder checks the order of the three averages: log p(x) ≥ the
// best Gaussian's ELBO per x ≥ the encoder's ELBO, and that training
// raised the encoder's ELBO above that of its starting point.
func TestFitEncoder(t *testing.T) {
	m, g := Strip(), Grid{-8, 8, 401}
	_, start := FitEncoder(m, g, 0)
	_, a := FitEncoder(m, g, 200)
	if !(a.LogP > a.BestELBO && a.BestELBO > a.EncoderELBO) {
		t.Errorf("want log p(x) > best ELBO > encoder's ELBO, got %+v", a)
	}
	if a.EncoderELBO <= start.EncoderELBO+0.1 {
		t.Errorf("training raised the encoder's ELBO from %.4f to %.4f only", start.EncoderELBO, a.EncoderELBO)
	}
	_, b, trace := FitEncoderTrace(m, g, 200)
	if len(trace) != 201 || b != a || math.Abs(trace[0]-start.EncoderELBO) > 1e-12 || math.Abs(trace[199]-trace[200]) > 1e-3 || trace[200] < trace[100] {
		t.Errorf("FitEncoderTrace: %d values, from %.6f (start %.6f) to %.6f, %.6f after 199 steps and %.6f after 100; result %+v, FitEncoder's %+v",
			len(trace), trace[0], start.EncoderELBO, trace[len(trace)-1], trace[199], trace[100], b, a)
	}
	if a.LogP != start.LogP || a.BestELBO != start.BestELBO {
		t.Errorf("log p(x) and the best ELBO depend on the encoder: %+v, %+v", start, a)
	}
}
