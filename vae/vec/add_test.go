package vec

import (
	"fmt"
	"math"
	"testing"
)

func TestAdd(t *testing.T) {
	nan := float32(math.NaN())
	for _, asm := range paths() {
		for _, n := range []int{0, 1, 8, 9, 17, 400} {
			t.Run(fmt.Sprintf("%s/n=%d", pathName(asm), n), func(t *testing.T) {
				dst, x := make([]float32, n), make([]float32, n)
				for i := range dst {
					dst[i], x[i] = float32(i)*0.5, float32(n-i)*0.25
				}
				if n > 3 {
					x[3] = nan
				}
				want := make([]float32, n)
				for i := range want {
					want[i] = dst[i] + x[i]
				}
				if asm {
					addAVX2(dst[:n&^7], x)
					addGo(dst[n&^7:], x[n&^7:])
				} else {
					addGo(dst, x)
				}
				for i := range want {
					if math.Float32bits(dst[i]) != math.Float32bits(want[i]) && !(want[i] != want[i] && dst[i] != dst[i]) {
						t.Errorf("dst[%d] = %v, want %v", i, dst[i], want[i])
					}
				}
			})
		}
	}
}

func TestAddPanicsOnLengths(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Add with different lengths did not panic")
		}
	}()
	Add(make([]float32, 3), make([]float32, 4))
}

// TestScaledSub checks both paths against s·(a − b) in Go, bit for bit,
// with a NaN in b and scales 1 and 0.5.
func TestScaledSub(t *testing.T) {
	nan := float32(math.NaN())
	for _, asm := range paths() {
		for _, n := range []int{0, 1, 8, 9, 17, 784} {
			for _, s := range []float32{1, 0.5} {
				t.Run(fmt.Sprintf("%s/n=%d/s=%g", pathName(asm), n, s), func(t *testing.T) {
					dst, a, b := make([]float32, n), make([]float32, n), make([]float32, n)
					for i := range a {
						a[i], b[i] = float32(i)*0.37+0.1, float32(n-i)*0.21
					}
					if n > 3 {
						b[3] = nan
					}
					if asm {
						scaledSubAVX2(dst[:n&^7], a, b, s)
						scaledSubGo(dst[n&^7:], a[n&^7:], b[n&^7:], s)
					} else {
						scaledSubGo(dst, a, b, s)
					}
					for i := range dst {
						want := s * (a[i] - b[i])
						if math.Float32bits(dst[i]) != math.Float32bits(want) && !(want != want && dst[i] != dst[i]) {
							t.Errorf("dst[%d] = %v, want %v", i, dst[i], want)
						}
					}
				})
			}
		}
	}
}
