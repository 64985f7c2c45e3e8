package cvae

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// ConcatForward writes the columns of a and then those of b into out, row
// by row: out = [a, b]. This is the whole of conditioning (notebook 06 §2):
// the encoder reads [x, y] and the decoder reads [z, y].
//
//	a (B, A), b (B, C) → out (B, A+C)
//
// It panics if the shapes do not fit.
func ConcatForward(out, a, b vae.Mat) {
	mustShape("ConcatForward b", b, a.Rows, b.Cols)
	mustShape("ConcatForward out", out, a.Rows, a.Cols+b.Cols)
	for i := 0; i < a.Rows; i++ {
		row := out.Row(i)
		copy(row[:a.Cols], a.Row(i))
		copy(row[a.Cols:], b.Row(i))
	}
}

// ConcatBackward splits dout = ∂L/∂[a, b] back into its two blocks of
// columns: it adds the first da.Cols columns into da and the last db.Cols
// into db. A side whose Data is nil is skipped (its Cols still say where
// the split falls): the label y is data, so training drops its gradient.
//
//	dout (B, A+C) → da (B, A), db (B, C)
//
// It panics if the shapes do not fit.
func ConcatBackward(da, db, dout vae.Mat) {
	if da.Cols+db.Cols != dout.Cols {
		panic(fmt.Sprintf("cvae: ConcatBackward: da has %d columns and db %d, but dout has %d", da.Cols, db.Cols, dout.Cols))
	}
	for _, side := range []struct {
		d   vae.Mat
		off int
	}{{da, 0}, {db, da.Cols}} {
		if side.d.Data == nil {
			continue
		}
		mustShape("ConcatBackward gradient", side.d, dout.Rows, side.d.Cols)
		for i := 0; i < dout.Rows; i++ {
			src := dout.Row(i)[side.off : side.off+side.d.Cols]
			for j, g := range src {
				side.d.Data[i*side.d.Cols+j] += g
			}
		}
	}
}

// mustShape panics unless m is rows×cols, naming what the matrix is.
func mustShape(what string, m vae.Mat, rows, cols int) {
	if m.Rows != rows || m.Cols != cols || len(m.Data) < rows*cols {
		panic(fmt.Sprintf("cvae: %s is %dx%d (len %d), want %dx%d", what, m.Rows, m.Cols, len(m.Data), rows, cols))
	}
}
