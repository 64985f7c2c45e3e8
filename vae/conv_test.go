package vae

import (
	"math"
	"strings"
	"testing"
)

// geometry is one convolution's sizes, for the table tests below.
type geometry struct{ h, w, inC, outC, k, stride, pad int }

// convCases cover a kernel wider than its stride (overlapping windows), a
// stride wider than its kernel (gaps), padding wider than one pixel,
// non-square images and the encoder's own 4×4, stride 2, padding 1.
var convCases = []geometry{
	{h: 6, w: 6, inC: 1, outC: 2, k: 4, stride: 2, pad: 1},
	{h: 5, w: 7, inC: 3, outC: 2, k: 3, stride: 1, pad: 1},
	{h: 7, w: 5, inC: 2, outC: 3, k: 2, stride: 3, pad: 0},
	{h: 4, w: 4, inC: 2, outC: 1, k: 3, stride: 2, pad: 2},
	{h: 1, w: 1, inC: 1, outC: 1, k: 1, stride: 1, pad: 0},
}

func (g geometry) conv() *Conv2D {
	return &Conv2D{Name: "c", InH: g.h, InW: g.w, InC: g.inC, OutC: g.outC, K: g.k, Stride: g.stride, Pad: g.pad}
}

// convT is the transposed convolution whose output has the conv's input
// shape: it maps conv's output back.
func (g geometry) convT() *ConvTranspose2D {
	c := g.conv()
	return &ConvTranspose2D{Name: "t", InH: c.OutH(), InW: c.OutW(), InC: g.outC, OutC: g.inC, K: g.k, Stride: g.stride, Pad: g.pad}
}

func TestConvSizes(t *testing.T) {
	for _, tc := range []struct {
		g      geometry
		oh, ow int
	}{
		{geometry{h: 28, w: 28, inC: 1, outC: 32, k: 4, stride: 2, pad: 1}, 14, 14},
		{geometry{h: 14, w: 14, inC: 32, outC: 64, k: 4, stride: 2, pad: 1}, 7, 7},
		{geometry{h: 28, w: 28, inC: 1, outC: 8, k: 3, stride: 1, pad: 1}, 28, 28},
		{geometry{h: 28, w: 20, inC: 1, outC: 8, k: 5, stride: 1, pad: 0}, 24, 16},
		{geometry{h: 7, w: 7, inC: 1, outC: 1, k: 3, stride: 2, pad: 0}, 3, 3},
	} {
		c := tc.g.conv()
		if c.OutH() != tc.oh || c.OutW() != tc.ow {
			t.Errorf("%v: output %d×%d, want %d×%d", c, c.OutH(), c.OutW(), tc.oh, tc.ow)
		}
		// The transpose of a conv whose windows tile the input exactly
		// (no pixel left over at the far edge) gives the input's size back.
		if (tc.g.h+2*tc.g.pad-tc.g.k)%tc.g.stride == 0 && (tc.g.w+2*tc.g.pad-tc.g.k)%tc.g.stride == 0 {
			if tt := tc.g.convT(); tt.OutH() != tc.g.h || tt.OutW() != tc.g.w {
				t.Errorf("%v: output %d×%d, want the conv's input %d×%d", tt, tt.OutH(), tt.OutW(), tc.g.h, tc.g.w)
			}
		}
	}
}

// directConv is the convolution's defining sum, pixel by pixel.
func directConv(c *Conv2D, x Mat) Mat {
	y := NewMat(x.Rows, c.Out())
	for b := 0; b < x.Rows; b++ {
		for gy := 0; gy < c.OutH(); gy++ {
			for gx := 0; gx < c.OutW(); gx++ {
				for o := 0; o < c.OutC; o++ {
					s := float64(c.B[o])
					for ky := 0; ky < c.K; ky++ {
						for kx := 0; kx < c.K; kx++ {
							iy, ix := gy*c.Stride-c.Pad+ky, gx*c.Stride-c.Pad+kx
							if iy < 0 || iy >= c.InH || ix < 0 || ix >= c.InW {
								continue
							}
							for ch := 0; ch < c.InC; ch++ {
								s += float64(x.Row(b)[(iy*c.InW+ix)*c.InC+ch]) * float64(c.W[((ky*c.K+kx)*c.InC+ch)*c.OutC+o])
							}
						}
					}
					y.Row(b)[(gy*c.OutW()+gx)*c.OutC+o] = float32(s)
				}
			}
		}
	}
	return y
}

// directConvT paints each input pixel's window, the transposed
// convolution's definition.
func directConvT(t *ConvTranspose2D, x Mat) Mat {
	oh, ow := t.OutH(), t.OutW()
	y := make([]float64, x.Rows*t.Out())
	for b := 0; b < x.Rows; b++ {
		for i := 0; i < oh*ow; i++ {
			for o := 0; o < t.OutC; o++ {
				y[b*t.Out()+i*t.OutC+o] = float64(t.B[o])
			}
		}
		for gy := 0; gy < t.InH; gy++ {
			for gx := 0; gx < t.InW; gx++ {
				for ky := 0; ky < t.K; ky++ {
					for kx := 0; kx < t.K; kx++ {
						oy, ox := gy*t.Stride-t.Pad+ky, gx*t.Stride-t.Pad+kx
						if oy < 0 || oy >= oh || ox < 0 || ox >= ow {
							continue
						}
						for o := 0; o < t.OutC; o++ {
							for c := 0; c < t.InC; c++ {
								y[b*t.Out()+(oy*ow+ox)*t.OutC+o] += float64(x.Row(b)[(gy*t.InW+gx)*t.InC+c]) * float64(t.W[c*t.K*t.K*t.OutC+(ky*t.K+kx)*t.OutC+o])
							}
						}
					}
				}
			}
		}
	}
	out := NewMat(x.Rows, t.Out())
	for i, v := range y {
		out.Data[i] = float32(v)
	}
	return out
}

func maxDiff(a, b Mat) float64 {
	d := 0.0
	for i := range a.Data {
		d = max(d, math.Abs(float64(a.Data[i]-b.Data[i])))
	}
	return d
}

func TestConvIsItsDefiningSum(t *testing.T) {
	for _, g := range convCases {
		rng := newRNG(10)
		c, tt := g.conv(), g.convT()
		blk := NewBlockOf(1, 1, c, tt)
		defer blk.Close()
		const batch = 3
		x := randMat(rng, batch, c.In(), 1)
		y := NewMat(batch, c.Out())
		c.Forward(y, NewMat(c.ColsShape(batch)), x)
		if d := maxDiff(y, directConv(c, x)); d > 1e-5 {
			t.Errorf("%v: im2col and the direct sum differ by %g", c, d)
		}
		xt := randMat(rng, batch, tt.In(), 1)
		yt := NewMat(batch, tt.Out())
		tt.Forward(yt, NewMat(tt.ColsShape(batch)), xt)
		if d := maxDiff(yt, directConvT(tt, xt)); d > 1e-5 {
			t.Errorf("%v: x·W and col2im differ from the painted windows by %g", tt, d)
		}
	}
}

// TestConvTransposeIsConvAdjoint checks the name: with the same weights
// (ConvTranspose2D's W is Conv2D's, transposed) and no bias, ⟨conv(x), y⟩ =
// ⟨x, convᵀ(y)⟩ for every x and y.
func TestConvTransposeIsConvAdjoint(t *testing.T) {
	checked := 0
	for _, g := range convCases {
		rng := newRNG(11)
		c, tt := g.conv(), g.convT()
		if tt.OutH() != c.InH || tt.OutW() != c.InW {
			// The conv drops the input's last rows or columns (its
			// windows do not reach them); PyTorch's output_padding would
			// give them back, a size this layer does not offer.
			continue
		}
		checked++
		blk := NewBlockOf(1, 1, c, tt)
		defer blk.Close()
		kkc := c.K * c.K * c.InC
		for r := 0; r < kkc; r++ {
			for o := 0; o < c.OutC; o++ {
				tt.W[o*kkc+r] = c.W[r*c.OutC+o]
			}
		}
		clear(c.B)
		clear(tt.B)
		x, y := randMat(rng, 2, c.In(), 1), randMat(rng, 2, c.Out(), 1)
		cx, ty := NewMat(2, c.Out()), NewMat(2, c.In())
		c.Forward(cx, NewMat(c.ColsShape(2)), x)
		tt.Forward(ty, NewMat(tt.ColsShape(2)), y)
		a, b := dot(cx, y), dot(x, ty)
		if math.Abs(a-b) > 1e-4*(1+math.Abs(a)) {
			t.Errorf("%v: ⟨conv(x), y⟩ = %g but ⟨x, convᵀ(y)⟩ = %g", c, a, b)
		}
	}
	if checked < 3 {
		t.Errorf("only %d geometries have a transpose of the conv's input size", checked)
	}
}

func TestConvGradients(t *testing.T) {
	for _, g := range convCases {
		rng := newRNG(12)
		c, tt := g.conv(), g.convT()
		blk := NewBlockOf(1, 1, c, tt)
		defer blk.Close()
		copy(blk.Params, randMat(rng, 1, len(blk.Params), 0.5).Data)
		const batch = 2

		x := randMat(rng, batch, c.In(), 1)
		r := randMat(rng, batch, c.Out(), 1) // loss = Σ y⊙r, so dy = r
		y, cols := NewMat(batch, c.Out()), NewMat(c.ColsShape(batch))
		loss := func() float64 { c.Forward(y, cols, x); return dot(y, r) }
		loss()
		blk.ZeroGrad()
		dx := NewMat(batch, c.In())
		c.Backward(dx, NewMat(c.ColsShape(batch)), r, cols)
		checkGrad(t, c.String()+" dW+dB", blk.Params[:len(c.W)+len(c.B)], blk.Grads[:len(c.W)+len(c.B)], loss)
		checkGrad(t, c.String()+" dx", x.Data, dx.Data, loss)

		xt := randMat(rng, batch, tt.In(), 1)
		rt := randMat(rng, batch, tt.Out(), 1)
		yt, colsT := NewMat(batch, tt.Out()), NewMat(tt.ColsShape(batch))
		lossT := func() float64 { tt.Forward(yt, colsT, xt); return dot(yt, rt) }
		lossT()
		blk.ZeroGrad()
		dxt := NewMat(batch, tt.In())
		tt.Backward(dxt, NewMat(tt.ColsShape(batch)), rt, xt)
		n := len(c.W) + len(c.B)
		checkGrad(t, tt.String()+" dW+dB", blk.Params[n:], blk.Grads[n:], lossT)
		checkGrad(t, tt.String()+" dx", xt.Data, dxt.Data, lossT)
	}
}

func TestConvPanicsNameTheShapes(t *testing.T) {
	c := &Conv2D{Name: "conv1", InH: 28, InW: 28, InC: 1, OutC: 4, K: 4, Stride: 2, Pad: 1}
	tt := &ConvTranspose2D{Name: "deconv", InH: 7, InW: 7, InC: 4, OutC: 1, K: 4, Stride: 2, Pad: 1}
	blk := NewBlockOf(1, 1, c, tt)
	defer blk.Close()
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"conv input", func() { c.Forward(NewMat(2, c.Out()), NewMat(c.ColsShape(2)), NewMat(2, 700)) }, "conv1 Conv2D.Forward input x is 2x700"},
		{"conv cols", func() { c.Forward(NewMat(2, c.Out()), NewMat(c.ColsShape(1)), NewMat(2, 784)) }, "im2col columns is 196x16"},
		{"convT output", func() { tt.Forward(NewMat(2, 100), NewMat(tt.ColsShape(2)), NewMat(2, tt.In())) }, "deconv ConvTranspose2D.Forward output y is 2x100 (len 200), want 2x196"},
		{"kernel wider than the padded image", func() {
			NewBlockOf(1, 1, &Conv2D{Name: "big", InH: 3, InW: 3, InC: 1, OutC: 1, K: 6, Stride: 1}).Close()
		}, "big Conv2D(3×3×1 → -2×-2×1, 6×6 stride 1 pad 0): image 3×3×1, kernel 6, stride 1, padding 0 give a -2×-2 grid"},
		{"a layer in two blocks", func() { NewBlockOf(1, 1, c).Close() }, "conv1 Conv2D(28×28×1 → 14×14×4, 4×4 stride 2 pad 1) already belongs to a block"},
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, tc.want) {
					t.Errorf("%s: panic %q, want it to contain %q", tc.name, msg, tc.want)
				}
			}()
			tc.f()
		}()
	}
}

// NewBlock is NewBlockOf with Linear layers: the same weights from the
// same seed, so models made before convolutions existed keep theirs.
func TestNewBlockIsNewBlockOfLinear(t *testing.T) {
	a := NewBlock(1, 42, LayerSize{"fc1", 5, 3}, LayerSize{"fc2", 3, 2})
	defer a.Close()
	b := NewBlockOf(1, 42, &Linear{Name: "fc1", In: 5, Out: 3}, &Linear{Name: "fc2", In: 3, Out: 2})
	defer b.Close()
	if len(a.Params) != len(b.Params) {
		t.Fatalf("%d and %d parameters", len(a.Params), len(b.Params))
	}
	for i := range a.Params {
		if a.Params[i] != b.Params[i] {
			t.Fatalf("parameter %d: %g and %g", i, a.Params[i], b.Params[i])
		}
	}
	if len(a.Layers()) != 2 || len(b.All()) != 2 || a.Layers()[1].W[0] != b.Params[18] {
		t.Errorf("layers %v and %v do not view the block's parameters", a.Layers(), b.All())
	}
}
