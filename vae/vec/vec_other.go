//go:build !amd64 || noasm

package vec

// useAVX2 is false where there is no assembly: the Go paths run.
const useAVX2 = false

func adamAVX2(p, g, m, v []float32, s *AdamStep) { panic("vec: no AVX2 path in this build") }

func bceAVX2(p, l, x []float32) float64 { panic("vec: no AVX2 path in this build") }

func reluAVX2(y, x []float32) { panic("vec: no AVX2 path in this build") }

func reluBackwardAVX2(dx, dy, y []float32) { panic("vec: no AVX2 path in this build") }

func allFiniteAVX2(x []float32) bool { panic("vec: no AVX2 path in this build") }

func addAVX2(dst, x []float32) { panic("vec: no AVX2 path in this build") }

func scaledSubAVX2(dst, a, b []float32, s float32) { panic("vec: no AVX2 path in this build") }

func scaleBytesAVX2(dst []float32, src []uint8, scale float32) {
	panic("vec: no AVX2 path in this build")
}
