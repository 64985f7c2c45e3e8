//go:build amd64 && !noasm

package vec

import (
	"os"

	"github.com/vaelab/govae/vae/internal/simd"
)

// useAVX2 says whether the assembly paths run: the CPU (and OS) must
// support AVX2 and FMA, and VAE_GEMM must not ask for pure Go.
var useAVX2 = simd.AVX2FMA && os.Getenv(simd.EnvKernel) != "go"

// adamAVX2 is adamGo eight elements at a time; len(p) must be a multiple
// of 8.
//
//go:noescape
func adamAVX2(p, g, m, v []float32, s *AdamStep)

// bceAVX2 is bceGo eight elements at a time; len(p) must be a multiple
// of 8.
//
//go:noescape
func bceAVX2(p, l, x []float32) float64

// reluAVX2 is reluGo eight elements at a time.
//
//go:noescape
func reluAVX2(y, x []float32)

// reluBackwardAVX2 is reluBackwardGo eight elements at a time.
//
//go:noescape
func reluBackwardAVX2(dx, dy, y []float32)

// allFiniteAVX2 is allFiniteGo eight elements at a time.
//
//go:noescape
func allFiniteAVX2(x []float32) bool

// scaledSubAVX2 is scaledSubGo eight elements at a time; len(dst) must be
// a multiple of 8.
//
//go:noescape
func scaledSubAVX2(dst, a, b []float32, s float32)

// addAVX2 is addGo eight elements at a time; len(dst) must be a multiple
// of 8.
//
//go:noescape
func addAVX2(dst, x []float32)

// scaleBytesAVX2 is scaleBytesGo eight elements at a time; len(dst) must
// be a multiple of 8.
//
//go:noescape
func scaleBytesAVX2(dst []float32, src []uint8, scale float32)
