package vae

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/vaelab/govae/vae/gemm"
)

// TestAdamClearGrads checks that ClearGrads leaves the gradients zero and
// changes nothing else: the parameters match Adam without it, bit for bit.
func TestAdamClearGrads(t *testing.T) {
	for _, n := range []int{5, 8, adamBlock + 13, 3*adamBlock + 8} {
		for _, threads := range []int{0, 1, 2} { // 0: no Engine
			t.Run(fmt.Sprintf("n=%d/threads=%d", n, threads), func(t *testing.T) {
				plain, clears := NewAdam(1e-2), NewAdam(1e-2)
				clears.ClearGrads = true
				if threads > 0 {
					e := gemm.New(threads)
					defer e.Close()
					plain.Engine, clears.Engine = e, e
				}
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
