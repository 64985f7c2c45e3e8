package vec

import (
	"fmt"
	"math"
	"testing"
)

func TestReLU(t *testing.T) {
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	in := []float32{-2, -0.5, 0, 0.5, 3, nan, -inf, inf, 1e-30, -1e-30, 7, -7, 2, -2, 0, 1, nan, -1, 4}
	for _, asm := range paths() {
		for _, n := range []int{1, 8, 9, len(in)} {
			t.Run(fmt.Sprintf("%s/n=%d", pathName(asm), n), func(t *testing.T) {
				x := in[:n]
				y := make([]float32, n)
				dy := make([]float32, n)
				for i := range dy {
					dy[i] = float32(i + 1)
				}
				dx := make([]float32, n)
				if asm {
					reluAVX2(y[:n&^7], x)
					reluGo(y[n&^7:], x[n&^7:])
					reluBackwardAVX2(dx[:n&^7], dy, y)
					reluBackwardGo(dx[n&^7:], dy[n&^7:], y[n&^7:])
				} else {
					reluGo(y, x)
					reluBackwardGo(dx, dy, y)
				}
				for i, v := range x {
					want := v
					if v < 0 {
						want = 0
					}
					isNaN := v != v
					if isNaN && y[i] == y[i] || !isNaN && y[i] != want {
						t.Errorf("ReLU(%v) = %v, want %v", v, y[i], want)
					}
					wantD := float32(0)
					if y[i] > 0 {
						wantD = dy[i]
					}
					if dx[i] != wantD {
						t.Errorf("ReLUBackward at y = %v: %v, want %v", y[i], dx[i], wantD)
					}
				}
			})
		}
	}
}
