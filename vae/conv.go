package vae

import (
	"fmt"

	"github.com/vaelab/govae/vae/gemm"
	"github.com/vaelab/govae/vae/vec"
)

// Conv2D is a 2-D convolution over channels-last images (patches.go): each
// output pixel is a K×K window of the input, all InC channels, times the
// weights, plus a bias per output channel,
//
//	y[gy, gx, o] = b[o] + Σ_{ky, kx, c} x[gy·S − P + ky, gx·S − P + kx, c] · W[(ky, kx, c), o],
//
// with zeros outside the image. Written as im2col, it is a Linear layer
// applied to every window: cols = im2col(x), y = cols·W + b, one product
// on the matmul core for the whole batch. Its weights and gradients are
// views into a Block (NewBlockOf).
type Conv2D struct {
	Name           string // e.g. "conv1", for messages
	InH, InW, InC  int    // input image: height, width, channels
	OutC           int    // output channels
	K, Stride, Pad int    // square kernel side, stride, zero padding

	W  []float32 // (K·K·InC, OutC) weights, rows in (ky, kx, c) order
	B  []float32 // (OutC) bias
	DW []float32 // (K·K·InC, OutC) ∂L/∂W
	DB []float32 // (OutC) ∂L/∂b

	engine *gemm.Engine
}

// OutH returns the output's height, (InH + 2·Pad − K)/Stride + 1.
func (c *Conv2D) OutH() int { return (c.InH+2*c.Pad-c.K)/c.Stride + 1 }

// OutW returns the output's width, (InW + 2·Pad − K)/Stride + 1.
func (c *Conv2D) OutW() int { return (c.InW+2*c.Pad-c.K)/c.Stride + 1 }

// In returns the size of one input image, InH·InW·InC.
func (c *Conv2D) In() int { return c.InH * c.InW * c.InC }

// Out returns the size of one output image, OutH·OutW·OutC.
func (c *Conv2D) Out() int { return c.OutH() * c.OutW() * c.OutC }

// ColsShape returns the shape of the im2col matrix of a batch of b
// images, (b·OutH·OutW, K·K·InC): the buffer Forward fills and Backward
// reads.
func (c *Conv2D) ColsShape(b int) (rows, cols int) { return b * c.OutH() * c.OutW(), c.K * c.K * c.InC }

// patches returns the geometry of the input's windows.
func (c *Conv2D) patches() patches {
	p := patches{H: c.InH, W: c.InW, C: c.InC, GH: c.OutH(), GW: c.OutW(), K: c.K, Stride: c.Stride, Pad: c.Pad}
	p.mustValid(c.String())
	return p
}

// Forward computes y = conv(x) for a batch, keeping the input's windows in
// cols for Backward:
//
//	x (B, InH·InW·InC) → cols = im2col(x) (B·OutH·OutW, K·K·InC) → y = cols·W + b (B, OutH·OutW·OutC)
//
// (y's rows, read as B·OutH·OutW rows of OutC, are the product's.) It
// panics if the shapes do not fit.
func (c *Conv2D) Forward(y, cols, x Mat) {
	p := c.patches()
	mustShape(c.Name+" Conv2D.Forward input x", x, x.Rows, c.In())
	mustShape(c.Name+" Conv2D.Forward output y", y, x.Rows, c.Out())
	p.im2col(cols, x)
	// y, one row per window: y = b, then y += cols·W.
	yw := Mat{Rows: cols.Rows, Cols: c.OutC, Data: y.Data[:cols.Rows*c.OutC]}
	for i := 0; i < yw.Rows; i++ {
		copy(yw.Row(i), c.B)
	}
	c.engine.MatMul(false, false, cols.Rows, c.OutC, cols.Cols, cols.Data, cols.Cols, c.W, c.OutC, 1, yw.Data, c.OutC)
}

// Backward takes dy = ∂L/∂y and the windows cols that the last Forward
// kept, and, as Linear.Backward does for each window,
//
//	adds ∂L/∂W = colsᵀ·dy       into DW  (K·K·InC, OutC)
//	adds ∂L/∂b = Σ_windows dy   into DB  (OutC)
//	sets dcols = dy·Wᵀ                   (B·OutH·OutW, K·K·InC)
//	adds ∂L/∂x = col2im(dcols)  into dx  (B, InH·InW·InC),
//
// the last two skipped when dx has no data (the first layer of an
// encoder: the data needs no gradient). It panics if the shapes do not fit.
func (c *Conv2D) Backward(dx, dcols, dy, cols Mat) {
	p := c.patches()
	n := cols.Rows / (p.GH * p.GW)
	mustShape(c.Name+" Conv2D.Backward columns", cols, n*p.GH*p.GW, p.cols())
	mustShape(c.Name+" Conv2D.Backward gradient dy", dy, n, c.Out())
	dyw := Mat{Rows: cols.Rows, Cols: c.OutC, Data: dy.Data[:cols.Rows*c.OutC]}
	c.engine.MatMul(true, false, cols.Cols, c.OutC, cols.Rows, cols.Data, cols.Cols, dyw.Data, c.OutC, 1, c.DW, c.OutC)
	for i := 0; i < dyw.Rows; i++ {
		vec.Add(c.DB, dyw.Row(i))
	}
	if dx.Data == nil {
		return
	}
	mustShape(c.Name+" Conv2D.Backward gradient dcols", dcols, cols.Rows, cols.Cols)
	mustShape(c.Name+" Conv2D.Backward gradient dx", dx, n, c.In())
	c.engine.MatMul(false, true, cols.Rows, cols.Cols, c.OutC, dyw.Data, c.OutC, c.W, c.OutC, 0, dcols.Data, cols.Cols)
	p.col2im(dx, dcols)
}

// String describes the layer, e.g. "conv1 Conv2D(28×28×1 → 14×14×32, 4×4 stride 2 pad 1)".
func (c *Conv2D) String() string {
	return fmt.Sprintf("%s Conv2D(%d×%d×%d → %d×%d×%d, %d×%d stride %d pad %d)",
		c.Name, c.InH, c.InW, c.InC, c.OutH(), c.OutW(), c.OutC, c.K, c.K, c.Stride, c.Pad)
}

// sizes implements Layer: W is K·K·InC·OutC, b is OutC, drawn in
// ±1/√fanIn with the fan-in K·K·InC, the inputs of one output pixel.
func (c *Conv2D) sizes() (weights, biases int, bound float64) {
	return c.K * c.K * c.InC * c.OutC, c.OutC, fanInBound(c.K * c.K * c.InC)
}

// bind implements Layer.
func (c *Conv2D) bind(w, b, dw, db []float32, e *gemm.Engine) {
	if c.W != nil {
		panic(fmt.Sprintf("vae: layer %v already belongs to a block", c))
	}
	c.patches() // panics on a geometry that does not fit
	c.W, c.B, c.DW, c.DB, c.engine = w, b, dw, db, e
}
