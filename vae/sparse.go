package vae

import (
	"fmt"
	"os"
	"strings"

	"github.com/vaelab/govae/vae/gemm"
)

// The first layer's two big products, h1 = x·W1 and ∂L/∂W1 = xᵀ·dh1, have
// the batch x as a factor. An MNIST digit is about 81% blank paper: exact
// zeros, whose products with W1 add nothing. So when few enough of x's
// elements are nonzero, fc1 multiplies only those (gemm.Sparse), which
// changes the cost of the two products and not their terms: only the order
// in which they are rounded.

// maxSparseDensity is the fraction of nonzero inputs above which fc1 uses
// the dense product. The sparse one costs about as much per nonzero as 2.3
// to 3 dense elements (it reads rows of W1 from L2, where the dense kernel
// reuses them from registers; go test ./vae/gemm -bench MatMulSparse), so
// it pays below a density of 1/3 to 0.43; 0.3 leaves a margin.
const maxSparseDensity = 0.3

// envSparse names the environment variable that, set to "off", makes fc1
// always use the dense product: to measure what skipping zeros saves, or
// to rule it out. New reads it.
const envSparse = "VAE_SPARSE"

func sparseFromEnv() bool {
	return strings.ToLower(strings.TrimSpace(os.Getenv(envSparse))) != "off"
}

// zeroSkipper is what a Linear layer needs to skip its input's zeros: x and
// xᵀ by their nonzeros, and whether the last Forward used them. The zero
// value skips nothing.
type zeroSkipper struct {
	on      bool        // the layer may skip zeros (fc1 of a Model)
	used    bool        // the last Forward did, so Backward uses xT
	xs, xsT gemm.Sparse // the last Forward's x and xᵀ by their nonzeros
}

// forward adds x·W into y through x's nonzeros and reports true, when the
// layer may skip zeros and x is sparse enough; otherwise it reports false
// and the caller multiplies densely.
func (z *zeroSkipper) forward(l *Linear, y, x Mat) bool {
	z.used = false
	if !z.on {
		return false
	}
	l.engine.SetSparse(&z.xs, false, x.Rows, x.Cols, x.Data, x.Cols)
	if z.xs.Density() > maxSparseDensity {
		return false
	}
	// xᵀ for Backward, built now while x is still in cache: by the time
	// Backward reaches fc1, the decoder's weights have pushed it out, and
	// building xᵀ there took about a third longer (125 µs a step against
	// 95, one timing of each in training steps).
	l.engine.SetSparse(&z.xsT, true, x.Cols, x.Rows, x.Data, x.Cols)
	l.engine.MatMulSparse(&z.xs, l.Out, l.W, l.Out, y.Data, l.Out)
	z.used = true
	return true
}

// backward adds xᵀ·dy into DW through xᵀ's nonzeros and reports true when
// the last forward used them.
func (z *zeroSkipper) backward(l *Linear, dy Mat) bool {
	if !z.used {
		return false
	}
	if z.xsT.Cols() != dy.Rows {
		panic(fmt.Sprintf("vae: %s Backward: dy has %d rows but the last Forward's x had %d", l.Name, dy.Rows, z.xsT.Cols()))
	}
	l.engine.MatMulSparse(&z.xsT, l.Out, dy.Data, l.Out, l.DW, l.Out)
	return true
}
