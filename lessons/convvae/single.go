package convvae

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// Conv convolves one single-channel image with one K×K kernel, with the
// given stride and zero padding and no bias, by running the library's
// layer, vae.Conv2D, on them: the answer the first exercise of notebook 10
// is checked against, and what its later cells show a digit's feature maps
// with. img is rows of equal length, kernel is square; the result is
// (H + 2·pad − K)/stride + 1 rows of (W + 2·pad − K)/stride + 1. It panics
// if the shapes do not fit.
func Conv(img, kernel [][]float64, stride, pad int) [][]float64 {
	h, w, k := sizes("Conv", img, kernel)
	c := &vae.Conv2D{Name: "Conv", InH: h, InW: w, InC: 1, OutC: 1, K: k, Stride: stride, Pad: pad}
	blk := vae.NewBlockOf(1, 0, c)
	defer blk.Close()
	copy(c.W, flat(kernel)) // W's rows are (ky, kx, c = 0), one output channel
	c.B[0] = 0
	y := vae.NewMat(1, c.Out())
	c.Forward(y, vae.NewMat(c.ColsShape(1)), vae.MatFrom(1, h*w, flat(img)))
	return unflat(y.Row(0), c.OutH(), c.OutW())
}

// ConvT is Conv's transpose for one channel: each pixel of img paints the
// kernel, scaled by its value, into a window of the output, stride apart,
// overlaps adding up, padding cut from every side, by running
// vae.ConvTranspose2D. The result is (H − 1)·stride − 2·pad + K rows of
// (W − 1)·stride − 2·pad + K. It panics if the shapes do not fit.
func ConvT(img, kernel [][]float64, stride, pad int) [][]float64 {
	h, w, k := sizes("ConvT", img, kernel)
	t := &vae.ConvTranspose2D{Name: "ConvT", InH: h, InW: w, InC: 1, OutC: 1, K: k, Stride: stride, Pad: pad}
	blk := vae.NewBlockOf(1, 0, t)
	defer blk.Close()
	copy(t.W, flat(kernel)) // W's row c = 0 holds columns (ky, kx, o = 0)
	t.B[0] = 0
	y := vae.NewMat(1, t.Out())
	t.Forward(y, vae.NewMat(t.ColsShape(1)), vae.MatFrom(1, h*w, flat(img)))
	return unflat(y.Row(0), t.OutH(), t.OutW())
}

// sizes returns img's height and width and kernel's side, and panics
// unless both are non-empty rectangles and the kernel is square.
func sizes(who string, img, kernel [][]float64) (h, w, k int) {
	rect := func(m [][]float64) bool {
		if len(m) == 0 || len(m[0]) == 0 {
			return false
		}
		for _, r := range m {
			if len(r) != len(m[0]) {
				return false
			}
		}
		return true
	}
	if !rect(img) || !rect(kernel) || len(kernel) != len(kernel[0]) {
		panic(fmt.Sprintf("convvae: %s: the image must be rows of equal length and the kernel square, got %s and %s", who, shape(img), shape(kernel)))
	}
	return len(img), len(img[0]), len(kernel)
}

// shape describes a [][]float64, e.g. "3×4" or "ragged rows of 3, 2".
func shape(m [][]float64) string {
	if len(m) == 0 {
		return "no rows"
	}
	for _, r := range m {
		if len(r) != len(m[0]) {
			lens := make([]int, len(m))
			for i := range m {
				lens[i] = len(m[i])
			}
			return fmt.Sprintf("ragged rows of lengths %v", lens)
		}
	}
	return fmt.Sprintf("%d×%d", len(m), len(m[0]))
}

// flat returns the rows of m one after another, in float32.
func flat(m [][]float64) []float32 {
	var out []float32
	for _, r := range m {
		for _, v := range r {
			out = append(out, float32(v))
		}
	}
	return out
}

// unflat returns v as h rows of w, in float64.
func unflat(v []float32, h, w int) [][]float64 {
	out := make([][]float64, h)
	for i := range out {
		out[i] = make([]float64, w)
		for j := range out[i] {
			out[i][j] = float64(v[i*w+j])
		}
	}
	return out
}

// Window returns the k×k pixels of img under window (i, j) of a
// convolution with that stride and padding, in (ky, kx) order with zeros
// outside the image: the row im2col cuts out for output pixel (i, j). It
// runs the library's layer: a vae.Conv2D with k·k output channels whose
// kernel number ky·k + kx is 1 at (ky, kx) and 0 elsewhere, so output
// channel ky·k + kx at (i, j) is exactly that pixel of the window. It
// panics if the shapes do not fit or (i, j) is not a window.
func Window(img [][]float64, k, stride, pad, i, j int) []float64 {
	h, w, _ := sizes("Window", img, [][]float64{{0}})
	c := &vae.Conv2D{Name: "Window", InH: h, InW: w, InC: 1, OutC: k * k, K: k, Stride: stride, Pad: pad}
	blk := vae.NewBlockOf(1, 0, c)
	defer blk.Close()
	if i < 0 || i >= c.OutH() || j < 0 || j >= c.OutW() {
		panic(fmt.Sprintf("convvae: Window: (%d, %d) is not among the %d×%d windows", i, j, c.OutH(), c.OutW()))
	}
	clear(c.W)
	clear(c.B)
	for p := range k * k { // W's row p is window place p; its column p picks it
		c.W[p*k*k+p] = 1
	}
	y := vae.NewMat(1, c.Out())
	c.Forward(y, vae.NewMat(c.ColsShape(1)), vae.MatFrom(1, h*w, flat(img)))
	out := make([]float64, k*k)
	for p := range out {
		out[p] = float64(y.Row(0)[(i*c.OutW()+j)*k*k+p])
	}
	return out
}
