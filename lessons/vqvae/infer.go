package vqvae

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// Encode returns the codes of each image of x (B, 784): B rows of P codes
// in 0 … K−1, row by row over the 7×7 grid.
func (m *Model) Encode(x vae.Mat) [][]int32 {
	a := m.encode(x)
	out := make([][]int32, x.Rows)
	for i := range out {
		out[i] = append([]int32(nil), a.codes[i*Positions:(i+1)*Positions]...)
	}
	return out
}

// Decode returns the decoder's mean image σ(logits) of each grid of codes
// (len(codes), 784), pixels in [0, 1]. It panics on a grid of another
// length or a code outside 0 … K−1.
func (m *Model) Decode(codes [][]int32) vae.Mat {
	a := m.ensure(len(codes))
	d := m.Config.Dim
	for i, g := range codes {
		if len(g) != Positions {
			panic(fmt.Sprintf("vqvae: Decode: grid %d has %d codes, want %d", i, len(g), Positions))
		}
		for p, c := range g {
			if c < 0 || int(c) >= m.Config.Codes {
				panic(fmt.Sprintf("vqvae: Decode: code %d outside 0 … %d", c, m.Config.Codes-1))
			}
			copy(a.zq.Data[(i*Positions+p)*d:(i*Positions+p+1)*d], m.Codebook.Row(int(c)))
		}
	}
	m.decode(a.zq)
	out := vae.NewMat(len(codes), Side*Side)
	vae.SigmoidForward(out, a.logits)
	return out
}

// Reconstruct returns Decode(Encode(x)): each image through its codes.
func (m *Model) Reconstruct(x vae.Mat) vae.Mat { return m.Decode(m.Encode(x)) }
