package vae

import (
	"math"
	"testing"
)

// TestSparseInputMatchesDense trains nothing: it runs one forward and
// backward pass of the 784-400-20 VAE on digit-like input (19% of pixels
// inked) with fc1's sparse products and with the dense ones (envSparse
// off), and checks that loss and gradients agree to float32 rounding.
func TestSparseInputMatchesDense(t *testing.T) {
	rng := newRNG(3)
	x := NewMat(128, 784)
	for i := range x.Data {
		if rng.Float64() < 0.19 {
			x.Data[i] = float32(rng.Float64())
		}
	}
	run := func(sparse string) (Loss, []float32, bool) {
		t.Setenv(envSparse, sparse)
		m, err := New(Config{Kind: VAE, Threads: 2}, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		loss := m.Forward(x, newRNG(4))
		m.ZeroGrad()
		m.Backward(Mat{})
		return loss, m.Grads, m.Fc1.zeros.used
	}
	sl, sg, sparseUsed := run("")
	dl, dg, denseUsedSparse := run("off")
	if !sparseUsed || denseUsedSparse {
		t.Fatalf("sparse path taken: %v by default, %v with %s=off; want true, false", sparseUsed, denseUsedSparse, envSparse)
	}
	if d := math.Abs(sl.Total - dl.Total); d > 1e-5*dl.Total {
		t.Errorf("loss %v sparse, %v dense", sl.Total, dl.Total)
	}
	var maxDiff, maxAbs float64
	for i := range dg {
		maxDiff = math.Max(maxDiff, math.Abs(float64(sg[i]-dg[i])))
		maxAbs = math.Max(maxAbs, math.Abs(float64(dg[i])))
	}
	if maxDiff > 1e-4*maxAbs {
		t.Errorf("gradients differ by up to %.3g (largest gradient %.3g)", maxDiff, maxAbs)
	}
}

// TestDenseInputSkipsSparse checks that an input with few zeros (noise, or
// a dense image) goes through the dense product.
func TestDenseInputSkipsSparse(t *testing.T) {
	m, _ := New(Config{Kind: VAE, Input: 8, Hidden: 4, Latent: 2}, 1)
	x := uniformMat(newRNG(5), 3, 8, 0.1, 1)
	m.Forward(x, newRNG(6))
	if m.Fc1.zeros.used {
		t.Errorf("sparse path taken for an input with no zeros")
	}
}
