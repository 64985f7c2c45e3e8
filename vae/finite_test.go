package vae

import (
	"math"
	"math/rand/v2"
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

// BenchmarkTrainStepChecked is BenchmarkTrainStep's step (784-400-20 VAE,
// batch 128, Adam clearing the gradients) with Train's per-step check of
// the gradients, Adam.StepFinite, and the same step with Adam.Step just
// before, for comparison. On a shared machine, run it several times: the
// difference is small and the noise can be more.
func BenchmarkTrainStepChecked(b *testing.B) {
	for _, check := range []bool{false, true} {
		b.Run(map[bool]string{false: "without", true: "with"}[check], func(b *testing.B) {
			m, err := New(Config{Kind: VAE, Threads: 2}, 1)
			if err != nil {
				b.Fatal(err)
			}
			defer m.Close()
			opt := NewAdam(1e-3)
			opt.Engine, opt.ClearGrads = m.engine, true
			rng := rand.New(rand.NewPCG(1, 2))
			x := NewMat(128, 784)
			for i := range x.Data {
				x.Data[i] = float32(i%256) / 255
			}
			step := func() {
				m.Forward(x, rng)
				m.Backward(Mat{})
				if !check {
					opt.Step(m.Params, m.Grads)
				} else if !opt.StepFinite(m.Params, m.Grads) {
					b.Fatal("gradients not finite")
				}
			}
			step()
			for b.Loop() {
				step()
			}
		})
	}
}
