package vae

import (
	"os"
	"strings"
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

// EnvSparse names the environment variable that, set to "off", makes fc1
// always use the dense product: to measure what skipping zeros saves, or
// to rule it out. New reads it.
const EnvSparse = "VAE_SPARSE"

func sparseFromEnv() bool {
	return strings.ToLower(strings.TrimSpace(os.Getenv(EnvSparse))) != "off"
}

// fc1Forward computes h1 = x·W1 + b1 into the activations, through the
// sparse product when x is mostly zeros.
func (m *Model) fc1Forward(x Mat) {
	a := &m.acts
	a.sparseX = false
	if m.sparse {
		m.engine.SetSparse(&a.xs, false, x.Rows, x.Cols, x.Data, x.Cols)
		a.sparseX = a.xs.Density() <= maxSparseDensity
	}
	if a.sparseX {
		// xᵀ for Backward, built now while x is still in cache: by the
		// time Backward reaches fc1, the decoder's weights have pushed
		// it out, and building xᵀ there took about a third longer
		// (125 µs a step against 95, one timing of each in training steps).
		m.engine.SetSparse(&a.xsT, true, x.Cols, x.Rows, x.Data, x.Cols)
		m.Fc1.ForwardSparse(m.engine, a.h1, &a.xs)
		return
	}
	m.Fc1.Forward(m.engine, a.h1, x)
}

// fc1Backward is fc1's Backward, through xᵀ's nonzeros when Forward used x's.
func (m *Model) fc1Backward(dx Mat) {
	a := &m.acts
	if !a.sparseX {
		m.Fc1.Backward(m.engine, dx, a.dh1, a.x)
		return
	}
	m.Fc1.BackwardSparse(m.engine, dx, a.dh1, &a.xsT)
}
