package vec

import (
	"fmt"
	"math"
	"testing"
)

func TestAllFinite(t *testing.T) {
	bad := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), math.Float32frombits(0x7fc00001)}
	good := []float32{0, -0, 1, -1, math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, 1e-40}
	for _, asm := range paths() {
		for _, n := range []int{0, 1, 7, 8, 9, 64, 1001} {
			t.Run(fmt.Sprintf("%s/n=%d", pathName(asm), n), func(t *testing.T) {
				x := make([]float32, n)
				for i := range x {
					x[i] = good[i%len(good)]
				}
				check := func(x []float32) bool {
					if asm {
						return allFiniteAVX2(x[:len(x)&^7]) && allFiniteGo(x[len(x)&^7:])
					}
					return allFiniteGo(x)
				}
				if !check(x) {
					t.Fatalf("finite values reported as not finite")
				}
				for pos := 0; pos < n; pos += max(1, n/5) {
					for _, b := range bad {
						old := x[pos]
						x[pos] = b
						if check(x) {
							t.Errorf("%v at %d of %d not caught", b, pos, n)
						}
						x[pos] = old
					}
				}
			})
		}
	}
}

func BenchmarkAllFinite(b *testing.B) {
	x := make([]float32, 648824)
	for _, asm := range paths() {
		b.Run(pathName(asm), func(b *testing.B) {
			for b.Loop() {
				if asm {
					allFiniteAVX2(x)
				} else {
					allFiniteGo(x)
				}
			}
		})
	}
}
