//go:build amd64 && !noasm

package gemm

// sparseRowAVX2 is sparseRowGo with AVX2 and FMA for the columns of c in
// whole groups of eight, and sparseRowGo for the rest.
func sparseRowAVX2(c, b []float32, ldb int, col []int32, val []float32) {
	n8 := len(c) &^ 7
	if n8 > 0 {
		sparseRow8AVX2(c[:n8], b, ldb, col, val)
	}
	if n8 < len(c) {
		sparseRowGo(c[n8:], b[n8:], ldb, col, val)
	}
}

// sparseRow8AVX2 adds Σ_t val[t]·B[col[t], 0:len(c)] into c, len(c) a
// multiple of 8, in blocks of 64 columns held in eight YMM accumulators,
// then blocks of 8. The caller guarantees that every row col[t] of B has
// len(c) columns.
//
//go:noescape
func sparseRow8AVX2(c, b []float32, ldb int, col []int32, val []float32)

// sparseRowAVX512 is sparseRowAVX2 with its blocks of 64 columns in ZMM
// registers (sparseRow64AVX512): the same sums, in the same order, so the
// same bits. The columns after the last whole block of 64 are
// sparseRowAVX2's.
func sparseRowAVX512(c, b []float32, ldb int, col []int32, val []float32) {
	n64 := len(c) &^ 63
	if n64 > 0 {
		sparseRow64AVX512(c[:n64], b, ldb, col, val)
	}
	if n64 < len(c) {
		sparseRowAVX2(c[n64:], b[n64:], ldb, col, val)
	}
}

// sparseRow64AVX512 is sparseRow8AVX2's blocks of 64 columns with four ZMM
// accumulators each; len(c) must be a multiple of 64.
//
//go:noescape
func sparseRow64AVX512(c, b []float32, ldb int, col []int32, val []float32)

// compressAVX2 is compressGo with AVX2 for the elements of row in whole
// groups of eight, and compressGo for the rest.
func compressAVX2(col []int32, val []float32, row []float32) int {
	n8 := len(row) &^ 7
	n := 0
	if n8 > 0 {
		n = compress8AVX2(col, val, row[:n8], &leftPack)
	}
	if n8 < len(row) {
		k := compressGo(col[n:], val[n:], row[n8:])
		for t := n; t < n+k; t++ {
			col[t] += int32(n8)
		}
		n += k
	}
	return n
}

// leftPack[mask] lists the set bits of mask in increasing order (the rest
// of the entry is 0): the permutation that moves the nonzero elements of a
// group of eight, whose positions mask marks, to its front.
var leftPack = func() (t [256][8]uint8) {
	for mask := range t {
		n := 0
		for b := 0; b < 8; b++ {
			if mask&(1<<b) != 0 {
				t[mask][n] = uint8(b)
				n++
			}
		}
	}
	return t
}()

// compress8AVX2 writes the nonzero elements of row (len(row) a multiple of
// 8) to val and their indices to col, in order, and returns their count.
// col and val must have room for len(row) entries.
//
//go:noescape
func compress8AVX2(col []int32, val []float32, row []float32, lut *[256][8]uint8) int
