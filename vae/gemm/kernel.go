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
var goKernel = &kernel{name: "go", mr: goMR, nr: goNR, tile: tileGo, transpose8: transpose8Go}

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
	var acc [goMR][goNR]float32
	for p := 0; p < kc; p++ {
		bp := (*[goNR]float32)(b[p*bs : p*bs+goNR])
		a0, a1, a2, a3 := a[p*ap], a[as+p*ap], a[2*as+p*ap], a[3*as+p*ap]
		for j, bv := range bp {
			acc[0][j] += a0 * bv
			acc[1][j] += a1 * bv
			acc[2][j] += a2 * bv
			acc[3][j] += a3 * bv
		}
	}
	for i := range acc {
		ci := (*[goNR]float32)(c[i*cs : i*cs+goNR])
		if add {
			for j, v := range acc[i] {
				ci[j] += v
			}
		} else {
			*ci = acc[i]
		}
	}
}
