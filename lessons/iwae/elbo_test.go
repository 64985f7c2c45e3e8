package iwae

import (
	"math"
	"testing"

	"github.com/vaelab/govae/lessons/likelihood"
	"github.com/vaelab/govae/vae"
)

// TestK1IsTheVAEsELBO checks L_1 against the library's VAE on the same
// parameters (Model.VAE) and the same eps (the same generator state, drawn
// in the same order by vae.ReparamForward): the reconstruction term is
// vae.Model's, −L_1 is exactly Recon + KL, and the sampled KL, averaged
// over many draws, is the closed form vae.KLForward computes.
func TestK1IsTheVAEsELBO(t *testing.T) {
	m, err := New(Config{Input: 20, Hidden: []int{12}, Latent: 4}, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for i := range m.Params { // a posterior far from the prior: KLs of several nats
		m.Params[i] *= 4
	}
	v, err := m.VAE()
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	x := coins(newRNG(1), 8, 20)

	ours := m.Forward(x, 1, newRNG(42))
	theirs := v.Forward(x, newRNG(42))
	t.Logf("k = 1: −L_1 %.4f = recon %.4f + sampled KL %.4f; vae.Model: recon %.4f + KL %.4f", ours.Total, ours.Recon, ours.KL, theirs.Recon, theirs.KL)
	if math.Abs(ours.Total-(ours.Recon+ours.KL)) > 1e-9*math.Abs(ours.Total) {
		t.Errorf("−L_1 = %.9g, but Recon + KL = %.9g", ours.Total, ours.Recon+ours.KL)
	}
	if math.Abs(ours.Recon-theirs.Recon) > 1e-4*theirs.Recon {
		t.Errorf("reconstruction %.6f, vae.Model's on the same eps %.6f", ours.Recon, theirs.Recon)
	}

	// The sampled KL is unbiased: per digit, its mean over 20,000 draws
	// (k = 1000, twenty passes) against the closed form, within four
	// standard errors of that mean (from the draws' own spread).
	const k, passes = 1000, 20
	sum, sumSq := make([]float64, x.Rows), make([]float64, x.Rows)
	rng := newRNG(7)
	for range passes {
		m.Forward(x, k, rng)
		a := &m.acts
		for r := range a.logw {
			kl := a.logQz[r] - a.logPz[r]
			sum[r/k] += kl
			sumSq[r/k] += kl * kl
		}
	}
	mu, logVar := v.Encode(x)
	closed := make([]float64, x.Rows)
	vae.KLForward(mu, logVar, vae.Mat{}, closed)
	n := float64(k * passes)
	for d := range closed {
		mean := sum[d] / n
		se := math.Sqrt((sumSq[d]/n - mean*mean) / n)
		if d < 3 {
			t.Logf("digit %d: sampled KL %.4f ± %.4f, closed form %.4f", d, mean, se, closed[d])
		}
		if math.Abs(mean-closed[d]) > 4*se {
			t.Errorf("digit %d: sampled KL averages %.4f ± %.4f, closed form %.4f", d, mean, se, closed[d])
		}
	}
}

// TestLogWeightsMatchTheLessons compares LogWeights, the model's own
// layers, with likelihood.LogWeights on the vae.Model twin, from the same
// generator state: the same draws, so the same weights up to float32
// rounding (z is rounded differently, eps is kept in float32 here), at a
// k that needs several passes per digit and one that fits many digits in
// a pass.
func TestLogWeightsMatchTheLessons(t *testing.T) {
	m, err := New(Config{Input: 30, Hidden: []int{16}, Latent: 5}, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	v, err := m.VAE()
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	x := coins(newRNG(2), 3, 30)
	for _, k := range []int{7, 2500} {
		ours := LogWeights(m, x, k, newRNG(5))
		theirs := likelihood.LogWeights(v, x, k, likelihood.ModelNLL(v), newRNG(5))
		worst := 0.0
		for n := range ours {
			for i := range ours[n] {
				worst = max(worst, math.Abs(ours[n][i]-theirs[n][i]))
			}
		}
		t.Logf("k = %d: largest difference %.2g nats in log weights of about %.0f", k, worst, theirs[0][0])
		if worst > 1e-3 {
			t.Errorf("k = %d: log weights differ from likelihood.LogWeights' by up to %.3g nats", k, worst)
		}
	}
}

func TestVAETwinNeedsOneReLULayer(t *testing.T) {
	for _, c := range []Config{{Hidden: []int{8, 8}, Latent: 2}, {Hidden: []int{8}, Latent: 2, Activation: "tanh"}} {
		m, err := New(c, 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.VAE(); err == nil {
			t.Errorf("%v: a vae.Model twin was made", m)
		}
		m.Close()
	}
}
