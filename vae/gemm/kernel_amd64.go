//go:build amd64 && !noasm

package gemm

import "github.com/vaelab/govae/vae/internal/simd"

// asmKernels returns the assembly kernels this CPU can run, fastest first.
func asmKernels() []*kernel {
	var ks []*kernel
	if simd.AVX512 && simd.AVX2FMA { // packBT uses the AVX2 transpose
		ks = append(ks, &kernel{name: "avx512", mr: 8, nr: 32, tile: tile8x32AVX512, transpose8: transpose8AVX2, sparseRow: sparseRowAVX512, compress: compressAVX2,
			edges: []edgeTile{{16, tile8x16AVX512}, {8, tile8x8AVX512}}})
	}
	if simd.AVX2FMA {
		ks = append(ks, &kernel{name: "avx2", mr: 6, nr: 16, tile: tile6x16AVX2, transpose8: transpose8AVX2, sparseRow: sparseRowAVX2, compress: compressAVX2,
			edges: []edgeTile{{8, tile6x8AVX2}}})
	}
	return ks
}

// tile6x16AVX2 computes a 6×16 tile with AVX2 and FMA: twelve YMM
// accumulators, two rows of B and one broadcast element of A per step.
//
//	for i := 0; i < 6; i++ {
//		for j := 0; j < 16; j++ {
//			var sum float32
//			for p := 0; p < kc; p++ {
//				sum += a[i*as+p*ap] * b[p*bs+j]
//			}
//			if add {
//				c[i*cs+j] += sum
//			} else {
//				c[i*cs+j] = sum
//			}
//		}
//	}
//
//go:noescape
func tile6x16AVX2(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)

// tile8x32AVX512 computes an 8×32 tile with AVX-512: sixteen ZMM
// accumulators, two rows of B and one broadcast element of A per step.
//
//	for i := 0; i < 8; i++ {
//		for j := 0; j < 32; j++ {
//			var sum float32
//			for p := 0; p < kc; p++ {
//				sum += a[i*as+p*ap] * b[p*bs+j]
//			}
//			if add {
//				c[i*cs+j] += sum
//			} else {
//				c[i*cs+j] = sum
//			}
//		}
//	}
//
//go:noescape
func tile8x32AVX512(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)

// transpose8AVX2 transposes an 8×n strip of src (n a multiple of 8) into
// dst, eight 8×8 blocks at a time:
//
//	for p := 0; p < n; p++ {
//		for j := 0; j < 8; j++ {
//			dst[p*ds+j] = src[j*ss+p]
//		}
//	}
//
//go:noescape
func transpose8AVX2(dst []float32, ds int, src []float32, ss int, n int)

// tile8x16AVX512 computes an 8×16 tile with AVX-512, for the right edge of
// C: eight ZMM accumulators, one row of B and one broadcast element of A
// per step.
//
//	for i := 0; i < 8; i++ {
//		for j := 0; j < 16; j++ {
//			var sum float32
//			for p := 0; p < kc; p++ {
//				sum += a[i*as+p*ap] * b[p*bs+j]
//			}
//			if add {
//				c[i*cs+j] += sum
//			} else {
//				c[i*cs+j] = sum
//			}
//		}
//	}
//
//go:noescape
func tile8x16AVX512(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)

// tile8x8AVX512 computes an 8×8 tile with AVX-512VL, for the right edge of
// the 8×32 kernel: eight YMM accumulators.
//
//	for i := 0; i < 8; i++ {
//		for j := 0; j < 8; j++ {
//			var sum float32
//			for p := 0; p < kc; p++ {
//				sum += a[i*as+p*ap] * b[p*bs+j]
//			}
//			if add {
//				c[i*cs+j] += sum
//			} else {
//				c[i*cs+j] = sum
//			}
//		}
//	}
//
//go:noescape
func tile8x8AVX512(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)

// tile6x8AVX2 computes a 6×8 tile with AVX2 and FMA, for the right edge of the
// 6×16 kernel: six YMM accumulators.
//
//	for i := 0; i < 6; i++ {
//		for j := 0; j < 8; j++ {
//			var sum float32
//			for p := 0; p < kc; p++ {
//				sum += a[i*as+p*ap] * b[p*bs+j]
//			}
//			if add {
//				c[i*cs+j] += sum
//			} else {
//				c[i*cs+j] = sum
//			}
//		}
//	}
//
//go:noescape
func tile6x8AVX2(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)
