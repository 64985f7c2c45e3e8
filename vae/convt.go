package vae

import (
	"fmt"

	"github.com/vaelab/govae/vae/gemm"
	"github.com/vaelab/govae/vae/vec"
)

// ConvTranspose2D is a transposed convolution over channels-last images,
// the layer a decoder grows images with: each input pixel, times the
// weights, paints a K×K window of the output, Stride apart, and where
// windows overlap their paint adds up,
//
//	y[gy·S − P + ky, gx·S − P + kx, o] += Σ_c x[gy, gx, c] · W[c, (ky, kx, o)],  then y += b[o],
//
// dropping what falls outside the output. It is the backward pass of a
// Conv2D with respect to its input (hence the name), run forward: cols =
// x·W paints every window at once, one product on the matmul core, and
// col2im adds the windows into the image. Its weights and gradients are
// views into a Block (NewBlockOf).
type ConvTranspose2D struct {
	Name           string // e.g. "deconv1", for messages
	InH, InW, InC  int    // input image: height, width, channels
	OutC           int    // output channels
	K, Stride, Pad int    // square kernel side, stride, padding cut from the output

	W  []float32 // (InC, K·K·OutC) weights, columns in (ky, kx, o) order
	B  []float32 // (OutC) bias
	DW []float32 // (InC, K·K·OutC) ∂L/∂W
	DB []float32 // (OutC) ∂L/∂b

	engine *gemm.Engine
}

// OutH returns the output's height, (InH − 1)·Stride − 2·Pad + K: the
// height of the input of the Conv2D this layer transposes.
func (t *ConvTranspose2D) OutH() int { return (t.InH-1)*t.Stride - 2*t.Pad + t.K }

// OutW returns the output's width, (InW − 1)·Stride − 2·Pad + K.
func (t *ConvTranspose2D) OutW() int { return (t.InW-1)*t.Stride - 2*t.Pad + t.K }

// In returns the size of one input image, InH·InW·InC.
func (t *ConvTranspose2D) In() int { return t.InH * t.InW * t.InC }

// Out returns the size of one output image, OutH·OutW·OutC.
func (t *ConvTranspose2D) Out() int { return t.OutH() * t.OutW() * t.OutC }

// ColsShape returns the shape of the painted windows of a batch of b
// images, (b·InH·InW, K·K·OutC): the scratch buffer Forward and Backward
// use.
func (t *ConvTranspose2D) ColsShape(b int) (rows, cols int) {
	return b * t.InH * t.InW, t.K * t.K * t.OutC
}

// patches returns the geometry of the output's windows: one per input
// pixel.
func (t *ConvTranspose2D) patches() patches {
	p := patches{H: t.OutH(), W: t.OutW(), C: t.OutC, GH: t.InH, GW: t.InW, K: t.K, Stride: t.Stride, Pad: t.Pad}
	p.mustValid(t.String())
	return p
}

// Forward computes y = convᵀ(x) for a batch, with cols as scratch:
//
//	x (B, InH·InW·InC) → cols = x·W (B·InH·InW, K·K·OutC) → y = col2im(cols) + b (B, OutH·OutW·OutC)
//
// (x's rows, read as B·InH·InW rows of InC, are the product's.) Backward
// needs only x. It panics if the shapes do not fit.
func (t *ConvTranspose2D) Forward(y, cols, x Mat) {
	p := t.patches()
	mustShape(t.Name+" ConvTranspose2D.Forward input x", x, x.Rows, t.In())
	mustShape(t.Name+" ConvTranspose2D.Forward output y", y, x.Rows, t.Out())
	rows, width := t.ColsShape(x.Rows)
	mustShape(t.Name+" ConvTranspose2D.Forward columns", cols, rows, width)
	t.engine.MatMul(false, false, rows, width, t.InC, x.Data, t.InC, t.W, width, 0, cols.Data, width)
	// y, one row per pixel: y = b, then y += col2im(cols).
	yp := Mat{Rows: x.Rows * t.OutH() * t.OutW(), Cols: t.OutC, Data: y.Data[:x.Rows*t.Out()]}
	for i := 0; i < yp.Rows; i++ {
		copy(yp.Row(i), t.B)
	}
	p.col2im(y, cols)
}

// Backward takes dy = ∂L/∂y and the x the last Forward saw, and, with
// dcols as scratch,
//
//	sets dcols = im2col(dy)          (B·InH·InW, K·K·OutC): each window's share of dy
//	adds ∂L/∂W = xᵀ·dcols  into DW   (InC, K·K·OutC)
//	adds ∂L/∂b = Σ_pixels dy into DB (OutC)
//	adds ∂L/∂x = dcols·Wᵀ  into dx   (B, InH·InW·InC), skipped when dx has no data.
//
// It panics if the shapes do not fit.
func (t *ConvTranspose2D) Backward(dx, dcols, dy, x Mat) {
	p := t.patches()
	mustShape(t.Name+" ConvTranspose2D.Backward input x", x, x.Rows, t.In())
	mustShape(t.Name+" ConvTranspose2D.Backward gradient dy", dy, x.Rows, t.Out())
	rows, width := t.ColsShape(x.Rows)
	mustShape(t.Name+" ConvTranspose2D.Backward gradient dcols", dcols, rows, width)
	p.im2col(dcols, dy)
	t.engine.MatMul(true, false, t.InC, width, rows, x.Data, t.InC, dcols.Data, width, 1, t.DW, width)
	dyp := Mat{Rows: x.Rows * t.OutH() * t.OutW(), Cols: t.OutC, Data: dy.Data[:x.Rows*t.Out()]}
	for i := 0; i < dyp.Rows; i++ {
		vec.Add(t.DB, dyp.Row(i))
	}
	if dx.Data == nil {
		return
	}
	mustShape(t.Name+" ConvTranspose2D.Backward gradient dx", dx, x.Rows, t.In())
	t.engine.MatMul(false, true, rows, t.InC, width, dcols.Data, width, t.W, width, 1, dx.Data, t.InC)
}

// String describes the layer, e.g. "deconv1 ConvTranspose2D(7×7×64 → 14×14×32, 4×4 stride 2 pad 1)".
func (t *ConvTranspose2D) String() string {
	return fmt.Sprintf("%s ConvTranspose2D(%d×%d×%d → %d×%d×%d, %d×%d stride %d pad %d)",
		t.Name, t.InH, t.InW, t.InC, t.OutH(), t.OutW(), t.OutC, t.K, t.K, t.Stride, t.Pad)
}

// sizes implements Layer: W is InC·K·K·OutC, b is OutC, drawn in
// ±1/√fanIn with the fan-in K·K·OutC, as PyTorch's nn.ConvTranspose2d
// computes it from its weight's shape (InC, OutC, K, K).
func (t *ConvTranspose2D) sizes() (weights, biases int, bound float64) {
	return t.InC * t.K * t.K * t.OutC, t.OutC, fanInBound(t.K * t.K * t.OutC)
}

// bind implements Layer.
func (t *ConvTranspose2D) bind(w, b, dw, db []float32, e *gemm.Engine) {
	if t.W != nil {
		panic(fmt.Sprintf("vae: layer %v already belongs to a block", t))
	}
	t.patches() // panics on a geometry that does not fit
	t.W, t.B, t.DW, t.DB, t.engine = w, b, dw, db, e
}
