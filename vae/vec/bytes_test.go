package vec

import (
	"fmt"
	"math"
	"testing"
)

// TestScaleBytes checks every byte value, at lengths around the groups of
// eight, bit for bit against float32(p) * scale.
func TestScaleBytes(t *testing.T) {
	src := make([]uint8, 256+5)
	for i := range src {
		src[i] = uint8(i * 7) // every value, in a scrambled order
	}
	for _, asm := range paths() {
		for _, n := range []int{0, 3, 8, 13, len(src)} {
			t.Run(fmt.Sprintf("%s/n=%d", pathName(asm), n), func(t *testing.T) {
				const scale = float32(1.0 / 255)
				dst := make([]float32, n)
				if asm {
					scaleBytesAVX2(dst[:n&^7], src[:n], scale)
					scaleBytesGo(dst[n&^7:], src[n&^7:n], scale)
				} else {
					scaleBytesGo(dst, src[:n], scale)
				}
				for i, p := range src[:n] {
					if want := float32(p) * scale; math.Float32bits(dst[i]) != math.Float32bits(want) {
						t.Errorf("byte %d: %v, want %v", p, dst[i], want)
					}
				}
			})
		}
	}
}
