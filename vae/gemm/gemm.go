package gemm

import "runtime"

// smallWork is the number of multiply-adds (m·n·k) below which a product
// runs on the calling goroutine alone: waking the workers costs more than
// splitting saves.
const smallWork = 1 << 16

// Engine runs matrix products on a fixed number of threads with one
// micro-kernel. The zero value is not usable; make one with New. An Engine
// is safe for use by one goroutine at a time.
type Engine struct {
	threads int
	kern    *kernel
	pool    *pool       // nil when threads == 1
	job     func(w int) // e.runPart, bound once so MatMul does not allocate
	packJob func(w int) // e.runPack, likewise
	// The Split in flight, and e.runSplit bound once.
	splitJob           func(w int)
	splitBody          func(lo, hi int)
	splitN, splitAlign int
	cur                call        // the product in flight
	sparse             sparseCall  // the sparse product in flight
	sparseJob          func(w int) // e.runSparse, bound once
	sparseT            []float32   // Aᵀ for SetSparse; grows to the largest
	set                setCall     // the SetSparse in flight
	setJob             func(w int) // e.runSet, bound once
	bt                 []float32   // Bᵀ packed for all workers; grows to the largest k×n
	parts              []part      // parts[w] is worker w's block of C
	scratch            []scratch   // scratch[w] is worker w's packing space
}

// New returns an Engine that splits each product over threads goroutines
// (the caller's and threads-1 workers that wait between products).
// threads <= 0 means runtime.GOMAXPROCS(0). New picks the micro-kernel from
// the environment variable EnvKernel, else the fastest the CPU supports.
func New(threads int) *Engine {
	return newEngine(threads, kernelFromEnv())
}

func newEngine(threads int, kn *kernel) *Engine {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	e := &Engine{
		threads: threads,
		kern:    kn,
		parts:   make([]part, threads),
		scratch: make([]scratch, threads),
		set:     setCall{counts: make([]int, threads)},
	}
	for w := range e.scratch {
		e.scratch[w] = newScratch(kn)
	}
	e.job = e.runPart
	e.packJob = e.runPack
	e.splitJob = e.runSplit
	e.sparseJob = e.runSparse
	e.setJob = e.runSet
	if threads > 1 {
		e.pool = newPool(threads)
		// The workers hold the pool but not the Engine, so an Engine that
		// is dropped without Close still stops its workers.
		runtime.AddCleanup(e, (*pool).close, e.pool)
	}
	return e
}

// Threads reports how many threads the Engine uses.
func (e *Engine) Threads() int { return e.threads }

// Kernel reports the name of the micro-kernel the Engine runs: "avx512",
// "avx2" or "go".
func (e *Engine) Kernel() string { return e.kern.name }

// Close stops the Engine's workers. The Engine must not be used after.
func (e *Engine) Close() {
	if e.pool != nil {
		e.pool.close()
		e.pool = nil
	}
}

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
	e.cur = call{transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc}
	if e.pool == nil || m*n*k < smallWork {
		compute(e.kern, &e.scratch[0], &e.cur, part{0, m, 0, n})
	} else if transB {
		// Pack Bᵀ once, each worker a share of its panels, so that the
		// parts need not each pack the columns they share.
		e.cur.nPad = roundUp(n, e.kern.nr)
		if need := k * e.cur.nPad; cap(e.bt) < need {
			e.bt = make([]float32, need)
		}
		e.cur.bt = e.bt[:k*e.cur.nPad]
		e.pool.run(e.packJob)
		split(e.parts, m, n, e.threads, e.kern.mr, e.kern.nr)
		e.pool.run(e.job)
	} else {
		split(e.parts, m, n, e.threads, e.kern.mr, e.kern.nr)
		e.pool.run(e.job)
	}
	e.cur = call{} // drop the caller's slices
}

// runPack is the job in which worker w packs its share of Bᵀ.
func (e *Engine) runPack(w int) {
	np := e.cur.nPad / e.kern.nr
	packAll(e.kern, &e.cur, w*np/e.threads, (w+1)*np/e.threads)
}

// runPart is the job worker w runs for the product in flight.
func (e *Engine) runPart(w int) {
	compute(e.kern, &e.scratch[w], &e.cur, e.parts[w])
}
