package iwae

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// RepeatForward writes each row of x k times in a row into y: row b·k+i
// of y is row b of x, for i < k. It turns the encoder's B rows into the
// B·k rows of the k samples per digit, so the reparameterization and the
// decoder run one (B·k, ·) batch on the matmul core.
//
//	x (B, C) → y (B·k, C)
//
// It panics if k < 1 or the shapes do not fit.
func RepeatForward(y, x vae.Mat, k int) {
	if k < 1 {
		panic(fmt.Sprintf("iwae: RepeatForward: k = %d; need k ≥ 1", k))
	}
	mustShape("RepeatForward output y", y, x.Rows*k, x.Cols)
	for b := 0; b < x.Rows; b++ {
		src := x.Row(b)
		for i := range k {
			copy(y.Row(b*k+i), src)
		}
	}
}

// RepeatBackward adds into each row b of dx the sum of dy's rows b·k to
// b·k+k−1: a row used k times gets the gradients of all its copies.
//
//	dy (B·k, C) → dx (B, C)
//
// It panics if k < 1 or the shapes do not fit.
func RepeatBackward(dx, dy vae.Mat, k int) {
	if k < 1 {
		panic(fmt.Sprintf("iwae: RepeatBackward: k = %d; need k ≥ 1", k))
	}
	mustShape("RepeatBackward gradient dy", dy, dx.Rows*k, dx.Cols)
	for b := 0; b < dx.Rows; b++ {
		d := dx.Row(b)
		for i := range k {
			for j, g := range dy.Row(b*k + i) {
				d[j] += g
			}
		}
	}
}
