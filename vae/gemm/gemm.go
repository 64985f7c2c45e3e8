package gemm

import (
	"runtime"
	"sync"
)

// Engine runs matrix products on a fixed number of threads. The zero value
// is not usable; make one with New. An Engine is safe for use by one
// goroutine at a time.
type Engine struct {
	threads int
}

// New returns an Engine that splits each product over threads goroutines.
// threads <= 0 means runtime.GOMAXPROCS(0).
func New(threads int) *Engine {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	return &Engine{threads: threads}
}

// Threads reports how many threads the Engine uses.
func (e *Engine) Threads() int { return e.threads }

// Close releases the Engine's workers. The Engine must not be used after.
func (e *Engine) Close() {}

// MatMul computes C = op(A)·op(B) + beta·C, where op(X) is X or Xᵀ as
// transA and transB say; op(A) is m×k, op(B) is k×n and C is m×n, all
// row-major with leading dimensions lda, ldb, ldc. beta is 0 (overwrite C)
// or 1 (add into C); other values scale C first.
//
// MatMul panics if a slice is too short for its shape.
func (e *Engine) MatMul(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkShapes(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	t := e.threads
	if t > m {
		t = m
	}
	if t <= 1 || m*n*k < 1<<16 {
		rowsGo(transA, transB, 0, m, n, k, a, lda, b, ldb, beta, c, ldc)
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < t; w++ {
		i0, i1 := w*m/t, (w+1)*m/t
		wg.Add(1)
		go func() {
			defer wg.Done()
			rowsGo(transA, transB, i0, i1, n, k, a, lda, b, ldb, beta, c, ldc)
		}()
	}
	wg.Wait()
}

// rowsGo computes rows [i0, i1) of C in pure Go. The loop orders keep the
// innermost loop running along contiguous memory.
func rowsGo(transA, transB bool, i0, i1, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := i0; i < i1; i++ {
		ci := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(ci)
		} else if beta != 1 {
			for j := range ci {
				ci[j] *= beta
			}
		}
		if transB {
			// C[i, j] += dot(row i of op(A), row j of B).
			for j := range ci {
				bj := b[j*ldb : j*ldb+k]
				var sum float32
				if transA {
					for p, bv := range bj {
						sum += a[p*lda+i] * bv
					}
				} else {
					ai := a[i*lda : i*lda+k]
					for p, bv := range bj {
						sum += ai[p] * bv
					}
				}
				ci[j] += sum
			}
			continue
		}
		// C[i, :] += op(A)[i, p] · B[p, :] for each p.
		for p := 0; p < k; p++ {
			var ap float32
			if transA {
				ap = a[p*lda+i]
			} else {
				ap = a[i*lda+p]
			}
			bp := b[p*ldb : p*ldb+n]
			for j, bv := range bp {
				ci[j] += ap * bv
			}
		}
	}
}
