package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// sparseSlice returns n values in [-1, 1) of which about density are not
// zero; the rest are exact zeros, as the blank pixels of a digit are.
func sparseSlice(r *rand.Rand, n int, density float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		if r.Float64() < density {
			x[i] = 2*r.Float32() - 1
		}
	}
	return x
}

func TestSetSparse(t *testing.T) {
	a := []float32{
		0, 1, 0, 9, // the 9 is padding beyond 3 columns
		0, 0, 0, 9,
		2, float32(math.NaN()), float32(math.Copysign(0, -1)), 9, // −0 is zero
	}
	for _, name := range allKernelNames {
		t.Run(name, func(t *testing.T) {
			e := newEngine(1, kernelByName(t, name))
			var s Sparse
			e.SetSparse(&s, false, 3, 3, a, 4)
			if s.Rows() != 3 || s.Cols() != 3 || s.NNZ() != 3 {
				t.Fatalf("shape %dx%d with %d entries, want 3x3 with 3", s.Rows(), s.Cols(), s.NNZ())
			}
			if got, want := fmt.Sprint(s.start, s.col), "[0 1 1 3] [1 0 1]"; got != want {
				t.Errorf("start, col = %s, want %s", got, want)
			}
			if s.val[0] != 1 || s.val[1] != 2 || !math.IsNaN(float64(s.val[2])) {
				t.Errorf("val %v, want [1 2 NaN]: NaN must be kept, it is not zero", s.val)
			}
			if got, want := s.Density(), 3.0/9; math.Abs(got-want) > 1e-12 {
				t.Errorf("Density() = %g, want %g", got, want)
			}

			// Aᵀ: rows are A's columns.
			e.SetSparse(&s, true, 3, 3, a, 4)
			if got, want := fmt.Sprint(s.start, s.col), "[0 1 3 3] [2 0 2]"; got != want {
				t.Errorf("transposed: start, col = %s, want %s", got, want)
			}

			// Refilling with a smaller matrix reuses the storage and drops the old entries.
			e.SetSparse(&s, false, 1, 2, []float32{0, 5}, 2)
			if got, want := fmt.Sprint(s.start, s.col, s.val), "[0 1] [1] [5]"; got != want {
				t.Errorf("after refill: %s, want %s", got, want)
			}
		})
	}
}

// TestSetSparseThreads checks SetSparse on matrices big enough to be
// shared among threads, with padded rows, against the entries read off
// the dense matrix in order: every thread count must give the same Sparse.
func TestSetSparseThreads(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for _, name := range allKernelNames {
		t.Run(name, func(t *testing.T) { checkSetSparseThreads(t, name, r) })
	}
}

func checkSetSparseThreads(t *testing.T, name string, r *rand.Rand) {
	shapes := []struct{ rows, cols int }{{128, 784}, {784, 128}, {101, 699}, {9, 8000}}
	for _, threads := range []int{1, 2, 3} {
		e := newEngine(threads, kernelByName(t, name))
		defer e.Close()
		for _, sh := range shapes {
			for _, trans := range []bool{false, true} {
				ar, ac := sh.rows, sh.cols
				if trans {
					ar, ac = ac, ar
				}
				lda := ac + 5
				a := sparseSlice(r, ar*lda, 0.19)
				at := func(i, j int) *float32 { // op(A)[i][j]
					if trans {
						return &a[j*lda+i]
					}
					return &a[i*lda+j]
				}
				for i := 0; i < sh.rows; i += 3 { // some empty rows of op(A)
					for j := 0; j < sh.cols; j++ {
						*at(i, j) = 0
					}
				}
				var s Sparse
				e.SetSparse(&s, trans, sh.rows, sh.cols, a, lda)
				var start, col []int32
				var val []float32
				for i := 0; i < sh.rows; i++ {
					start = append(start, int32(len(col)))
					for j := 0; j < sh.cols; j++ {
						if v := *at(i, j); v != 0 {
							col, val = append(col, int32(j)), append(val, v)
						}
					}
				}
				start = append(start, int32(len(col)))
				if fmt.Sprint(s.start) != fmt.Sprint(start) || fmt.Sprint(s.col) != fmt.Sprint(col) || fmt.Sprint(s.val) != fmt.Sprint(val) {
					t.Errorf("threads=%d/%dx%d/trans=%v: SetSparse differs from the matrix's nonzeros", threads, sh.rows, sh.cols, trans)
				}
			}
		}
	}
}

// TestCompressMatchesGo checks the packing of nonzeros against the Go
// version on rows of every length around the groups of eight, at densities
// from none to all, including −0 and NaN.
func TestCompressMatchesGo(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, name := range allKernelNames {
		t.Run(name, func(t *testing.T) {
			kn := kernelByName(t, name)
			for _, n := range []int{0, 1, 7, 8, 9, 16, 31, 784} {
				for _, density := range []float64{0, 0.1, 0.5, 1} {
					row := sparseSlice(r, n, density)
					for j := range row {
						switch r.IntN(20) {
						case 0:
							row[j] = float32(math.Copysign(0, -1))
						case 1:
							row[j] = float32(math.NaN())
						}
					}
					wc, wv := make([]int32, n), make([]float32, n)
					gc, gv := make([]int32, n), make([]float32, n)
					wn := compressGo(wc, wv, row)
					gn := kn.compress(gc, gv, row)
					if gn != wn || fmt.Sprint(gc[:gn], gv[:gn]) != fmt.Sprint(wc[:wn], wv[:wn]) {
						t.Errorf("n=%d density=%g: got %d entries %v %v, want %d %v %v", n, density, gn, gc[:gn], gv[:gn], wn, wc[:wn], wv[:wn])
					}
				}
			}
		})
	}
}

// TestMatMulSparseMatchesNaive checks C += A·B and C += Aᵀ·B (through
// SetSparse with trans) against the dense Naive product of the same A, on every
// kernel and thread count, at widths on either side of the kernels' blocks
// of 8 and 64 columns, and with rows of A that are empty.
func TestMatMulSparseMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	shapes := []shape{
		{1, 1, 1}, {3, 5, 0}, {0, 4, 3}, {5, 7, 9}, {6, 8, 16}, {9, 63, 20}, {9, 64, 33},
		{7, 65, 40}, {13, 72, 50}, {17, 130, 30}, {128, 400, 784}, {40, 20, 400},
	}
	for _, name := range allKernelNames {
		t.Run(name, func(t *testing.T) {
			kn := kernelByName(t, name)
			for _, threads := range []int{1, 2, 3} {
				e := newEngine(threads, kn)
				defer e.Close()
				for _, s := range shapes {
					for _, density := range []float64{0, 0.19, 1} {
						for _, transA := range []bool{false, true} {
							t.Run(fmt.Sprintf("threads=%d/%dx%dx%d/density=%g/tA=%v", threads, s.m, s.n, s.k, density, transA), func(t *testing.T) {
								checkSparse(t, e, s, density, transA, r)
							})
						}
					}
				}
			}
		})
	}
}

// checkSparse multiplies a random sparse op(A) (m×k) by a dense B (k×n)
// into C with padding columns, sparse and dense, and compares.
func checkSparse(t *testing.T, e *Engine, s shape, density float64, transA bool, r *rand.Rand) {
	t.Helper()
	m, n, k := s.m, s.n, s.k
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	a := sparseSlice(r, ar*ac, density)
	if m > 2 { // one row of op(A) left empty, whatever the density
		for p := 0; p < k; p++ {
			if transA {
				a[p*ac+1] = 0
			} else {
				a[1*ac+p] = 0
			}
		}
	}
	ldb, ldc := n+3, n+2
	b := randSlice(r, max(0, (k-1)*ldb+n))
	c0 := randSlice(r, m*ldc)
	got := append([]float32(nil), c0...)
	want := append([]float32(nil), c0...)

	var sa Sparse
	e.SetSparse(&sa, transA, m, k, a, ac)
	e.MatMulSparse(&sa, n, b, ldb, got, ldc)
	Naive(transA, false, m, n, k, a, ac, b, ldb, 1, want, ldc)

	tol := tolRel*float64(k)*maxAbs(a)*maxAbs(b) + 1e-6
	compareC(t, got, want, c0, m, n, ldc, tol)
}

// TestMatMulSparseThreadsSameBits checks that the thread count changes
// which thread computes a row of C, not its bits.
func TestMatMulSparseThreadsSameBits(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	a := sparseSlice(r, 128*784, 0.19)
	b := randSlice(r, 784*400)
	var want []float32
	for _, threads := range []int{1, 2, 3} {
		e := New(threads)
		var sa Sparse
		e.SetSparse(&sa, false, 128, 784, a, 784)
		c := make([]float32, 128*400)
		e.MatMulSparse(&sa, 400, b, 400, c, 400)
		e.Close()
		if want == nil {
			want = c
			continue
		}
		for i := range c {
			if math.Float32bits(c[i]) != math.Float32bits(want[i]) {
				t.Fatalf("threads=%d: C[%d] = %g, threads=1 gave %g", threads, i, c[i], want[i])
			}
		}
	}
}

func TestNNZRange(t *testing.T) {
	start := []int32{0, 0, 0, 10, 10, 50, 60, 100, 100} // 8 rows, 100 entries
	var got []int
	for w := 0; w <= 4; w++ {
		got = append(got, nnzRange(start, w, 4))
	}
	// Parts start at the row boundaries nearest to 0, 25, 50 and 75
	// entries (0, 10, 50 and 60); the last part ends at row 8.
	if want := "[0 4 5 6 8]"; fmt.Sprint(got) != want {
		t.Errorf("part boundaries %v, want %s", got, want)
	}
}

func TestMatMulSparseNoAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	a := sparseSlice(r, 128*784, 0.19)
	b, c := randSlice(r, 784*400), make([]float32, 784*400)
	for _, threads := range []int{1, 2} {
		e := New(threads)
		var sa, st Sparse
		e.SetSparse(&sa, false, 128, 784, a, 784)
		e.SetSparse(&st, true, 784, 128, a, 784)
		allocs := testing.AllocsPerRun(20, func() {
			e.SetSparse(&sa, false, 128, 784, a, 784)
			e.SetSparse(&st, true, 784, 128, a, 784)
			e.MatMulSparse(&sa, 400, b, 400, c, 400)
			e.MatMulSparse(&st, 400, b[:128*400], 400, c, 400)
		})
		e.Close()
		if allocs != 0 {
			t.Errorf("threads=%d: %v allocations per run, want 0", threads, allocs)
		}
	}
}

func TestMatMulSparsePanicsOnShortB(t *testing.T) {
	defer func() {
		msg := fmt.Sprint(recover())
		if !strings.Contains(msg, "B is 3x2") {
			t.Errorf("panic %q, want one naming B's shape", msg)
		}
	}()
	var sa Sparse
	e := New(1)
	e.SetSparse(&sa, false, 2, 3, []float32{1, 0, 0, 0, 0, 1}, 3)
	e.MatMulSparse(&sa, 2, make([]float32, 5), 2, make([]float32, 4), 2)
}

// BenchmarkMatMulSparse compares, at the two products of a training step
// whose A is a batch of digits (density 0.19, MNIST's), the sparse product
// with the dense one: X·W1 and Xᵀ·dH.
func BenchmarkMatMulSparse(b *testing.B) {
	r := rand.New(rand.NewPCG(13, 14))
	x := sparseSlice(r, 128*784, 0.19)
	w, c := randSlice(r, 784*400), make([]float32, 784*400)
	flops := 2.0 * 128 * 784 * 400 // counted as dense, so rates compare
	for _, threads := range []int{1, 2} {
		e := New(threads)
		var sx, sxt Sparse
		e.SetSparse(&sx, false, 128, 784, x, 784)
		e.SetSparse(&sxt, true, 784, 128, x, 784)
		run := func(name string, f func()) {
			b.Run(fmt.Sprintf("%s/%s/threads=%d", name, e.Kernel(), threads), func(b *testing.B) {
				for b.Loop() {
					f()
				}
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "dense-GFLOP/s")
			})
		}
		run("NN_128x400x784/dense", func() { e.MatMul(false, false, 128, 400, 784, x, 784, w, 400, 1, c, 400) })
		run("NN_128x400x784/sparse", func() { e.MatMulSparse(&sx, 400, w, 400, c, 400) })
		run("TN_784x400x128/dense", func() { e.MatMul(true, false, 784, 400, 128, x, 784, w, 400, 1, c, 400) })
		run("TN_784x400x128/sparse", func() { e.MatMulSparse(&sxt, 400, w, 400, c, 400) })
		run("SetSparse", func() { e.SetSparse(&sx, false, 128, 784, x, 784) })
		run("SetSparse-transposed", func() { e.SetSparse(&sxt, true, 784, 128, x, 784) })
		e.Close()
	}
}

// TestSparseRowAVX512SameBits checks that the AVX-512 sparse row gives the
// AVX2 one's bits exactly, on widths that use the blocks of 64, the blocks
// of 8 and the Go tail, so the choice of kernel never changes a run.
func TestSparseRowAVX512SameBits(t *testing.T) {
	var k512, k2 *kernel
	for _, k := range asmKernels() {
		switch k.name {
		case "avx512":
			k512 = k
		case "avx2":
			k2 = k
		}
	}
	if k512 == nil || k2 == nil {
		t.Skip("this CPU or build has no AVX-512 and AVX2 kernels to compare")
	}
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{8, 64, 72, 80, 130, 400} {
		const k = 50
		b := randSlice(r, k*n)
		col, val := []int32{3, 7, 8, 20, 21, 49}, []float32{0.5, -1.25, 2, 1e-3, -7, 0.33}
		c1, c2 := randSlice(r, n), make([]float32, n)
		copy(c2, c1)
		k2.sparseRow(c1, b, n, col, val)
		k512.sparseRow(c2, b, n, col, val)
		for i := range c1 {
			if math.Float32bits(c1[i]) != math.Float32bits(c2[i]) {
				t.Fatalf("n=%d: c[%d] = %v with AVX-512, %v with AVX2", n, i, c2[i], c1[i])
			}
		}
	}
}
