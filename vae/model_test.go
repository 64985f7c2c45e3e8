package vae

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestModelGradients checks Backward against finite differences of the
// loss, for every parameter and input. With separate, a denoising model's
// target differs from its input (ForwardTarget), so the input gradient has
// only the encoder path; without it the input is also the target. With
// blank, most of the input is exact zeros, as in a digit, and fc1 takes
// its sparse path.
func TestModelGradients(t *testing.T) {
	for _, tc := range []struct {
		name            string
		cfg             Config
		separate, blank bool
	}{
		{"AE bernoulli", Config{Kind: AE, Input: 6, Hidden: 5, Latent: 3}, false, false},
		{"VAE bernoulli", Config{Kind: VAE, Input: 6, Hidden: 5, Latent: 3}, false, false},
		{"VAE gaussian beta=4", Config{Kind: VAE, Input: 6, Hidden: 5, Latent: 3, Likelihood: Gaussian, Sigma: 0.5, Beta: 4}, false, false},
		{"AE gaussian", Config{Kind: AE, Input: 6, Hidden: 5, Latent: 3, Likelihood: Gaussian, Sigma: 0.5}, false, false},
		{"VAE bernoulli, separate target", Config{Kind: VAE, Input: 6, Hidden: 5, Latent: 3}, true, false},
		{"VAE gaussian, separate target", Config{Kind: VAE, Input: 6, Hidden: 5, Latent: 3, Likelihood: Gaussian, Sigma: 0.5}, true, false},
		{"VAE bernoulli, blank input", Config{Kind: VAE, Input: 6, Hidden: 5, Latent: 3}, false, true},
		{"AE gaussian, blank input, separate target", Config{Kind: AE, Input: 6, Hidden: 5, Latent: 3, Likelihood: Gaussian, Sigma: 0.5}, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := New(tc.cfg, 5)
			if err != nil {
				t.Fatal(err)
			}
			x := uniformMat(newRNG(6), 4, 6, 0, 1)
			if tc.blank { // 4 of 24 pixels inked: density 1/6
				for i := range x.Data {
					if i%6 != i/6 {
						x.Data[i] = 0
					}
				}
			}
			target := x
			if tc.separate {
				target = uniformMat(newRNG(8), 4, 6, 0, 1)
			}
			loss := func() float64 { return m.ForwardTarget(x, target, m.Config.Beta, newRNG(42)).Total }
			loss()
			if z := m.Fc1.zeros; z.used != tc.blank {
				t.Fatalf("fc1 sparse path %v for input density %.2f, want %v", z.used, z.xs.Density(), tc.blank)
			}
			m.ZeroGrad()
			dx := NewMat(4, 6)
			m.Backward(dx)
			grads := append([]float32(nil), m.Grads...)
			checkGrad(t, "params", m.Params, grads, loss)
			checkGrad(t, "input", x.Data, dx.Data, loss)
		})
	}
}

func TestModelRejectsBadConfig(t *testing.T) {
	for _, c := range []Config{
		{Kind: 7},
		{Latent: -1},
		{Hidden: -3},
		{Beta: -1},
		{Likelihood: Gaussian, Sigma: -0.1},
		{Hidden: 1 << 22}, // 784·4M·2 weights: more than memory allows
	} {
		if _, err := New(c, 1); err == nil {
			t.Errorf("New(%+v) gave no error", c)
		}
	}
}

func TestBackwardBeforeForwardPanics(t *testing.T) {
	m, _ := New(Config{Kind: VAE, Input: 4, Hidden: 3, Latent: 2}, 1)
	defer func() {
		if recover() == nil {
			t.Error("Backward before Forward did not panic")
		}
	}()
	m.Backward(Mat{})
}

func TestForwardShapeMismatchPanicsNamingShapes(t *testing.T) {
	m, _ := New(Config{Kind: AE, Input: 4, Hidden: 3, Latent: 2}, 1)
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "2x5") || !strings.Contains(r.(string), "2x4") {
			t.Errorf("panic %v does not name the shapes 2x5 and 2x4", r)
		}
	}()
	m.Forward(NewMat(2, 5), nil)
}

// TestEmptyBatch checks that a batch of no rows, first or later, has a loss
// of zero and adds nothing to the gradients.
func TestEmptyBatch(t *testing.T) {
	for _, kind := range []Kind{AE, VAE} {
		m, err := New(Config{Kind: kind, Input: 6, Hidden: 4, Latent: 2, Threads: 1}, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, rows := range []int{0, 3, 0} {
			x := NewMat(rows, 6)
			loss := m.Forward(x, rand.New(rand.NewPCG(1, 1)))
			m.ZeroGrad()
			m.Backward(Mat{})
			if rows == 0 {
				if loss.Total != 0 || loss.N != 0 {
					t.Errorf("%v, 0 rows after a first batch of %d: loss %+v, want zero", kind, rows, loss)
				}
				for i, g := range m.Grads {
					if g != 0 {
						t.Fatalf("%v, 0 rows: gradient %d is %g, want 0", kind, i, g)
					}
				}
			}
		}
		m.Close()
	}
}
