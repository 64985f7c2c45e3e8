package vae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// paramBlock returns a Block of n parameters (one layer of n−1 weights and
// a bias) on threads matmul threads, closed when the test ends.
func paramBlock(t *testing.T, n, threads int) *Block {
	b := NewBlock(threads, 1, LayerSize{"p", n - 1, 1})
	t.Cleanup(b.Close)
	return b
}

// TestAdamSameBitsOnAnyThreads checks that Adam's update, split among the
// block's threads, gives the same parameters bit for bit on 1 and 2
// threads, and leaves the gradients as they were.
func TestAdamSameBitsOnAnyThreads(t *testing.T) {
	for _, n := range []int{5, 8, adamBlock + 13, 3*adamBlock + 8} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			one, two := paramBlock(t, n, 1), paramBlock(t, n, 2)
			opt1, opt2 := NewAdam(1e-2), NewAdam(1e-2)
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range one.Params {
				one.Params[i] = float32(rng.NormFloat64())
			}
			copy(two.Params, one.Params)
			for step := range 3 {
				for i := range one.Grads {
					one.Grads[i] = float32(rng.NormFloat64())
				}
				copy(two.Grads, one.Grads)
				g := append([]float32(nil), one.Grads...)
				if err := opt1.Step(one); err != nil {
					t.Fatal(err)
				}
				if err := opt2.Step(two); err != nil {
					t.Fatal(err)
				}
				for i := range one.Params {
					if one.Params[i] != two.Params[i] {
						t.Fatalf("step %d: param %d = %g on 2 threads, %g on 1", step, i, two.Params[i], one.Params[i])
					}
					if one.Grads[i] != g[i] {
						t.Fatalf("step %d: gradient %d changed from %g to %g", step, i, g[i], one.Grads[i])
					}
				}
			}
		})
	}
}

// TestAdamNonFiniteGradient checks that Step reports a NaN or ±Inf
// gradient, leaves the chunks holding one untouched, and updates the rest
// as a step of finite gradients would.
func TestAdamNonFiniteGradient(t *testing.T) {
	n := 3*adamBlock + 40
	inf := float32(math.Inf(-1))
	tests := []struct {
		name string
		bad  map[int]float32 // gradient index → value
	}{
		{"finite", nil},
		{"NaN in the first chunk", map[int]float32{7: float32(math.NaN())}},
		{"-Inf in the last, short chunk", map[int]float32{n - 1: inf}},
		{"two chunks", map[int]float32{adamBlock: inf, 2*adamBlock + 5: float32(math.NaN())}},
	}
	for _, tc := range tests {
		for _, threads := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/threads=%d", tc.name, threads), func(t *testing.T) {
				ref, got := paramBlock(t, n, threads), paramBlock(t, n, threads)
				refOpt, opt := NewAdam(1e-2), NewAdam(1e-2)
				rng := rand.New(rand.NewPCG(3, 4))
				for i := range ref.Params {
					ref.Params[i], ref.Grads[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
				}
				copy(got.Params, ref.Params)
				copy(got.Grads, ref.Grads)
				for i, v := range tc.bad {
					got.Grads[i] = v
				}
				before := append([]float32(nil), got.Params...)
				if err := refOpt.Step(ref); err != nil {
					t.Fatal(err)
				}
				if err := opt.Step(got); (err == nil) != (tc.bad == nil) {
					t.Fatalf("Step error %v with bad gradients %v", err, tc.bad)
				}
				badChunk := map[int]bool{}
				for i := range tc.bad {
					badChunk[i/adamBlock] = true
				}
				for i := range got.Params {
					if _, bad := tc.bad[i]; bad {
						if got.Params[i] != before[i] || opt.m[i] != 0 || opt.v[i] != 0 {
							t.Fatalf("param %d, whose gradient is %g, was updated: %g → %g", i, got.Grads[i], before[i], got.Params[i])
						}
						continue
					}
					if badChunk[i/adamBlock] && got.Params[i] == before[i] {
						continue // skipped with its neighbour: allowed within its chunk
					}
					if got.Params[i] != ref.Params[i] {
						t.Fatalf("param %d = %g, want %g as a finite step gives", i, got.Params[i], ref.Params[i])
					}
				}
			})
		}
	}
}

// TestSGDNonFiniteGradient checks that sgd reports a NaN gradient and then
// changes no parameter at all.
func TestSGDNonFiniteGradient(t *testing.T) {
	b := paramBlock(t, 100, 1)
	for i := range b.Params {
		b.Params[i], b.Grads[i] = float32(i), 1
	}
	b.Grads[57] = float32(math.NaN())
	before := append([]float32(nil), b.Params...)
	if err := (&sgd{LR: 0.1}).Step(b); err == nil {
		t.Fatal("sgd.Step took a NaN gradient without an error")
	}
	for i := range b.Params {
		if b.Params[i] != before[i] {
			t.Fatalf("param %d changed from %g to %g", i, before[i], b.Params[i])
		}
	}
	b.Grads[57] = 1
	if err := (&sgd{LR: 0.1}).Step(b); err != nil || b.Params[3] != 3-0.1 {
		t.Fatalf("sgd.Step on finite gradients: err %v, param 3 = %g, want 2.9", err, b.Params[3])
	}
}

// An Adam restored from another's Moments takes the same next step.
func TestAdamMomentsRestore(t *testing.T) {
	a, b := paramBlock(t, 50, 1), paramBlock(t, 50, 1)
	copy(b.Params, a.Params)
	opt := NewAdam(1e-2)
	for s := range 3 {
		for i := range a.Grads {
			a.Grads[i] = float32(i%7) - 3 + float32(s)
		}
		if err := opt.Step(a); err != nil {
			t.Fatal(err)
		}
	}
	copy(b.Params, a.Params)
	steps, m, v := opt.Moments()
	restored := NewAdam(1e-2)
	if err := restored.SetMoments(steps, m, v); err != nil {
		t.Fatal(err)
	}
	for i := range a.Grads {
		a.Grads[i] = float32(i%5) - 2
		b.Grads[i] = a.Grads[i]
	}
	if err := opt.Step(a); err != nil {
		t.Fatal(err)
	}
	if err := restored.Step(b); err != nil {
		t.Fatal(err)
	}
	for i := range a.Params {
		if a.Params[i] != b.Params[i] {
			t.Fatalf("parameter %d: %g after the original's step, %g after the restored one's", i, a.Params[i], b.Params[i])
		}
	}
	for _, tc := range []struct {
		steps int
		m, v  []float32
		want  string
	}{
		{1, []float32{1}, []float32{1, 2}, "1 first and 2 second moments"},
		{-1, nil, nil, "steps ≥ 0"},
		{1, []float32{0}, []float32{-1}, "second moment ≥ 0"},
		{1, []float32{float32(math.NaN())}, []float32{1}, "want finite moments"},
	} {
		if err := NewAdam(1).SetMoments(tc.steps, tc.m, tc.v); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("SetMoments(%d, %v, %v): %v, want %q", tc.steps, tc.m, tc.v, err, tc.want)
		}
	}
}
