package gemm

// Naive computes C = op(A)·op(B) + beta·C with three plain loops, where
// op(X) is X or Xᵀ as transA and transB say. op(A) is m×k, op(B) is k×n and
// C is m×n. It is the reference every other path is checked against.
func Naive(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkShapes(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var sum float32
			for p := 0; p < k; p++ {
				sum += at(a, lda, i, p, transA) * at(b, ldb, p, j, transB)
			}
			if beta == 0 {
				c[i*ldc+j] = sum
			} else {
				c[i*ldc+j] = beta*c[i*ldc+j] + sum
			}
		}
	}
}

// at returns element (i, j) of op(X) for a row-major X with leading dimension ld.
func at(x []float32, ld, i, j int, trans bool) float32 {
	if trans {
		return x[j*ld+i]
	}
	return x[i*ld+j]
}
