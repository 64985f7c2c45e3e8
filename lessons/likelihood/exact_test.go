package likelihood

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/vae"
)

// tinyModel is a VAE with a 1-D latent, small enough that log p(x) can be
// integrated over a grid of z. Its decoder weights are scaled up so that
// p(x|z) changes sharply with z and the encoder's q(z|x), untrained, is a
// poor match for the true posterior: the ELBO then sits well below log p(x).
func tinyModel(t *testing.T, lik vae.Likelihood) *vae.Model {
	t.Helper()
	m, err := vae.New(vae.Config{Kind: vae.VAE, Input: 8, Hidden: 6, Latent: 1, Likelihood: lik, Sigma: 0.5, Threads: 1}, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []*vae.Linear{m.Fc3, m.Fc4} {
		for i := range l.W {
			l.W[i] *= 4
		}
	}
	return m
}

// exactLogP integrates p(x) = ∫ p(x|z) N(z; 0, 1) dz for the one row of x
// by the midpoint rule over [−10, 10] in steps of 0.001, in log space:
// log p(x) ≈ LogSumExp_g[−nll(x|z_g) + log N(z_g; 0, 1)] + log Δz. The
// prior's mass beyond ±10 is 10⁻²³ and p(x|z) is bounded (≤ 1 for a mass,
// ≤ (s√2π)^-D for the density), so the tails cannot matter; halving the
// step changes no result of TestBoundReachesExactLogP in its sixth decimal.
func exactLogP(m *vae.Model, x vae.Mat, nll NLL) float64 {
	const lo, hi, dz = -10.0, 10.0, 0.001
	n := int((hi - lo) / dz)
	z := vae.NewMat(n, 1)
	for g := range n {
		z.Data[g] = float32(lo + (float64(g)+0.5)*dz)
	}
	target := vae.NewMat(n, x.Cols)
	for g := range n {
		copy(target.Row(g), x.Row(0))
	}
	neg := make([]float64, n)
	nll(m.DecodeLogits(z), target, neg)
	terms := make([]float64, n)
	for g := range n {
		zg := float64(z.Data[g])
		terms[g] = -neg[g] - 0.5*zg*zg - 0.5*math.Log(2*math.Pi)
	}
	return LogSumExp(terms) + math.Log(dz)
}

func TestBoundReachesExactLogP(t *testing.T) {
	digits := vae.MatFrom(2, 8, []float32{1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0})
	for _, tc := range []struct {
		name string
		lik  vae.Likelihood
		nll  func(m *vae.Model) NLL
	}{
		{"bernoulli mass", vae.Bernoulli, ModelNLL},
		{"gaussian density", vae.Gaussian, ModelNLL},
		{"rounded gaussian mass", vae.Gaussian, func(m *vae.Model) NLL { return RoundedGaussianNLL(m.Config.Sigma) }},
	} {
		m := tinyModel(t, tc.lik)
		nll := tc.nll(m)
		w := LogWeights(m, digits, 40000, nll, rand.New(rand.NewPCG(1, 2)))
		for r := range digits.Rows {
			exact := exactLogP(m, digits.Slice(r, r+1), nll)
			elbo, iwae := Bound(w[r], 1), Bound(w[r], 5000)
			// 0.02 nats: the remaining bias of L_5000 on this 1-D
			// posterior plus the noise of 8 groups, measured at 0.003 to
			// 0.007 (always below, as a lower bound should be).
			if math.Abs(iwae-exact) > 0.02 {
				t.Errorf("%s, digit %d: L_5000 = %.4f, exact log p(x) = %.4f", tc.name, r, iwae, exact)
			}
			// The ELBO must sit clearly below, or this test could not tell
			// the bound from the ELBO.
			if exact-elbo < 0.1 {
				t.Errorf("%s, digit %d: ELBO %.4f is within 0.1 nats of log p(x) %.4f; make the tiny model's posterior harder", tc.name, r, elbo, exact)
			}
		}
	}
}

func TestELBOIsTheOneSampleBound(t *testing.T) {
	for _, lik := range []vae.Likelihood{vae.Bernoulli, vae.Gaussian} {
		m := tinyModel(t, lik)
		const n = 20000
		x := vae.NewMat(n, 8)
		for i := range n {
			copy(x.Row(i), []float32{1, 0, 0, 1, 1, 0, 1, 0})
		}
		w := LogWeights(m, x.Slice(0, 1), n, ModelNLL(m), rand.New(rand.NewPCG(3, 4)))[0]
		l1, se1 := MeanSE(w)
		// The library's ELBO: one z per row, analytic KL.
		loss := m.Forward(x, rand.New(rand.NewPCG(5, 6)))
		recon, kl := m.RowLosses()
		rows := make([]float64, n)
		for i := range rows {
			rows[i] = -(recon[i] + kl[i])
		}
		elbo, se2 := MeanSE(rows)
		if d := l1 - elbo; math.Abs(d) > 4*math.Hypot(se1, se2) {
			t.Errorf("%v: L_1 = %.4f ± %.4f, library ELBO %.4f ± %.4f (loss %.4f): %.1f standard errors apart",
				lik, l1, se1, elbo, se2, -loss.Total/n, d/math.Hypot(se1, se2))
		}
	}
}
