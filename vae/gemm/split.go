package gemm

// Split runs body over [0, n) cut into one contiguous range per thread,
// in parallel on the Engine's workers, and returns when all are done. A
// range is a multiple of align long (except the last), so a caller can
// keep vector loops whole. Elementwise passes of a training step (the loss
// and its gradient, the optimizer update) use it to share the matmul
// workers rather than start goroutines of their own.
//
// body must be safe to run concurrently on disjoint ranges. To stay free of
// allocations, pass a method value or closure made once, not one built per
// call.
func (e *Engine) Split(n, align int, body func(lo, hi int)) {
	if align < 1 {
		align = 1
	}
	if e.pool == nil || n < 2*align {
		body(0, n)
		return
	}
	e.splitN, e.splitAlign, e.splitBody = n, align, body
	e.pool.run(e.splitJob)
	e.splitBody = nil
}

// runSplit is worker w's share of the Split in flight.
func (e *Engine) runSplit(w int) {
	lo, hi := splitRange(e.splitN, e.splitAlign, e.threads, w)
	if lo < hi {
		e.splitBody(lo, hi)
	}
}

// splitRange returns worker w's range of [0, n) among parts workers, in
// blocks of align.
func splitRange(n, align, parts, w int) (lo, hi int) {
	blocks := (n + align - 1) / align
	per, extra := blocks/parts, blocks%parts
	lo = (w*per + min(w, extra)) * align
	hi = lo + per*align
	if w < extra {
		hi += align
	}
	return min(lo, n), min(hi, n)
}
