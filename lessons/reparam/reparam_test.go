package reparam

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/vae"
)

func TestEstimatorsAreUnbiased(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, p := range []Problem{{Mu: 1, Sigma: 0.5, C: 2}, {Mu: -1, Sigma: 2, C: 0}, {Mu: 0.3, Sigma: 1, C: 0.3}} {
		wantMu, wantSigma := p.Exact()
		const n = 400000
		for _, est := range []struct {
			name string
			f    func(Problem, int, *rand.Rand) (float64, float64)
		}{{"score function", ScoreFunction}, {"reparameterized", Reparameterized}} {
			// Standard errors from 20 repeats of n draws; 5 of them is a
			// wide but failing bound (a factor-2 bug moves the mean by
			// |∂J| ≥ 1, far more).
			var mus, sigmas []float64
			for range 20 {
				a, b := est.f(p, n/20, rng)
				mus, sigmas = append(mus, a), append(sigmas, b)
			}
			mMu, vMu := meanVar(mus)
			mS, vS := meanVar(sigmas)
			if se := math.Sqrt(vMu / 20); math.Abs(mMu-wantMu) > 5*se+1e-9 {
				t.Errorf("%+v %s: ∂J/∂μ ≈ %.4f ± %.4f, exact %.4f", p, est.name, mMu, se, wantMu)
			}
			if se := math.Sqrt(vS / 20); math.Abs(mS-wantSigma) > 5*se+1e-9 {
				t.Errorf("%+v %s: ∂J/∂σ ≈ %.4f ± %.4f, exact %.4f", p, est.name, mS, se, wantSigma)
			}
		}
	}
}

func TestReparameterizationHasLowerVariance(t *testing.T) {
	rows := Variances(Problem{Mu: 1, Sigma: 1, C: 2}, []int{1, 10, 100}, 2000, rand.New(rand.NewPCG(3, 3)))
	for _, r := range rows {
		// For this f the reparameterized ∂J/∂μ estimate, mean of 2(z−C),
		// has variance 4σ²/n exactly; the score-function one is larger by
		// more than a factor 5 here.
		want := 4.0 / float64(r.N)
		if math.Abs(r.ReparamVar-want) > 0.15*want {
			t.Errorf("n=%d: reparameterized variance %.4f, want 4σ²/n = %.4f", r.N, r.ReparamVar, want)
		}
		if r.ScoreVar < 5*r.ReparamVar {
			t.Errorf("n=%d: score-function variance %.4f is not well above reparameterized %.4f", r.N, r.ScoreVar, r.ReparamVar)
		}
	}
}

func TestSampleSlope(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	if s := SampleSlope(0.5, 1, 1e-3, true, rng); math.Abs(s-1) > 1e-9 {
		t.Errorf("slope with fixed noise = %g, want 1", s)
	}
	big := 0
	for range 100 {
		if math.Abs(SampleSlope(0.5, 1, 1e-3, false, rng)) > 10 {
			big++
		}
	}
	if big < 90 {
		t.Errorf("with fresh noise only %d of 100 slopes exceed 10; expected noise of size σ/h = 1000", big)
	}
}

func TestSamplesFollowTheDensity(t *testing.T) {
	z := Samples(1.5, 0.5, 50000, rand.New(rand.NewPCG(5, 5)))
	in := 0
	for _, v := range z {
		if v > 1.0 && v < 2.0 { // μ ± σ holds 68.27% of a Gaussian
			in++
		}
	}
	if f := float64(in) / float64(len(z)); math.Abs(f-0.6827) > 0.01 {
		t.Errorf("%.4f of samples within μ ± σ, want 0.6827", f)
	}
	if d := NormalDensity(0, 1, 0); math.Abs(d-0.3989422804) > 1e-9 {
		t.Errorf("N(0,1) density at 0 = %g", d)
	}
}

func TestParamSlope(t *testing.T) {
	m, _ := vae.New(vae.Config{Kind: vae.VAE, Input: 8, Hidden: 6, Latent: 2}, 1)
	x := vae.NewMat(4, 8)
	for i := range x.Data {
		x.Data[i] = float32(i%3) / 2
	}
	i := len(m.Params) - 100 // a weight of fc3, downstream of the noise
	g, s := ParamSlope(m, x, i, 1e-3, true, 7)
	if math.Abs(g-s) > 1e-2*math.Abs(g)+2e-3 {
		t.Errorf("fixed noise: gradient %.5f, slope %.5f", g, s)
	}
	_, noisy := ParamSlope(m, x, i, 1e-3, false, 7)
	if math.Abs(noisy-g) < 10*math.Abs(g) {
		t.Errorf("fresh noise: slope %.3f is close to the gradient %.5f; expected noise of size ΔL/h", noisy, g)
	}
}
