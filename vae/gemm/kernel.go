package gemm

// A kernel is one micro-kernel and the tile it computes. tile computes the
// mr×nr block C = A·B (add false) or C += A·B (add true), where A is mr×kc
// with element (i, p) at a[i*as+p*ap] and B is kc×nr with element (p, j) at
// b[p*bs+j]. Strides are in elements. The driver in driver.go cuts every
// product into such tiles.
type kernel struct {
	name   string
	mr, nr int
	tile   func(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)

	// edges are narrower tiles, widest first, for the ragged right edge of
	// C, so that the kernels compute few columns only to throw them away.
	edges []edgeTile

	// transpose8 transposes an 8×n strip, n a multiple of 8, for packBT.
	transpose8 func(dst []float32, ds int, src []float32, ss int, n int)

	// sparseRow adds Σ_t val[t]·B[col[t], :] into the row c, for
	// MatMulSparse; see sparseRowGo.
	sparseRow func(c, b []float32, ldb int, col []int32, val []float32)

	// compress packs a row's nonzeros for SetSparse; see compressGo.
	compress func(col []int32, val []float32, row []float32) int
}

// An edgeTile is a micro-kernel like kernel.tile for an mr×width block.
type edgeTile struct {
	width int
	tile  func(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool)
}

// goMR and goNR are the tile of the pure-Go kernel: four rows of C, each
// held in sixteen accumulators.
const (
	goMR = 4
	goNR = 16
)

// goKernel is the pure-Go micro-kernel. It runs everywhere and is the one
// the tests check the assembly kernels against.
var goKernel = &kernel{name: "go", mr: goMR, nr: goNR, tile: tileGo, transpose8: transpose8Go, sparseRow: sparseRowGo, compress: compressGo}

// tileGo computes a 4×16 tile in pure Go:
//
//	for i := 0; i < 4; i++ {
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
func tileGo(kc int, a []float32, as, ap int, b []float32, bs int, c []float32, cs int, add bool) {
	// Go keeps scalars, not arrays, in registers, and amd64 has 15 for
	// floats: so the tile is computed as 2×4 blocks, each with eight named
	// accumulators, re-reading its rows of A and columns of B from L1.
	for i := 0; i < goMR; i += 2 {
		for j := 0; j < goNR; j += 4 {
			var c00, c01, c02, c03, c10, c11, c12, c13 float32
			pa, pb := i*as, j
			for p := 0; p < kc; p++ {
				a0, a1 := a[pa], a[pa+as]
				bp := b[pb : pb+4 : pb+4]
				b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c10 += a1 * b0
				c11 += a1 * b1
				c12 += a1 * b2
				c13 += a1 * b3
				pa += ap
				pb += bs
			}
			r0 := c[i*cs+j : i*cs+j+4 : i*cs+j+4]
			r1 := c[(i+1)*cs+j : (i+1)*cs+j+4 : (i+1)*cs+j+4]
			if add {
				r0[0], r0[1], r0[2], r0[3] = r0[0]+c00, r0[1]+c01, r0[2]+c02, r0[3]+c03
				r1[0], r1[1], r1[2], r1[3] = r1[0]+c10, r1[1]+c11, r1[2]+c12, r1[3]+c13
			} else {
				r0[0], r0[1], r0[2], r0[3] = c00, c01, c02, c03
				r1[0], r1[1], r1[2], r1[3] = c10, c11, c12, c13
			}
		}
	}
}
