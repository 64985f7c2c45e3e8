package hvae

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/internal/gradcheck"
	"github.com/vaelab/govae/vae"
)

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

// TestModelGradients checks ∂L/∂Params of the whole loss (reconstruction
// and both KL terms, through both reparameterizations, the prior net and
// encoder 2 reading z1) against finite differences, skipping those that
// straddle a ReLU's kink.
func TestModelGradients(t *testing.T) {
	m, err := New(Config{Hidden: 6, Latent1: 3, Hidden2: 4, Latent2: 2, Threads: 1}, 5)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	rng := newRNG(6)
	x := vae.NewMat(3, Input)
	for i := range x.Data {
		if rng.IntN(4) == 0 {
			x.Data[i] = rng.Float32()
		}
	}
	loss := func() (float64, uint64) {
		l := m.Forward(x, newRNG(42)).Total
		a := &m.acts
		return l, gradcheck.Signature(a.h1.Data, a.h2.Data, a.g.Data, a.h3.Data)
	}
	loss()
	m.ZeroGrad()
	m.Backward()
	gradcheck.Default.CheckOffKinks(t, "params", m.Params, m.Grads, loss, 0.1)
}

// A gradient wrong in encoder 1 alone, where a path left out of Backward
// (encoder 2's share of dz1, say) would make it wrong, fails the check.
func TestCheckCatchesAWrongGradient(t *testing.T) {
	m, err := New(Config{Hidden: 6, Latent1: 3, Hidden2: 4, Latent2: 2, Threads: 1}, 5)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	x := vae.NewMat(2, Input)
	for i := range x.Data {
		x.Data[i] = float32(i%5) / 5
	}
	loss := func() float64 { return m.Forward(x, newRNG(42)).Total }
	loss()
	m.ZeroGrad()
	m.Backward()
	grads := append([]float32(nil), m.Grads...)
	n := len(m.Enc1.W) + len(m.Enc1.B) + len(m.Mu1.W) + len(m.Mu1.B) + len(m.LogVar1.W) + len(m.LogVar1.B)
	for i := range n {
		grads[i] *= 0.5
	}
	if len(gradcheck.Default.Mismatches(m.Params, grads, loss)) == 0 {
		t.Error("encoder 1's gradients, halved, passed the check")
	}
}

func TestKLGaussians(t *testing.T) {
	mu, lv := []float64{0.5, -1, 2}, []float64{-0.5, 0.3, 0}
	zero := []float64{0, 0, 0}
	// From q to N(0, I) it is the closed form of notebook 3.
	got := KLGaussians(mu, lv, zero, zero)
	m, l := vae.NewMat(1, 3), vae.NewMat(1, 3)
	sd := vae.NewMat(1, 3)
	for j := range mu {
		m.Data[j], l.Data[j], sd.Data[j] = float32(mu[j]), float32(lv[j]), float32(math.Exp(0.5*lv[j]))
	}
	if want := vae.KLForward(m, l, sd, nil); math.Abs(got-want) > 1e-6 {
		t.Errorf("KL to N(0, I): %g, vae.KLForward %g", got, want)
	}
	if KLGaussians(mu, lv, mu, lv) != 0 {
		t.Error("the KL of a Gaussian from itself is not 0")
	}
	// SampledKL averages to it over z ~ q.
	mu2, lv2 := []float64{0, 1, 1.5}, []float64{0.2, -0.4, 0.5}
	rng := newRNG(3)
	const n = 40000
	var sum, sq float64
	z := make([]float64, 3)
	for range n {
		for j := range z {
			z[j] = mu[j] + math.Exp(0.5*lv[j])*rng.NormFloat64()
		}
		v := SampledKL(z, mu, lv, mu2, lv2)
		sum += v
		sq += v * v
	}
	mean := sum / n
	se := math.Sqrt((sq/n - mean*mean) / n)
	if want := KLGaussians(mu, lv, mu2, lv2); math.Abs(mean-want) > 4*se {
		t.Errorf("sampled KL %.4f ± %.4f, closed form %.4f", mean, se, want)
	}
}

// Forward's KL terms are SampledKL's at its codes, row by row.
func TestForwardKLsAreSampledKL(t *testing.T) {
	m, err := New(Config{Hidden: 8, Latent1: 3, Hidden2: 5, Latent2: 2, Threads: 1}, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	x := vae.NewMat(2, Input)
	for i := range x.Data {
		x.Data[i] = float32(i%3) / 3
	}
	l := m.Forward(x, newRNG(1))
	a := &m.acts
	kl1, kl2 := m.KLs()
	var want1 float64
	for r := range 2 {
		want1 += SampledKL(vec64(a.z1.Row(r)), vec64(a.mu1.Row(r)), vec64(a.lv1.Row(r)), vec64(a.muP.Row(r)), vec64(a.lvP.Row(r)))
	}
	if math.Abs(kl1-want1) > 1e-4 || math.Abs(l.KL-(kl1+kl2)) > 1e-9 {
		t.Errorf("KL₁ %g (SampledKL %g), KL %g = %g + %g?", kl1, want1, l.KL, kl1, kl2)
	}
	img := m.Generate(Normal(4, 2, newRNG(2)), Normal(4, 3, newRNG(3)))
	if img.Rows != 4 || img.Cols != Input {
		t.Errorf("Generate: %v", img)
	}
}

func TestEvaluateAddsUp(t *testing.T) {
	m, err := New(Config{Hidden: 8, Latent1: 3, Hidden2: 5, Latent2: 2, Threads: 1}, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	d := &vae.Dataset{Name: "tiny", N: 3, Dim: Input, Rows: 28, Cols: 28, Pixels: make([]uint8, 3*Input)}
	for i := range d.Pixels {
		d.Pixels[i] = uint8(i % 256)
	}
	recon, kl1, kl2 := Evaluate(m, d, newRNG(1))
	x := vae.NewMat(3, Input)
	d.Batch(x, []int{0, 1, 2})
	l := m.Forward(x, newRNG(1)).PerSample()
	if math.Abs(recon-l.Recon) > 1e-9 || math.Abs(kl1+kl2-l.KL) > 1e-9 {
		t.Errorf("Evaluate: %g + %g + %g, Forward: %+v", recon, kl1, kl2, l)
	}
}
