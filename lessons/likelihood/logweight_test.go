package likelihood

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/vae"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestLogWeightIsLogWeightsSample: LogWeight of each of Samples' draws is
// the log weight LogWeights computes from the same generator. The two
// differ only in ε, which LogWeights keeps and LogWeight recovers as
// (z − μ)/σ from a z rounded to float32: a difference of about 10⁻⁷·|z|/σ
// in ε, far below the tolerance of 10⁻⁴ nats.
func TestLogWeightIsLogWeightsSample(t *testing.T) {
	m, err := vae.New(vae.Config{Kind: vae.VAE, Input: 8, Hidden: 6, Latent: 3, Threads: 1}, 5)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	x := vae.MatFrom(1, 8, []float32{1, 0, 0, 1, 1, 0, 1, 0})
	const k = 20
	want := LogWeights(m, x, k, ModelNLL(m), rand.New(rand.NewPCG(4, 4)))[0]
	samples := Samples(m, x, k, rand.New(rand.NewPCG(4, 4)))
	if len(samples) != k {
		t.Fatalf("Samples gave %d draws, want %d", len(samples), k)
	}
	for i, s := range samples {
		got := LogWeight(s.X, s.Logits, s.Z, s.Mu, s.LogVar)
		if math.Abs(got-want[i]) > 1e-4 {
			t.Errorf("sample %d: LogWeight = %.8f, LogWeights = %.8f", i, got, want[i])
		}
	}
	if samples[0].Z[0] == samples[1].Z[0] {
		t.Error("two draws have the same z")
	}
}

// TestLogWeightFromTheDensities builds the log weight from its three
// log densities, each from its textbook form: the Bernoulli mass
// Σ x log p + (1 − x) log(1 − p) with p = σ(l), and gonum's normal
// log-densities (with their log 2π terms, which cancel in the weight).
func TestLogWeightFromTheDensities(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 20 {
		d, zd := 1+rng.IntN(30), 1+rng.IntN(10)
		x, logits := make([]float64, d), make([]float64, d)
		for i := range d {
			x[i] = float64(rng.IntN(2))
			logits[i] = float64(float32(3 * rng.NormFloat64())) // float32 values: LogWeight rounds to them
		}
		z, mu, logVar := make([]float64, zd), make([]float64, zd), make([]float64, zd)
		for j := range zd {
			mu[j], logVar[j] = rng.NormFloat64(), rng.NormFloat64()-1
			z[j] = mu[j] + math.Exp(0.5*logVar[j])*rng.NormFloat64()
		}
		var want float64
		for i, l := range logits {
			p := 1 / (1 + math.Exp(-l))
			want += x[i]*math.Log(p) + (1-x[i])*math.Log(1-p)
		}
		for j := range z {
			prior := distuv.Normal{Mu: 0, Sigma: 1}
			q := distuv.Normal{Mu: mu[j], Sigma: math.Exp(0.5 * logVar[j])}
			want += prior.LogProb(z[j]) - q.LogProb(z[j])
		}
		// vae.BCEForward's terms are float32, each rounded by at most
		// 6e-8 of its size (a few nats per pixel here).
		if got := LogWeight(x, logits, z, mu, logVar); math.Abs(got-want) > 1e-7*math.Max(float64(d), math.Abs(want)) {
			t.Errorf("LogWeight = %.12f, from the densities %.12f", got, want)
		}
	}
	// Logits of ±100, where log(1 − σ(100)) is log 0 in float64: the
	// stable form gives the exact −100 for each wrong pixel.
	got := LogWeight([]float64{1, 0, 1, 0}, []float64{100, -100, -100, 100}, nil, nil, nil)
	if want := -200.0; math.Abs(got-want) > 1e-9 {
		t.Errorf("logits ±100: LogWeight = %v, want %v", got, want)
	}
	if got := LogWeight(nil, nil, nil, nil, nil); got != 0 {
		t.Errorf("no pixels, no code: LogWeight = %v, want 0", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("LogWeight with 2 pixels and 1 logit did not panic")
		}
	}()
	LogWeight([]float64{0, 1}, []float64{0}, nil, nil, nil)
}
