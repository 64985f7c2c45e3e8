package convvae

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/vaelab/govae/lessons/exercise"
)

// convInput is one case of the convolution exercises: a single-channel
// image, a square kernel, a stride and a padding.
type convInput struct {
	img, kernel [][]float64
	stride, pad int
}

func (in convInput) String() string {
	return fmt.Sprintf("image %s, kernel %s, stride %d, pad %d", grid(in.img), grid(in.kernel), in.stride, in.pad)
}

// grid formats a small matrix row by row, or its shape if it is large.
func grid(m [][]float64) string {
	if len(m) == 0 || len(m) > 6 || len(m[0]) > 6 {
		return shape(m)
	}
	rows := make([]string, len(m))
	for i, r := range m {
		parts := make([]string, len(r))
		for j, v := range r {
			parts[j] = fmt.Sprintf("%.4g", v)
		}
		rows[i] = "[" + strings.Join(parts, " ") + "]"
	}
	return "[" + strings.Join(rows, " ") + "]"
}

// differ compares two images: their shapes first (with the formula for
// the expected side), then each pixel.
func differ(side string) func(want, got [][]float64) string {
	return func(want, got [][]float64) string {
		if shape(got) != shape(want) {
			return fmt.Sprintf("the output is %s, expected %s: its side is %s", shape(got), shape(want), side)
		}
		for i := range want {
			for j := range want[i] {
				if d := exercise.Near(want[i][j], got[i][j], 1e-5, 1e-5); d != "" {
					return fmt.Sprintf("pixel (%d, %d): %s", i, j, d)
				}
			}
		}
		return ""
	}
}

// random returns an h×w matrix of N(0, 1) draws rounded to float32, so
// the library and the learner start from the same numbers.
func random(rng *rand.Rand, h, w int) [][]float64 {
	m := make([][]float64, h)
	for i := range m {
		m[i] = make([]float64, w)
		for j := range m[i] {
			m[i][j] = float64(float32(rng.NormFloat64()))
		}
	}
	return m
}

// convCases are the inputs of both exercises: a kernel that picks one
// pixel (so a shifted answer shows at once), overlapping and gapped
// windows, padding of 0, 1 and 2, non-square images, and random ones.
func convCases(seed uint64) []exercise.Case[convInput] {
	ramp := [][]float64{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}
	pick := [][]float64{{0, 0}, {0, 1}}
	cases := []exercise.Case[convInput]{
		{Name: "a ramp, a kernel that picks the bottom-right pixel", In: convInput{ramp, pick, 1, 0},
			Hint: "output pixel (i, j) reads input pixel (i·stride − pad + ky, j·stride − pad + kx) for every kernel place (ky, kx)"},
		{Name: "stride 2", In: convInput{ramp, [][]float64{{1, -1}, {2, 0.5}}, 2, 0}},
		{Name: "padding 1", In: convInput{ramp, [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, 1, 1},
			Hint: "padding adds pad rows and columns of zeros on every side: input pixels outside the image count as 0"},
		{Name: "4×4 kernel, stride 2, padding 1 (the model's)", In: convInput{random(rand.New(rand.NewPCG(seed, 1)), 6, 6), random(rand.New(rand.NewPCG(seed, 2)), 4, 4), 2, 1}},
		{Name: "stride wider than the kernel", In: convInput{random(rand.New(rand.NewPCG(seed, 3)), 7, 5), [][]float64{{2}}, 3, 0}},
		{Name: "padding 2", In: convInput{random(rand.New(rand.NewPCG(seed, 4)), 3, 4), random(rand.New(rand.NewPCG(seed, 5)), 3, 3), 2, 2}},
	}
	rng := rand.New(rand.NewPCG(seed, 6))
	for i := range 3 {
		k := 1 + rng.IntN(4)
		in := convInput{img: random(rng, k+rng.IntN(6), k+rng.IntN(6)), kernel: random(rng, k, k), stride: 1 + rng.IntN(3), pad: rng.IntN(k)}
		cases = append(cases, exercise.Case[convInput]{Name: fmt.Sprintf("random #%d", i+1), In: in})
	}
	return cases
}

// clone copies a matrix, so the learner's function cannot change a case.
func clone(m [][]float64) [][]float64 {
	out := make([][]float64, len(m))
	for i := range m {
		out[i] = append([]float64(nil), m[i]...)
	}
	return out
}

// ConvCheck is the check of notebook 10's first exercise: f(img, kernel,
// stride, pad) must be the convolution of img with kernel, Conv (the
// library's vae.Conv2D with one channel in and out).
func ConvCheck(f func(img, kernel [][]float64, stride, pad int) [][]float64) exercise.Check[convInput, [][]float64] {
	return exercise.Check[convInput, [][]float64]{
		Name: "a convolution", Func: "myConv", Against: "convvae.Conv (vae.Conv2D)",
		Hint:  "out[i][j] = Σ over ky, kx of kernel[ky][kx] · img[i·stride − pad + ky][j·stride − pad + kx], 0 outside the image",
		Cases: convCases(10),
		Want:  func(in convInput) [][]float64 { return Conv(in.img, in.kernel, in.stride, in.pad) },
		Got: func(in convInput) [][]float64 {
			return f(clone(in.img), clone(in.kernel), in.stride, in.pad)
		},
		Differ: differ("(n + 2·pad − k)/stride + 1, rounded down"),
		ShowIn: convInput.String, ShowOut: grid,
	}
}

// CheckConv runs ConvCheck(f) and prints its verdict.
func CheckConv(f func(img, kernel [][]float64, stride, pad int) [][]float64) exercise.Status {
	return ConvCheck(f).Run()
}

// ConvTCheck is the check of notebook 10's second exercise: f(img,
// kernel, stride, pad) must be the transposed convolution, ConvT (the
// library's vae.ConvTranspose2D with one channel in and out).
func ConvTCheck(f func(img, kernel [][]float64, stride, pad int) [][]float64) exercise.Check[convInput, [][]float64] {
	return exercise.Check[convInput, [][]float64]{
		Name: "a transposed convolution", Func: "myConvT", Against: "convvae.ConvT (vae.ConvTranspose2D)",
		Hint: "each input pixel (i, j) adds img[i][j] · kernel[ky][kx] into out[i·stride − pad + ky][j·stride − pad + kx], " +
			"dropping what falls outside the (n − 1)·stride − 2·pad + k side",
		Cases: convCases(11),
		Want:  func(in convInput) [][]float64 { return ConvT(in.img, in.kernel, in.stride, in.pad) },
		Got: func(in convInput) [][]float64 {
			return f(clone(in.img), clone(in.kernel), in.stride, in.pad)
		},
		Differ: differ("(n − 1)·stride − 2·pad + k"),
		ShowIn: convInput.String, ShowOut: grid,
	}
}

// CheckConvT runs ConvTCheck(f) and prints its verdict.
func CheckConvT(f func(img, kernel [][]float64, stride, pad int) [][]float64) exercise.Status {
	return ConvTCheck(f).Run()
}

// windowInput is one case of the window exercise.
type windowInput struct {
	img                  [][]float64
	k, stride, pad, i, j int
}

func (in windowInput) String() string {
	return fmt.Sprintf("image %s, k = %d, stride %d, pad %d, window (%d, %d)", grid(in.img), in.k, in.stride, in.pad, in.i, in.j)
}

// WindowCheck is the check of notebook 10's window exercise: f(img, k,
// stride, pad, i, j) must return the k·k pixels of window (i, j), row by
// row, zeros outside the image: Window, the row that im2col cuts out.
func WindowCheck(f func(img [][]float64, k, stride, pad, i, j int) []float64) exercise.Check[windowInput, []float64] {
	ramp := [][]float64{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}
	cases := []exercise.Case[windowInput]{
		{Name: "the first window, no padding", In: windowInput{ramp, 2, 1, 0, 0, 0}},
		{Name: "the second window of the first row, stride 2", In: windowInput{ramp, 2, 2, 0, 0, 1},
			Hint: "window (i, j) starts at row i·stride − pad, column j·stride − pad"},
		{Name: "the top-left window with padding 1", In: windowInput{ramp, 3, 1, 1, 0, 0},
			Hint: "with padding, the first window hangs over the top and left edges: those places are 0"},
		{Name: "the bottom-right window with padding 1", In: windowInput{ramp, 3, 1, 1, 2, 3}},
		{Name: "the model's 4×4, stride 2, padding 1", In: windowInput{random(rand.New(rand.NewPCG(12, 1)), 6, 6), 4, 2, 1, 2, 1}},
	}
	rng := rand.New(rand.NewPCG(12, 2))
	for n := range 3 {
		k := 1 + rng.IntN(4)
		in := windowInput{img: random(rng, k+rng.IntN(6), k+rng.IntN(6)), k: k, stride: 1 + rng.IntN(3), pad: rng.IntN(k)}
		in.i = rng.IntN((len(in.img)+2*in.pad-k)/in.stride + 1)
		in.j = rng.IntN((len(in.img[0])+2*in.pad-k)/in.stride + 1)
		cases = append(cases, exercise.Case[windowInput]{Name: fmt.Sprintf("random #%d", n+1), In: in})
	}
	return exercise.Check[windowInput, []float64]{
		Name: "a window, as im2col cuts it", Func: "myWindow", Against: "convvae.Window (vae.Conv2D with one-hot kernels)",
		Hint:  "place (ky, kx) of window (i, j) is img[i·stride − pad + ky][j·stride − pad + kx], or 0 outside the image; k·k numbers, row by row",
		Cases: cases,
		Want:  func(in windowInput) []float64 { return Window(in.img, in.k, in.stride, in.pad, in.i, in.j) },
		Got: func(in windowInput) []float64 {
			return f(clone(in.img), in.k, in.stride, in.pad, in.i, in.j)
		},
		Differ: func(want, got []float64) string { return exercise.NearSlice(want, got, 0, 0) },
		ShowIn: windowInput.String, ShowOut: exercise.Vec,
	}
}

// CheckWindow runs WindowCheck(f) and prints its verdict.
func CheckWindow(f func(img [][]float64, k, stride, pad, i, j int) []float64) exercise.Status {
	return WindowCheck(f).Run()
}
