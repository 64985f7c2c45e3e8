package vae

import (
	"fmt"

	"github.com/vaelab/govae/vae/gemm"
	"github.com/vaelab/govae/vae/vec"
)

// Linear is a fully connected layer y = x·W + b. Its weights and
// gradients are views into a Block's flat parameter and gradient slices,
// and its products run on the block's matmul threads (NewBlock makes it).
type Linear struct {
	Name    string // e.g. "fc1", for messages
	In, Out int
	W       []float32 // (In, Out) weights, row-major
	B       []float32 // (Out) bias
	DW      []float32 // (In, Out) gradient of the loss with respect to W
	DB      []float32 // (Out) gradient of the loss with respect to B

	engine *gemm.Engine
	zeros  zeroSkipper // fc1 multiplies only its input's nonzeros (sparse.go)
}

// Forward computes y = x·W + b for a batch.
//
//	x (B, In) → y (B, Out)
//
// It panics if the shapes do not fit.
func (l *Linear) Forward(y, x Mat) {
	mustShape("Linear.Forward input x", x, x.Rows, l.In)
	mustShape("Linear.Forward output y", y, x.Rows, l.Out)
	for i := 0; i < y.Rows; i++ { // y = b, then y += x·W
		copy(y.Row(i), l.B)
	}
	if l.zeros.forward(l, y, x) {
		return
	}
	l.engine.MatMul(false, false, x.Rows, l.Out, l.In, x.Data, l.In, l.W, l.Out, 1, y.Data, l.Out)
}

// Backward takes dy = ∂L/∂y and the x that the last Forward saw, and
//
//	adds ∂L/∂W = xᵀ·dy  into DW   (In, Out)
//	adds ∂L/∂b = Σ_rows dy into DB (Out)
//	adds ∂L/∂x = dy·Wᵀ  into dx   (B, In), skipped when dx has no data.
//
// It panics if the shapes do not fit.
func (l *Linear) Backward(dx, dy, x Mat) {
	n := x.Rows
	mustShape("Linear.Backward input x", x, n, l.In)
	mustShape("Linear.Backward gradient dy", dy, n, l.Out)
	if !l.zeros.backward(l, dy) {
		l.engine.MatMul(true, false, l.In, l.Out, n, x.Data, l.In, dy.Data, l.Out, 1, l.DW, l.Out)
	}
	for i := 0; i < n; i++ {
		vec.Add(l.DB, dy.Row(i))
	}
	if dx.Data == nil {
		return
	}
	mustShape("Linear.Backward gradient dx", dx, n, l.In)
	l.engine.MatMul(false, true, n, l.In, l.Out, dy.Data, l.Out, l.W, l.Out, 1, dx.Data, l.In)
}

// String describes the layer, e.g. "fc1 Linear(784→400)".
func (l *Linear) String() string { return fmt.Sprintf("%s Linear(%d→%d)", l.Name, l.In, l.Out) }

// sizes implements Layer: W is In·Out, b is Out, drawn in ±1/√In.
func (l *Linear) sizes() (weights, biases int, bound float64) {
	return l.In * l.Out, l.Out, fanInBound(l.In)
}

// bind implements Layer.
func (l *Linear) bind(w, b, dw, db []float32, e *gemm.Engine) {
	if l.W != nil {
		panic(fmt.Sprintf("vae: layer %v already belongs to a block", l))
	}
	l.W, l.B, l.DW, l.DB, l.engine = w, b, dw, db, e
}
