package gemm

// Packing copies the parts of A and B that the micro-kernels cannot read in
// place into per-worker scratch panels. Full panels of op(A), and of op(B)
// when B is not transposed, are read where they lie; packing is needed only
// for op(B) = Bᵀ (the kernels want rows of op(B) contiguous) and for the
// ragged last panel at the bottom or right edge.
//
// Padding rows and columns of a packed panel are left as they are: each
// element of C depends only on its own row of op(A) and column of op(B), so
// whatever the padding holds only reaches the parts of the scratch C tile
// that are thrown away.

// packBT packs the kc×nc block of op(B) = Bᵀ starting at (pc, jc) into dst
// as panels nr columns wide: element (p, j) of panel q lands at
// dst[q*kc*nr+p*nr+j]. B is stored n×k with leading dimension ldb. Whole
// 8×8 blocks go through kn.transpose8; the ragged rest is copied here.
func packBT(kn *kernel, dst, b []float32, ldb, pc, kc, jc, nc, nr int) {
	kc8 := kc &^ 7
	for q := 0; q*nr < nc; q++ {
		panel := dst[q*kc*nr : (q+1)*kc*nr]
		cols := min(nr, nc-q*nr)
		j := 0
		for ; j+8 <= cols && kc8 > 0; j += 8 {
			kn.transpose8(panel[j:], nr, b[(jc+q*nr+j)*ldb+pc:], ldb, kc8)
		}
		for jj := 0; jj < cols; jj++ {
			p0 := kc8 // rows of panel left for columns the blocks covered
			if jj >= j {
				p0 = 0
			}
			row := b[(jc+q*nr+jj)*ldb+pc:]
			row = row[:kc]
			for p := p0; p < kc; p++ {
				panel[p*nr+jj] = row[p]
			}
		}
	}
}

// transpose8Go transposes an 8×n strip of src into dst:
//
//	for p := 0; p < n; p++ {
//		for j := 0; j < 8; j++ {
//			dst[p*ds+j] = src[j*ss+p]
//		}
//	}
func transpose8Go(dst []float32, ds int, src []float32, ss int, n int) {
	for j := 0; j < 8; j++ {
		row := src[j*ss : j*ss+n]
		for p, v := range row {
			dst[p*ds+j] = v
		}
	}
}

// packBTail packs the kc×cols block of op(B) = B starting at (pc, jc), with
// cols < nr, into dst as one panel nr columns wide: element (p, j) lands at
// dst[p*nr+j].
func packBTail(dst, b []float32, ldb, pc, kc, jc, cols, nr int) {
	for p := 0; p < kc; p++ {
		copy(dst[p*nr:p*nr+cols], b[(pc+p)*ldb+jc:])
	}
}

// packATail packs the rows×kc block of op(A) starting at (ir, pc), with
// rows < mr, into dst as one panel mr rows tall: element (i, p) lands at
// dst[p*mr+i].
func packATail(dst, a []float32, lda int, transA bool, ir, rows, pc, kc, mr int) {
	for i := 0; i < rows; i++ {
		if transA {
			// op(A)[ir+i, pc+p] = A[pc+p, ir+i].
			for p := 0; p < kc; p++ {
				dst[p*mr+i] = a[(pc+p)*lda+ir+i]
			}
			continue
		}
		row := a[(ir+i)*lda+pc:]
		row = row[:kc]
		for p, v := range row {
			dst[p*mr+i] = v
		}
	}
}
