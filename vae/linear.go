package vae

import (
	"fmt"

	"github.com/vaelab/govae/vae/gemm"
	"github.com/vaelab/govae/vae/vec"
)

// Linear is a fully connected layer y = x·W + b. Its weights and
// gradients are views into a model's flat parameter and gradient blocks.
type Linear struct {
	Name    string // e.g. "fc1", for messages
	In, Out int
	W       []float32 // (In, Out) weights, row-major
	B       []float32 // (Out) bias
	DW      []float32 // (In, Out) gradient of the loss with respect to W
	DB      []float32 // (Out) gradient of the loss with respect to B
}

// Forward computes y = x·W + b for a batch.
//
//	x (B, In) → y (B, Out)
//
// It panics if the shapes do not fit.
func (l *Linear) Forward(e *gemm.Engine, y, x Mat) {
	mustShape("Linear.Forward input x", x, x.Rows, l.In)
	mustShape("Linear.Forward output y", y, x.Rows, l.Out)
	for i := 0; i < y.Rows; i++ { // y = b, then y += x·W
		copy(y.Row(i), l.B)
	}
	e.MatMul(false, false, x.Rows, l.Out, l.In, x.Data, l.In, l.W, l.Out, 1, y.Data, l.Out)
}

// Backward takes dy = ∂L/∂y and the x that Forward saw, and
//
//	adds ∂L/∂W = xᵀ·dy  into DW   (In, Out)
//	adds ∂L/∂b = Σ_rows dy into DB (Out)
//	adds ∂L/∂x = dy·Wᵀ  into dx   (B, In), skipped when dx has no data.
//
// It panics if the shapes do not fit.
func (l *Linear) Backward(e *gemm.Engine, dx, dy, x Mat) {
	n := x.Rows
	mustShape("Linear.Backward input x", x, n, l.In)
	mustShape("Linear.Backward gradient dy", dy, n, l.Out)
	e.MatMul(true, false, l.In, l.Out, n, x.Data, l.In, dy.Data, l.Out, 1, l.DW, l.Out)
	l.backwardBiasInput(e, dx, dy)
}

// backwardBiasInput is the part of Backward that does not involve x: it
// adds Σ_rows dy into DB and, when dx has data, dy·Wᵀ into dx.
func (l *Linear) backwardBiasInput(e *gemm.Engine, dx, dy Mat) {
	n := dy.Rows
	for i := 0; i < n; i++ {
		vec.Add(l.DB, dy.Row(i))
	}
	if dx.Data == nil {
		return
	}
	mustShape("Linear.Backward gradient dx", dx, n, l.In)
	e.MatMul(false, true, n, l.In, l.Out, dy.Data, l.Out, l.W, l.Out, 1, dx.Data, l.In)
}

// ForwardSparse is Forward for an x (B, In) held by its nonzero entries:
// the product skips x's zeros, and so does its cost, but not its value,
// which is Forward's up to the order of rounding.
func (l *Linear) ForwardSparse(e *gemm.Engine, y Mat, x *gemm.Sparse) {
	if x.Cols() != l.In {
		panic(fmt.Sprintf("vae: Linear.ForwardSparse input x is %dx%d, want %d columns", x.Rows(), x.Cols(), l.In))
	}
	mustShape("Linear.ForwardSparse output y", y, x.Rows(), l.Out)
	for i := 0; i < y.Rows; i++ { // y = b, then y += x·W
		copy(y.Row(i), l.B)
	}
	e.MatMulSparse(x, l.Out, l.W, l.Out, y.Data, l.Out)
}

// BackwardSparse is Backward for an x given as its transpose xT (In, B),
// held by its nonzero entries. The product for ∂L/∂W = xᵀ·dy then skips
// x's zeros; dx, when asked for, does not involve x and is computed as in
// Backward.
func (l *Linear) BackwardSparse(e *gemm.Engine, dx, dy Mat, xT *gemm.Sparse) {
	n := dy.Rows
	if xT.Rows() != l.In || xT.Cols() != n {
		panic(fmt.Sprintf("vae: Linear.BackwardSparse input xᵀ is %dx%d, want %dx%d", xT.Rows(), xT.Cols(), l.In, n))
	}
	mustShape("Linear.BackwardSparse gradient dy", dy, n, l.Out)
	e.MatMulSparse(xT, l.Out, dy.Data, l.Out, l.DW, l.Out)
	l.backwardBiasInput(e, dx, dy)
}

// String describes the layer, e.g. "fc1 Linear(784→400)".
func (l *Linear) String() string { return fmt.Sprintf("%s Linear(%d→%d)", l.Name, l.In, l.Out) }
