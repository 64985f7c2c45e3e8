package convvae

import (
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/internal/gradcheck"
)

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

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
			x := gradcheck.Digits(tc.rows, newRNG(6))
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
	x := gradcheck.Digits(2, newRNG(6))
	loss := func() float64 { return m.Forward(x, newRNG(42)).Total }
	recon := func() float64 { return m.Forward(x, newRNG(42)).Recon }
	loss()
	m.ZeroGrad()
	m.Backward()
	if len(gradcheck.Default.Mismatches(m.Params, m.Grads, recon)) == 0 {
		t.Error("the gradient of recon + KL passed the finite-difference check of recon alone")
	}
}
