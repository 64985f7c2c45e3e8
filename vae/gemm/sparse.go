package gemm

import (
	"fmt"
	"math"
)

// Sparse holds a matrix by its nonzero entries, row by row (the compressed
// sparse row form): row i's entries are col[t] and val[t] for t in
// [start[i], start[i+1]). A batch of MNIST digits is about 81% exact zeros
// (the blank paper around each digit), and a product with such a matrix
// need only touch the other 19%.
//
// The zero value is an empty 0×0 matrix; Engine.SetSparse reuses its
// storage, so a Sparse refilled every step stops allocating once it
// has held its largest matrix.
//
// Only Engine.SetSparse fills a Sparse, so every column index in it is
// within its shape: the assembly kernels rely on that.
type Sparse struct {
	rows, cols int
	start      []int32 // rows+1 offsets into col and val
	col        []int32 // column of each entry, ascending within a row
	val        []float32
}

// Rows returns the number of rows of the matrix s holds.
func (s *Sparse) Rows() int { return s.rows }

// Cols returns the number of columns of the matrix s holds.
func (s *Sparse) Cols() int { return s.cols }

// NNZ returns the number of entries s holds.
func (s *Sparse) NNZ() int { return len(s.val) }

// Density returns the fraction of the rows×cols elements that s holds.
func (s *Sparse) Density() float64 {
	if s.rows == 0 || s.cols == 0 {
		return 0
	}
	return float64(len(s.val)) / float64(s.rows*s.cols)
}

// SetSparse makes s hold op(A) by its nonzero entries, where op(A) is the
// rows×cols matrix A, or Aᵀ when trans is set (A is then cols×rows), both
// row-major with leading dimension lda. NaN is not zero, so it is kept and
// reaches a product as it would in a dense one.
//
// Aᵀ is built by transposing A densely, with the micro-kernel's 8×8
// transpose, then packing its rows: a scatter of the entries of A by
// column would write to a different cache line for nearly every entry.
// The rows are shared among the Engine's threads.
//
// SetSparse panics if a is too short for the shape.
func (e *Engine) SetSparse(s *Sparse, trans bool, rows, cols int, a []float32, lda int) {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("gemm: SetSparse: negative shape %dx%d", rows, cols))
	}
	if trans {
		checkMat("A", a, cols, rows, lda)
		e.sparseT = resize(e.sparseT, rows*cols)
	} else {
		checkMat("A", a, rows, cols, lda)
	}
	s.rows, s.cols = rows, cols
	s.start = resize(s.start, rows+1)
	// compress writes whole groups of entries, so col and val need room
	// for every element: row i is written from offset i·cols on, then
	// the rows are moved together.
	s.col, s.val = resize(s.col, rows*cols), resize(s.val, rows*cols)
	c := &e.set
	c.s, c.trans, c.a, c.lda = s, trans, a, lda
	parts := 1
	if e.pool == nil || rows*cols < smallWork {
		c.counts[0] = e.setRows(0, rows)
	} else {
		parts = e.threads
		e.pool.run(e.setJob)
	}
	// Each part wrote its rows' entries from its first row's offset on;
	// close the gaps between the parts.
	n := 0
	for w := range parts {
		lo, hi := splitRange(rows, 8, parts, w)
		from, count := lo*cols, c.counts[w]
		copy(s.col[n:n+count], s.col[from:from+count])
		copy(s.val[n:n+count], s.val[from:from+count])
		for i := lo; i < hi; i++ {
			s.start[i] -= int32(from - n)
		}
		n += count
	}
	s.start[rows] = int32(n)
	s.col, s.val = s.col[:n], s.val[:n]
	c.s, c.a = nil, nil // drop the caller's data
}

// setCall holds the arguments of the SetSparse in flight, and the number
// of entries each part found.
type setCall struct {
	s      *Sparse
	trans  bool
	a      []float32
	lda    int
	counts []int
}

// runSet is worker w's share of the SetSparse in flight: a run of rows.
func (e *Engine) runSet(w int) {
	lo, hi := splitRange(e.set.s.rows, 8, e.threads, w)
	e.set.counts[w] = e.setRows(lo, hi)
}

// setRows fills rows [lo, hi) of the SetSparse in flight, writing their
// entries from offset lo·cols on, and returns how many it wrote.
func (e *Engine) setRows(lo, hi int) int {
	c := &e.set
	s, cols := c.s, c.s.cols
	a, lda := c.a, c.lda
	if c.trans { // rows [lo, hi) of Aᵀ are columns [lo, hi) of A
		transpose(e.kern, e.sparseT[lo*cols:], cols, a[lo:], lda, cols, hi-lo)
		a, lda = e.sparseT, cols
	}
	n := lo * cols
	for i := lo; i < hi; i++ {
		s.start[i] = int32(n)
		n += e.kern.compress(s.col[n:], s.val[n:], a[i*lda:i*lda+cols])
	}
	return n - lo*cols
}

// transpose writes the transpose of the r×c matrix src (leading dimension
// ss) into dst (c×r, leading dimension ds): 8×8 blocks through the
// kernel's transpose8, the ragged edges element by element.
func transpose(kn *kernel, dst []float32, ds int, src []float32, ss, r, c int) {
	r8, c8 := r&^7, c&^7
	for i := 0; i < r8; i += 8 {
		if c8 > 0 {
			kn.transpose8(dst[i:], ds, src[i*ss:], ss, c8)
		}
		for j := c8; j < c; j++ {
			for ii := i; ii < i+8; ii++ {
				dst[j*ds+ii] = src[ii*ss+j]
			}
		}
	}
	for i := r8; i < r; i++ {
		for j := 0; j < c; j++ {
			dst[j*ds+i] = src[i*ss+j]
		}
	}
}

// compressGo writes the nonzero elements of row to val and their indices
// to col, in order, and returns their count. col and val must have room
// for len(row) entries:
//
//	n := 0
//	for j, v := range row {
//		if v != 0 {
//			col[n], val[n] = int32(j), v
//			n++
//		}
//	}
//
// Every element is written and the count moves past it only if it is not
// zero: a branch per element would be mispredicted at every edge of a
// stroke.
func compressGo(col []int32, val []float32, row []float32) int {
	col, val = col[:len(row)], val[:len(row)]
	n := 0
	for j, v := range row {
		col[n], val[n] = int32(j), v
		n += nonzero(v)
	}
	return n
}

// nonzero returns 1 if v is not zero (NaN is not), else 0.
func nonzero(v float32) int {
	// Shifting out the sign bit maps +0 and −0, and only they, to 0.
	x := math.Float32bits(v) << 1
	return int((x | -x) >> 31)
}

// resize returns x with length n, reusing its storage when it is big enough.
func resize[T any](x []T, n int) []T {
	if cap(x) < n {
		return make([]T, n)
	}
	return x[:n]
}

// MatMulSparse adds A·B into C: A is sparse m×k (m = a.Rows(), k = a.Cols()),
// B is dense k×n and C dense m×n, both row-major with leading dimensions ldb
// and ldc. Each row of C is computed by one thread, summing its row of A's
// entries in order, so the result does not depend on the thread count.
//
// MatMulSparse panics if b or c is too short for the shape.
func (e *Engine) MatMulSparse(a *Sparse, n int, b []float32, ldb int, c []float32, ldc int) {
	if n < 0 {
		panic(fmt.Sprintf("gemm: MatMulSparse: negative n=%d", n))
	}
	checkMat("B", b, a.cols, n, ldb)
	checkMat("C", c, a.rows, n, ldc)
	if a.rows == 0 || n == 0 {
		return
	}
	e.sparse = sparseCall{a: a, n: n, b: b, ldb: ldb, c: c, ldc: ldc}
	if e.pool == nil || a.NNZ()*n < smallWork {
		sparseRows(e.kern, &e.sparse, 0, a.rows)
	} else {
		e.pool.run(e.sparseJob)
	}
	e.sparse = sparseCall{} // drop the caller's slices
}

// sparseCall holds the arguments of the MatMulSparse in flight.
type sparseCall struct {
	a   *Sparse
	n   int
	b   []float32
	ldb int
	c   []float32
	ldc int
}

// runSparse is worker w's share of the MatMulSparse in flight: a run of
// rows holding about 1/threads of A's entries, since rows differ a lot
// (a pixel at the border is blank in every digit, one in the middle rarely).
func (e *Engine) runSparse(w int) {
	a := e.sparse.a
	lo, hi := nnzRange(a.start, w, e.threads), nnzRange(a.start, w+1, e.threads)
	sparseRows(e.kern, &e.sparse, lo, hi)
}

// nnzRange returns the first row of part w of parts: the row boundary
// nearest to w/parts of all entries. Part 0 starts at row 0 and part parts
// ends at the last row.
func nnzRange(start []int32, w, parts int) int {
	rows := len(start) - 1
	if w >= parts {
		return rows
	}
	target := int32(int64(start[rows]) * int64(w) / int64(parts))
	lo, hi := 0, rows // binary search for the first i with start[i] >= target
	for lo < hi {
		mid := (lo + hi) / 2
		if start[mid] < target {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo > 0 && target-start[lo-1] < start[lo]-target {
		lo-- // the boundary below is nearer
	}
	return lo
}

// sparseBlock is the width of the column blocks sparseRows walks: a
// k×64 slice of B (200 KiB for k = 784) stays in L2 while every row of A
// passes over it, where a whole B (1.2 MiB for W1) would not.
const sparseBlock = 64

// sparseRows computes rows [i0, i1) of the call's product, one block of
// columns at a time.
func sparseRows(kn *kernel, cl *sparseCall, i0, i1 int) {
	a := cl.a
	for j0, j1 := 0, 0; j0 < cl.n; j0 = j1 {
		j1 = min(j0+sparseBlock, cl.n)
		if cl.n-j1 < sparseBlock/2 {
			j1 = cl.n // a narrow last block joins this one
		}
		for i := i0; i < i1; i++ {
			q0, q1 := a.start[i], a.start[i+1]
			if q0 == q1 {
				continue
			}
			kn.sparseRow(cl.c[i*cl.ldc+j0:i*cl.ldc+j1], cl.b[j0:], cl.ldb, a.col[q0:q1], a.val[q0:q1])
		}
	}
}

// sparseRowGo adds the sum of val[t]·B[col[t], :] into c, for B row-major
// with leading dimension ldb and len(c) columns:
//
//	for t, j := range col {
//		for q := range c {
//			c[q] += val[t] * b[j*ldb+q]
//		}
//	}
//
// It is the reference the assembly versions are checked against, and like
// them it sums the terms for each element of c first, then adds the sum.
func sparseRowGo(c, b []float32, ldb int, col []int32, val []float32) {
	n := len(c)
	var acc [64]float32
	for q0 := 0; q0 < n; q0 += len(acc) {
		block := acc[:min(len(acc), n-q0)]
		clear(block)
		for t, j := range col {
			v := val[t]
			row := b[int(j)*ldb+q0:]
			row = row[:len(block)]
			for q, bq := range row {
				block[q] += v * bq
			}
		}
		for q, s := range block {
			c[q0+q] += s
		}
	}
}
