package gemm

import (
	"runtime"
	"sync/atomic"
)

// spinLimit is how many times a waiting goroutine polls before it parks.
// Each poll is an atomic load plus, every spinYield polls, a
// runtime.Gosched; a few tens of microseconds in all, which covers the gap
// between the back-to-back products of one training step.
const (
	spinLimit = 1 << 14
	spinYield = 64
)

// pool is a fixed set of worker goroutines that run one job at a time. The
// caller of run takes part as worker 0, so a pool of n has n-1 goroutines.
// Waiting goroutines spin briefly, then park on a channel.
type pool struct {
	n       int
	job     func(w int)   // the job of the current round; nil between rounds
	seq     atomic.Uint64 // round number; a change starts a round
	pending atomic.Int32  // workers still running the current round
	quit    atomic.Bool
	workers []poolWorker
	caller  parker // where run parks while workers finish
}

// parker lets one goroutine park until another wakes it, without losing a
// wake-up that races with the decision to park.
type parker struct {
	parked atomic.Bool
	wake   chan struct{} // capacity 1
}

type poolWorker struct {
	parker
	_ [64]byte // keep workers' flags on separate cache lines
}

// newPool starts n-1 worker goroutines.
func newPool(n int) *pool {
	p := &pool{n: n, workers: make([]poolWorker, n)}
	p.caller.wake = make(chan struct{}, 1)
	for w := 1; w < n; w++ {
		p.workers[w].wake = make(chan struct{}, 1)
		go p.loop(w)
	}
	return p
}

// wait spins until cond holds, then parks on k until woken, and returns
// once cond holds. The waker must make cond true before calling k.unpark.
func (k *parker) wait(cond func() bool) {
	for i := 0; i < spinLimit; i++ {
		if cond() {
			return
		}
		if i%spinYield == spinYield-1 {
			runtime.Gosched()
		}
	}
	for {
		k.parked.Store(true)
		if cond() {
			// The waker may already have seen parked and sent a token;
			// if it did, take the token so it is not left for later.
			if !k.parked.CompareAndSwap(true, false) {
				<-k.wake
			}
			return
		}
		<-k.wake
		if cond() {
			return
		}
	}
}

// unpark wakes k if it is parked.
func (k *parker) unpark() {
	if k.parked.CompareAndSwap(true, false) {
		k.wake <- struct{}{}
	}
}

func (p *pool) loop(w int) {
	k := &p.workers[w].parker
	var last uint64 // seq is 0 when the pool starts, however late this runs
	for {
		k.wait(func() bool { return p.seq.Load() != last })
		last = p.seq.Load()
		if p.quit.Load() {
			return
		}
		p.job(w)
		if p.pending.Add(-1) == 0 {
			p.caller.unpark()
		}
	}
}

// run calls job(w) once for every w in [0, n): job(0) on the calling
// goroutine, the others on the workers, and returns when all are done.
func (p *pool) run(job func(w int)) {
	p.job = job
	if p.n > 1 {
		p.pending.Store(int32(p.n - 1))
		p.seq.Add(1)
		for w := 1; w < p.n; w++ {
			p.workers[w].unpark()
		}
	}
	job(0)
	if p.n > 1 {
		p.caller.wait(func() bool { return p.pending.Load() == 0 })
	}
	p.job = nil
}

// close stops the workers. The pool must be idle.
func (p *pool) close() {
	p.quit.Store(true)
	p.seq.Add(1)
	for w := 1; w < p.n; w++ {
		p.workers[w].unpark()
	}
}
