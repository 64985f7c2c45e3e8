package cvae

import (
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/internal/gradcheck"

	"github.com/vaelab/govae/vae"
)

// mismatches and checkGrad are the module's finite-difference check
// (internal/gradcheck) at its default step and tolerances.
func mismatches(vals, grad []float32, loss func() float64) []string {
	return gradcheck.Default.Mismatches(vals, grad, loss)
}

func checkGrad(t *testing.T, name string, vals, grad []float32, loss func() float64) {
	t.Helper()
	gradcheck.Default.Check(t, name, vals, grad, loss)
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

// TestModelGradients checks ∂L/∂Params and ∂L/∂y of the whole CVAE loss
// (reconstruction + KL, through both concatenations, the
// reparameterization and every layer) against finite differences. The
// label gradient is checked at a soft label (y is then a point where the
// loss is smooth in every direction), the parameter gradients at one-hot
// labels as in training.
func TestModelGradients(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		rows int
	}{
		{"tiny", Config{Input: 6, Classes: 3, Hidden: 5, Latent: 3}, 4},
		{"one latent dim, more classes than rows", Config{Input: 5, Classes: 7, Hidden: 4, Latent: 1}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := New(tc.cfg, 5)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			rng := newRNG(6)
			x := vae.NewMat(tc.rows, tc.cfg.Input)
			for i := range x.Data {
				x.Data[i] = rng.Float32()
			}
			labels := make([]int, tc.rows)
			for i := range labels {
				labels[i] = rng.IntN(tc.cfg.Classes)
			}
			y := OneHot(labels, tc.cfg.Classes)
			loss := func() float64 { return m.Forward(x, y, newRNG(42)).Total }

			loss()
			m.ZeroGrad()
			m.Backward(vae.Mat{})
			checkGrad(t, "params", m.Params, m.Grads, loss)

			for i := range y.Data {
				y.Data[i] = 0.5*y.Data[i] + 0.5*rng.Float32()
			}
			loss()
			m.ZeroGrad()
			dy := vae.NewMat(y.Rows, y.Cols)
			m.Backward(dy)
			checkGrad(t, "label y", y.Data, dy.Data, loss)
		})
	}
}

// TestCheckGradCatchesAWrongGradient makes sure the check above can fail:
// a label gradient missing the decoder's concatenation must be caught.
func TestCheckGradCatchesAWrongGradient(t *testing.T) {
	m, err := New(Config{Input: 6, Classes: 3, Hidden: 5, Latent: 3}, 5)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	x := vae.NewMat(2, 6)
	for i := range x.Data {
		x.Data[i] = 0.3
	}
	y := OneHot([]int{0, 2}, 3)
	loss := func() float64 { return m.Forward(x, y, newRNG(42)).Total }
	loss()
	m.ZeroGrad()
	dy := vae.NewMat(2, 3)
	m.Backward(dy)
	// Remove the decoder's share: what Backward would give without the
	// second ConcatBackward.
	a := &m.acts
	dec := vae.NewMat(2, 3)
	ConcatBackward(vae.Mat{Rows: 2, Cols: 3}, dec, a.dzy)
	for i := range dy.Data {
		dy.Data[i] -= dec.Data[i]
	}
	if len(mismatches(y.Data, dy.Data, loss)) == 0 {
		t.Error("a label gradient missing the decoder's concatenation passed the finite-difference check")
	}
}
