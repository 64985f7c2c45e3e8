package vae

import (
	"math"
	"strings"
	"testing"
)

func TestAllFinite(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	for _, tc := range []struct {
		name string
		bad  float32 // written at every position in turn; 0 means none
		want bool
	}{
		{"all finite", 0, true},
		{"NaN", nan, false},
		{"+Inf", inf, false},
		{"-Inf", -inf, false},
		{"largest float32", math.MaxFloat32, true},
		{"-largest float32", -math.MaxFloat32, true},
		{"smallest subnormal", math.SmallestNonzeroFloat32, true},
	} {
		// Lengths 0-9 put the bad value in each of the four sums and in the
		// tail loop.
		for n := range 10 {
			x := make([]float32, n)
			for i := range x {
				x[i] = float32(i) - 4.5
			}
			if n == 0 || tc.bad == 0 {
				if got := allFinite(x); got != true {
					t.Errorf("%s: allFinite of %d finite values = false", tc.name, n)
				}
				continue
			}
			for pos := range x {
				y := append([]float32(nil), x...)
				y[pos] = tc.bad
				if got := allFinite(y); got != tc.want {
					t.Errorf("%s at %d of %d: allFinite = %v, want %v", tc.name, pos, n, got, tc.want)
				}
			}
		}
	}
}

func TestGradBlocksFollowBackward(t *testing.T) {
	m, err := New(Config{Kind: VAE, Hidden: 8, Latent: 2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	m.Fc3.DB[1] = float32(math.Inf(-1))
	m.Fc1.DW[5] = float32(math.NaN()) // later in backward order than fc3
	b, what, ok := badBlock(m.gradBlocks())
	if !ok || b.name != "fc3 bias gradient" || !strings.Contains(what, "-Inf in 1 of its 8 values") {
		t.Errorf("badBlock = %q, %q, %v; want fc3 bias gradient, -Inf in 1 of its 8 values", b.name, what, ok)
	}
	if _, _, ok := badBlock(m.paramBlocks()); ok {
		t.Error("badBlock found a bad parameter in a new model")
	}
}

// BenchmarkAllFinite times the per-step check on a 784-400-20 VAE's
// gradient block (648,824 floats), to compare with BenchmarkTrainStep.
func BenchmarkAllFinite(b *testing.B) {
	x := make([]float32, paramCount(Config{Kind: VAE}.withDefaults()))
	for i := range x {
		x[i] = float32(i%1000) * 1e-3
	}
	b.SetBytes(int64(4 * len(x)))
	for b.Loop() {
		if !allFinite(x) {
			b.Fatal("finite data reported as not finite")
		}
	}
}
