package priors

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/internal/gradcheck"
	"github.com/vaelab/govae/vae"
)

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

func randMat(rng *rand.Rand, rows, cols int, scale float64) vae.Mat {
	m := vae.NewMat(rows, cols)
	for i := range m.Data {
		m.Data[i] = float32(rng.NormFloat64() * scale)
	}
	return m
}

// TestMixtureGradients checks Mixture.Backward against finite differences
// of Σ_r g_r log p(z_r), for z, the means, the log-variances and the
// logits.
func TestMixtureGradients(t *testing.T) {
	rng := newRNG(1)
	const r, k, z = 4, 3, 2
	zs, means, logVars := randMat(rng, r, z, 1.5), randMat(rng, k, z, 1), randMat(rng, k, z, 0.3)
	logits := randMat(rng, 1, k, 0.5).Data
	g := []float64{1, -1, 0.5, 2}
	var mx Mixture
	loss := func() float64 {
		rows := make([]float64, r)
		mx.Forward(rows, zs, means, logVars, logits)
		s := 0.0
		for i := range rows {
			s += g[i] * rows[i]
		}
		return s
	}
	loss()
	dz, dm, dlv, dl := vae.NewMat(r, z), vae.NewMat(k, z), vae.NewMat(k, z), make([]float32, k)
	mx.Backward(dz, dm, dlv, dl, g, zs)
	for _, c := range []struct {
		name      string
		vals, grd []float32
	}{{"z", zs.Data, dz.Data}, {"means", means.Data, dm.Data}, {"logVars", logVars.Data, dlv.Data}, {"logits", logits, dl}} {
		gradcheck.Default.Check(t, c.name, c.vals, c.grd, loss)
	}
}

// TestModelGradients checks ∂L/∂Params of the whole loss under each prior
// (reconstruction + sampled KL, through the reparameterization, the
// mixture and, for the VampPrior, the encoder run on the pseudo-inputs)
// against finite differences, skipping those that straddle a ReLU's kink.
func TestModelGradients(t *testing.T) {
	for _, prior := range []string{Standard, MoG, Vamp} {
		t.Run(prior, func(t *testing.T) {
			c := Config{Prior: prior, Hidden: 6, Latent: 2, Threads: 1}
			if prior != Standard {
				c.Components = 3
			}
			m, err := New(c, 5)
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
			if m.Pseudo != nil {
				for i := range m.Pseudo.W {
					m.Pseudo.W[i] = rng.Float32()
				}
			}
			loss := func() (float64, uint64) {
				l := m.Forward(x, newRNG(42)).Total
				a := &m.acts
				return l, gradcheck.Signature(a.h1.Data, a.h3.Data, a.hu.Data)
			}
			loss()
			m.ZeroGrad()
			m.Backward()
			gradcheck.Default.CheckOffKinks(t, prior, m.Params, m.Grads, loss, 0.1)
		})
	}
}

// The sampled KL of the standard prior averages to the closed form.
func TestSampledKLIsTheClosedFormOnAverage(t *testing.T) {
	m, err := New(Config{Hidden: 8, Latent: 3, Threads: 1}, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	x := vae.NewMat(1, Input)
	for i := range x.Data {
		x.Data[i] = float32(i%7) / 7
	}
	rng := newRNG(3)
	const n = 20000
	var sum, sq float64
	for range n {
		kl := m.Forward(x, rng).KL
		sum += kl
		sq += kl * kl
	}
	mean := sum / n
	se := math.Sqrt((sq/n - mean*mean) / n)
	mu, lv := m.Encode(x)
	closed := vae.KLForward(mu, lv, sdOf(lv), nil)
	if math.Abs(mean-closed) > 4*se {
		t.Errorf("sampled KL %.4f ± %.4f, closed form %.4f", mean, se, closed)
	}
}

func sdOf(logVar vae.Mat) vae.Mat {
	sd := vae.NewMat(logVar.Rows, logVar.Cols)
	for i, v := range logVar.Data {
		sd.Data[i] = float32(math.Exp(0.5 * float64(v)))
	}
	return sd
}
