package vae

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/vae/gemm"
)

// adamPair returns two Adams with learning rate 1e-2, the second with
// ClearGrads set, sharing an Engine of threads (none for 0) that the test
// closes when it ends.
func adamPair(t *testing.T, threads int) (plain, clears *Adam) {
	plain, clears = NewAdam(1e-2), NewAdam(1e-2)
	clears.ClearGrads = true
	if threads > 0 {
		e := gemm.New(threads)
		t.Cleanup(e.Close)
		plain.Engine, clears.Engine = e, e
	}
	return plain, clears
}

// TestAdamClearGrads checks that ClearGrads leaves the gradients zero and
// changes nothing else: the parameters match Adam without it, bit for bit.
func TestAdamClearGrads(t *testing.T) {
	for _, n := range []int{5, 8, adamBlock + 13, 3*adamBlock + 8} {
		for _, threads := range []int{0, 1, 2} { // 0: no Engine
			t.Run(fmt.Sprintf("n=%d/threads=%d", n, threads), func(t *testing.T) {
				plain, clears := adamPair(t, threads)
				rng := rand.New(rand.NewPCG(1, 2))
				p1, p2 := make([]float32, n), make([]float32, n)
				g1, g2 := make([]float32, n), make([]float32, n)
				for i := range p1 {
					p1[i] = float32(rng.NormFloat64())
				}
				copy(p2, p1)
				for step := range 3 {
					for i := range g1 {
						g1[i] = float32(rng.NormFloat64())
					}
					copy(g2, g1)
					plain.Step(p1, g1)
					clears.Step(p2, g2)
					for i := range p1 {
						if p1[i] != p2[i] {
							t.Fatalf("step %d: param %d = %g with ClearGrads, %g without", step, i, p2[i], p1[i])
						}
						if g2[i] != 0 {
							t.Fatalf("step %d: gradient %d = %g after a ClearGrads step, want 0", step, i, g2[i])
						}
						if g1[i] == 0 {
							t.Fatalf("step %d: gradient %d cleared without ClearGrads", step, i)
						}
					}
				}
			})
		}
	}
}

// TestAdamStepFinite checks that StepFinite is Step when every gradient is
// finite, and otherwise reports it and leaves the blocks holding NaN or
// ±Inf untouched while updating the rest as Step would.
func TestAdamStepFinite(t *testing.T) {
	n := 3*adamBlock + 40
	inf := float32(math.Inf(-1))
	tests := []struct {
		name string
		bad  map[int]float32 // gradient index → value
	}{
		{"finite", nil},
		{"NaN in the first block", map[int]float32{7: float32(math.NaN())}},
		{"-Inf in the last, short block", map[int]float32{n - 1: inf}},
		{"two blocks", map[int]float32{adamBlock: inf, 2*adamBlock + 5: float32(math.NaN())}},
	}
	for _, tc := range tests {
		for _, threads := range []int{0, 2} {
			t.Run(fmt.Sprintf("%s/threads=%d", tc.name, threads), func(t *testing.T) {
				ref, got := adamPair(t, threads)
				rng := rand.New(rand.NewPCG(3, 4))
				p1, p2 := make([]float32, n), make([]float32, n)
				g1, g2 := make([]float32, n), make([]float32, n)
				for i := range p1 {
					p1[i], g1[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
				}
				copy(p2, p1)
				for i, v := range tc.bad {
					g1[i] = v
				}
				copy(g2, g1)
				before := append([]float32(nil), p1...)
				ref.Step(p1, g1)
				if ok := got.StepFinite(p2, g2); ok != (tc.bad == nil) {
					t.Fatalf("StepFinite = %v with bad gradients %v", ok, tc.bad)
				}
				badBlock := map[int]bool{}
				for i := range tc.bad {
					badBlock[i/adamBlock] = true
				}
				for i := range p2 {
					if _, bad := tc.bad[i]; bad {
						if p2[i] != before[i] || got.m[i] != 0 || got.v[i] != 0 {
							t.Fatalf("param %d, whose gradient is %g, was updated: %g → %g", i, g1[i], before[i], p2[i])
						}
						if g2[i] != g1[i] && !(g1[i] != g1[i] && g2[i] != g2[i]) {
							t.Fatalf("gradient %d changed from %g to %g", i, g1[i], g2[i])
						}
						continue
					}
					if badBlock[i/adamBlock] && p2[i] == before[i] && g2[i] == g1[i] {
						continue // skipped with its neighbour: allowed within its block
					}
					if p2[i] != p1[i] {
						t.Fatalf("param %d = %g, want %g as Step gives", i, p2[i], p1[i])
					}
					if g2[i] != 0 {
						t.Fatalf("gradient %d = %g, want cleared", i, g2[i])
					}
				}
			})
		}
	}
}
