package gemm

import "fmt"

// checkShapes panics, naming the operand, if a, b or c cannot hold the
// matrices the shape (m, n, k) and the leading dimensions describe.
func checkShapes(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative shape m=%d n=%d k=%d", m, n, k))
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	checkMat("A", a, ar, ac, lda)
	checkMat("B", b, br, bc, ldb)
	checkMat("C", c, m, n, ldc)
}

// checkMat panics, naming the operand, if x cannot hold a rows×cols
// matrix with leading dimension ld.
func checkMat(name string, x []float32, rows, cols, ld int) {
	if rows == 0 || cols == 0 {
		return
	}
	if ld < cols {
		panic(fmt.Sprintf("gemm: %s is %dx%d but its leading dimension is %d", name, rows, cols, ld))
	}
	if len(x) < (rows-1)*ld+cols {
		panic(fmt.Sprintf("gemm: %s is %dx%d (ld %d) and needs %d elements, has %d", name, rows, cols, ld, (rows-1)*ld+cols, len(x)))
	}
}
