package convvae

import (
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
)

type convFunc = func(img, kernel [][]float64, stride, pad int) [][]float64

// conv is the notebook's solution with its window read through at: the
// right answer with at(ky, kx) = kernel[ky][kx], and the usual mistakes.
func conv(at func(kernel [][]float64, ky, kx int) float64, side func(n, k, stride, pad int) int) convFunc {
	return func(img, kernel [][]float64, stride, pad int) [][]float64 {
		k := len(kernel)
		out := make([][]float64, side(len(img), k, stride, pad))
		for i := range out {
			out[i] = make([]float64, side(len(img[0]), k, stride, pad))
			for j := range out[i] {
				for ky := 0; ky < k; ky++ {
					for kx := 0; kx < k; kx++ {
						y, x := i*stride-pad+ky, j*stride-pad+kx
						if y >= 0 && y < len(img) && x >= 0 && x < len(img[0]) {
							out[i][j] += at(kernel, ky, kx) * img[y][x]
						}
					}
				}
			}
		}
		return out
	}
}

func same(kernel [][]float64, ky, kx int) float64 { return kernel[ky][kx] }
func convSide(n, k, stride, pad int) int          { return (n+2*pad-k)/stride + 1 }

// TestConvCheck holds the convolution check to its verdicts: the right
// answer passes, the stub is TODO, and each mistake a learner might make
// is WRONG.
func TestConvCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    convFunc
		want exercise.Status
	}{
		{"right", conv(same, convSide), exercise.Pass},
		{"stub", func(img, kernel [][]float64, stride, pad int) [][]float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the textbook convolution, kernel flipped.
		{"kernel flipped", conv(func(kn [][]float64, ky, kx int) float64 { return kn[len(kn)-1-ky][len(kn)-1-kx] }, convSide), exercise.Wrong},
		{"padding left out of the side", conv(same, func(n, k, stride, _ int) int { return (n-k)/stride + 1 }), exercise.Wrong},
		{"stride left out of the side", conv(same, func(n, k, _, pad int) int { return n + 2*pad - k + 1 }), exercise.Wrong},
		{"kernel transposed", conv(func(kn [][]float64, ky, kx int) float64 { return kn[kx][ky] }, convSide), exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, ConvCheck(tc.f), tc.want) })
	}
}

// convT is the notebook's solution of the second exercise, with the
// offset of a window's first pixel as a parameter for the mistakes.
func convT(offset func(i, stride, pad int) int, side func(n, k, stride, pad int) int) convFunc {
	return func(img, kernel [][]float64, stride, pad int) [][]float64 {
		k := len(kernel)
		oh, ow := side(len(img), k, stride, pad), side(len(img[0]), k, stride, pad)
		out := make([][]float64, oh)
		for i := range out {
			out[i] = make([]float64, ow)
		}
		for i := range img {
			for j := range img[i] {
				for ky := 0; ky < k; ky++ {
					for kx := 0; kx < k; kx++ {
						y, x := offset(i, stride, pad)+ky, offset(j, stride, pad)+kx
						if y >= 0 && y < oh && x >= 0 && x < ow {
							out[y][x] += img[i][j] * kernel[ky][kx]
						}
					}
				}
			}
		}
		return out
	}
}

func TestConvTCheck(t *testing.T) {
	offset := func(i, stride, pad int) int { return i*stride - pad }
	side := func(n, k, stride, pad int) int { return (n-1)*stride - 2*pad + k }
	for _, tc := range []struct {
		name string
		f    convFunc
		want exercise.Status
	}{
		{"right", convT(offset, side), exercise.Pass},
		{"stub", func(img, kernel [][]float64, stride, pad int) [][]float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the padding not cut from the windows.
		{"padding not cut", convT(func(i, stride, _ int) int { return i * stride }, side), exercise.Wrong},
		{"the conv's side", convT(offset, convSide), exercise.Wrong},
		{"the conv itself", conv(same, convSide), exercise.Wrong},
		{"windows one pixel apart", convT(func(i, _, pad int) int { return i - pad }, side), exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, ConvTCheck(tc.f), tc.want) })
	}
}

// window is the notebook's solution of the window exercise, with the
// place of the window's first pixel as a parameter for the mistakes.
func window(start func(i, stride, pad int) int) func(img [][]float64, k, stride, pad, i, j int) []float64 {
	return func(img [][]float64, k, stride, pad, i, j int) []float64 {
		out := make([]float64, 0, k*k)
		for ky := 0; ky < k; ky++ {
			for kx := 0; kx < k; kx++ {
				y, x := start(i, stride, pad)+ky, start(j, stride, pad)+kx
				v := 0.0
				if y >= 0 && y < len(img) && x >= 0 && x < len(img[0]) {
					v = img[y][x]
				}
				out = append(out, v)
			}
		}
		return out
	}
}

func TestWindowCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(img [][]float64, k, stride, pad, i, j int) []float64
		want exercise.Status
	}{
		{"right", window(func(i, stride, pad int) int { return i*stride - pad }), exercise.Pass},
		{"stub", func(img [][]float64, k, stride, pad, i, j int) []float64 { panic("TODO") }, exercise.Todo},
		// The notebook's wrong answer: the padding forgotten.
		{"padding forgotten", window(func(i, stride, _ int) int { return i * stride }), exercise.Wrong},
		{"stride forgotten", window(func(i, _, pad int) int { return i - pad }), exercise.Wrong},
		{"column by column", func(img [][]float64, k, stride, pad, i, j int) []float64 {
			w := window(func(i, stride, pad int) int { return i*stride - pad })(img, k, stride, pad, i, j)
			out := make([]float64, len(w))
			for ky := 0; ky < k; ky++ {
				for kx := 0; kx < k; kx++ {
					out[kx*k+ky] = w[ky*k+kx]
				}
			}
			return out
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, WindowCheck(tc.f), tc.want) })
	}
}
