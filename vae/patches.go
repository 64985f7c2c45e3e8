package vae

import "fmt"

// patches is the geometry shared by a convolution and its transpose: an
// image of H×W pixels with C channels, stored channels-last (pixel (y, x)
// of channel c of image b is element ((b·H + y)·W + x)·C + c of a batch),
// cut into a GH×GW grid of K×K windows, Stride apart, over an image padded
// with Pad zeros on every side. Window (gy, gx) covers the pixels
//
//	y = gy·Stride − Pad + ky,  x = gx·Stride − Pad + kx,  0 ≤ ky, kx < K.
//
// A convolution reads the windows of its input and writes one output
// pixel per window; a transposed convolution reads one input pixel per
// window and writes (adds into) the windows of its output.
type patches struct {
	H, W, C        int // the image, channels-last
	GH, GW         int // the grid of windows
	K, Stride, Pad int
}

// cols is the width of a row of im2col's matrix: one window, K·K·C values
// ordered (ky, kx, c).
func (p patches) cols() int { return p.K * p.K * p.C }

// im2col copies every window of every image of img (B, H·W·C) into a row
// of cols (B·GH·GW, K·K·C), row (b·GH + gy)·GW + gx, with zeros where the
// window hangs over the border. A convolution is then one matrix product
// of cols with its weights (Chellapilla, Puri & Simard, "High performance
// convolutional neural networks for document processing", 2006).
func (p patches) im2col(cols, img Mat) {
	mustShape("im2col image", img, img.Rows, p.H*p.W*p.C)
	mustShape("im2col columns", cols, img.Rows*p.GH*p.GW, p.cols())
	r := 0
	for b := 0; b < img.Rows; b++ {
		src := img.Row(b)
		for gy := 0; gy < p.GH; gy++ {
			for gx := 0; gx < p.GW; gx++ {
				dst := cols.Row(r)
				r++
				for ky := 0; ky < p.K; ky++ {
					row := dst[ky*p.K*p.C : (ky+1)*p.K*p.C]
					y := gy*p.Stride - p.Pad + ky
					if y < 0 || y >= p.H {
						clear(row)
						continue
					}
					for kx := 0; kx < p.K; kx++ {
						x := gx*p.Stride - p.Pad + kx
						pix := row[kx*p.C : (kx+1)*p.C]
						if x < 0 || x >= p.W {
							clear(pix)
							continue
						}
						copy(pix, src[(y*p.W+x)*p.C:(y*p.W+x+1)*p.C])
					}
				}
			}
		}
	}
}

// col2im is im2col's adjoint: it adds each row of cols (B·GH·GW, K·K·C)
// back into the pixels of its window in img (B, H·W·C), dropping the
// padding. Where windows overlap, a pixel receives the sum of every value
// that im2col would have copied out of it; so col2im is the backward pass
// of im2col, and the forward pass of a transposed convolution.
func (p patches) col2im(img, cols Mat) {
	mustShape("col2im image", img, img.Rows, p.H*p.W*p.C)
	mustShape("col2im columns", cols, img.Rows*p.GH*p.GW, p.cols())
	r := 0
	for b := 0; b < img.Rows; b++ {
		dst := img.Row(b)
		for gy := 0; gy < p.GH; gy++ {
			for gx := 0; gx < p.GW; gx++ {
				src := cols.Row(r)
				r++
				for ky := 0; ky < p.K; ky++ {
					y := gy*p.Stride - p.Pad + ky
					if y < 0 || y >= p.H {
						continue
					}
					for kx := 0; kx < p.K; kx++ {
						x := gx*p.Stride - p.Pad + kx
						if x < 0 || x >= p.W {
							continue
						}
						pix := dst[(y*p.W+x)*p.C : (y*p.W+x+1)*p.C]
						for c, v := range src[(ky*p.K+kx)*p.C : (ky*p.K+kx+1)*p.C] {
							pix[c] += v
						}
					}
				}
			}
		}
	}
}

// mustValid panics unless every size of p is positive and the grid fits.
func (p patches) mustValid(layer string) {
	if p.H <= 0 || p.W <= 0 || p.C <= 0 || p.K <= 0 || p.Stride <= 0 || p.Pad < 0 || p.GH <= 0 || p.GW <= 0 {
		panic(fmt.Sprintf("vae: %s: image %d×%d×%d, kernel %d, stride %d, padding %d give a %d×%d grid; sizes must be positive (padding ≥ 0)",
			layer, p.H, p.W, p.C, p.K, p.Stride, p.Pad, p.GH, p.GW))
	}
}
