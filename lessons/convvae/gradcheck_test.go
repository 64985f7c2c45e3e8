package convvae

import (
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/internal/gradcheck"
	"github.com/vaelab/govae/vae"
)

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

// digits returns n images that look like MNIST's: mostly blank, with a
// blob of ink of random grey levels.
func digits(n int, rng *rand.Rand) vae.Mat {
	x := vae.NewMat(n, Side*Side)
	for i := 0; i < n; i++ {
		cy, cx := 8+rng.IntN(12), 8+rng.IntN(12)
		for y := cy - 5; y <= cy+5; y++ {
			for xx := cx - 3; xx <= cx+3; xx++ {
				x.Row(i)[y*Side+xx] = rng.Float32()
			}
		}
	}
	return x
}

// TestModelGradients checks ∂L/∂Params of the whole loss (reconstruction
// + KL, through both transposed convolutions, the reparameterization and
// both convolutions) against finite differences, on a model with few
// channels so that every parameter can be checked. Thousands of ReLUs
// lie between the parameters and the loss, so a step of some parameters
// crosses a kink; those differences are skipped (7% of them for the
// second model, so at most 10%).
func TestModelGradients(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		rows int
	}{
		{"two channels", Config{Latent: 2, C1: 2, C2: 2, Threads: 1}, 2},
		{"one latent dim, more channels", Config{Latent: 1, C1: 3, C2: 4, Threads: 1}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := New(tc.cfg, 5)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			x := digits(tc.rows, newRNG(6))
			loss := func() (float64, uint64) {
				l := m.Forward(x, newRNG(42)).Total
				a := &m.acts
				return l, gradcheck.Signature(a.h1.Data, a.h2.Data, a.h3.Data, a.h4.Data)
			}
			loss()
			m.ZeroGrad()
			m.Backward()
			gradcheck.Default.CheckOffKinks(t, "params", m.Params, m.Grads, loss, 0.10)
		})
	}
}

// TestCheckCatchesAWrongGradient makes sure the check above can fail: a
// backward pass that forgets the KL term's gradient must be caught.
func TestCheckCatchesAWrongGradient(t *testing.T) {
	m, err := New(Config{Latent: 2, C1: 2, C2: 2, Threads: 1}, 5)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	x := digits(2, newRNG(6))
	loss := func() float64 { return m.Forward(x, newRNG(42)).Total }
	recon := func() float64 { return m.Forward(x, newRNG(42)).Recon }
	loss()
	m.ZeroGrad()
	m.Backward()
	if len(gradcheck.Default.Mismatches(m.Params, m.Grads, recon)) == 0 {
		t.Error("the gradient of recon + KL passed the finite-difference check of recon alone")
	}
}
