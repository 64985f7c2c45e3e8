package convvae

import (
	"fmt"
	"math"

	"github.com/vaelab/govae/vae"
)

// Kernel returns the K×K weights with which conv1 (one input channel)
// makes its output channel o: the filter Conv applies to a digit to get
// that channel's feature map, before the bias and the ReLU. It panics if
// conv1 has more than one input channel or o is out of range.
func Kernel(conv1 *vae.Conv2D, o int) [][]float64 {
	if conv1.InC != 1 || o < 0 || o >= conv1.OutC {
		panic(fmt.Sprintf("convvae: Kernel(%v, %d): want a layer of one input channel and 0 ≤ o < %d", conv1, o, conv1.OutC))
	}
	k := make([][]float64, conv1.K)
	for ky := range k {
		k[ky] = make([]float64, conv1.K)
		for kx := range k[ky] {
			k[ky][kx] = float64(conv1.W[(ky*conv1.K+kx)*conv1.OutC+o])
		}
	}
	return k
}

// Image returns a row of side·side pixels as side rows, in float64: a
// digit as Conv and the exercises take it. It panics if the row is not
// square.
func Image(row []float32) [][]float64 {
	side := int(math.Round(math.Sqrt(float64(len(row)))))
	if side*side != len(row) {
		panic(fmt.Sprintf("convvae: Image: %d pixels are not a square image", len(row)))
	}
	return unflat(row, side, side)
}

// Signed returns m as grey levels for viz.ImageGrid, keeping the sign:
// 0 is mid-grey, the largest |value| is black when positive and white when
// negative. A filter drawn so shows what it adds (black) and subtracts
// (white). A matrix of zeros is all mid-grey.
func Signed(m [][]float64) []float32 {
	top := 0.0
	for _, r := range m {
		for _, v := range r {
			top = max(top, math.Abs(v))
		}
	}
	out := make([]float32, 0, len(m)*len(m))
	for _, r := range m {
		for _, v := range r {
			g := 0.5
			if top > 0 {
				g = 0.5 + 0.5*v/top
			}
			out = append(out, float32(g))
		}
	}
	return out
}
