package vae

import (
	"fmt"
	"math"
	"sync/atomic"

	"github.com/vaelab/govae/vae/gemm"
	"github.com/vaelab/govae/vae/vec"
)

// Optimizer updates parameters in place from their gradients.
type Optimizer interface {
	// Step applies one update to params given grads of the same length.
	Step(params, grads []float32)
}

// SGD is plain stochastic gradient descent: p −= LR·g.
type SGD struct {
	LR float64
}

// Step implements Optimizer.
func (o *SGD) Step(params, grads []float32) {
	mustSameLen("SGD.Step", params, grads)
	lr := float32(o.LR)
	for i, g := range grads {
		params[i] -= lr * g
	}
}

// Adam is the optimizer of Kingma & Ba, "Adam: A Method for Stochastic
// Optimization" (2014), with bias correction, computed as torch.optim.Adam
// computes it:
//
//	m ← β1·m + (1−β1)·g
//	v ← β2·v + (1−β2)·g²
//	p ← p − LR/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)
//
// The update itself is vec.Adam, eight parameters at a time where the CPU
// allows. Its moment buffers are allocated on the first Step.
type Adam struct {
	LR, Beta1, Beta2, Eps float64
	// Engine, if not nil, splits the update over its threads; Train sets
	// it to the model's.
	Engine *gemm.Engine
	// ClearGrads, if true, makes Step leave the gradients zero, ready for
	// the next backward pass: each block is cleared just after the update
	// read it, while it is still in cache, which costs less than a
	// separate pass over all of them (Model.ZeroGrad). Train sets it.
	ClearGrads bool

	t     int
	m, v  []float32
	cur   vec.AdamStep     // the step in flight, for job
	p, g  []float32        // likewise
	check bool             // likewise: skip blocks of g that are not all finite
	bad   atomic.Bool      // a block was skipped in this step
	job   func(lo, hi int) // o.update, bound once so Step does not allocate
}

// NewAdam returns Adam with learning rate lr and the usual β1 = 0.9,
// β2 = 0.999, ε = 1e-8.
func NewAdam(lr float64) *Adam { return &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8} }

// Step implements Optimizer.
func (o *Adam) Step(params, grads []float32) { o.step(params, grads, false) }

// StepFinite is Step for gradients that may hold NaN or ±Inf. It looks at
// each block of gradients just before the update reads it, so the look
// costs about nothing next to a separate pass over all of them (Train
// calls it every step). It reports whether every gradient was finite. If
// one was not, the part of its block (the adamBlock parameters from a
// multiple of adamBlock) that one thread updates is left as it was:
// parameters, moments and gradients; the other blocks are updated, so the
// parameters are then a mix of two steps and training should stop, as
// Train does.
func (o *Adam) StepFinite(params, grads []float32) bool {
	o.step(params, grads, true)
	return !o.bad.Load()
}

func (o *Adam) step(params, grads []float32, check bool) {
	mustSameLen("Adam.Step", params, grads)
	if o.m == nil {
		o.m, o.v = make([]float32, len(params)), make([]float32, len(params))
	}
	if len(o.m) != len(params) {
		panic(fmt.Sprintf("vae: Adam.Step: %d parameters, but the moments were made for %d", len(params), len(o.m)))
	}
	o.t++
	c1 := 1 - math.Pow(o.Beta1, float64(o.t))
	c2 := math.Sqrt(1 - math.Pow(o.Beta2, float64(o.t)))
	o.cur = vec.AdamStep{
		Beta1: float32(o.Beta1), Beta2: float32(o.Beta2),
		OneMinusBeta1: float32(1 - o.Beta1), OneMinusBeta2: float32(1 - o.Beta2),
		Step: float32(o.LR / c1), InvC2: float32(1 / c2), Eps: float32(o.Eps),
	}
	o.p, o.g, o.check = params, grads, check
	o.bad.Store(false)
	if o.Engine == nil {
		o.update(0, len(params))
	} else {
		if o.job == nil {
			o.job = o.update
		}
		o.Engine.Split(len(params), 8, o.job)
	}
	o.p, o.g = nil, nil
}

// adamBlock is how many parameters update handles at a time: the four
// blocks it reads (p, g, m, v) take 32 KB, so g is still in the L1 cache
// when the update reads it after StepFinite's look, and when ClearGrads
// clears it.
const adamBlock = 2048

// update is Step's work on parameters [lo, hi).
func (o *Adam) update(lo, hi int) {
	for b := lo; b < hi; {
		e := min((b/adamBlock+1)*adamBlock, hi) // blocks aligned alike for any threads
		if o.check && !vec.AllFinite(o.g[b:e]) {
			o.bad.Store(true)
		} else {
			vec.Adam(o.p[b:e], o.g[b:e], o.m[b:e], o.v[b:e], o.cur)
			if o.ClearGrads {
				clear(o.g[b:e])
			}
		}
		b = e
	}
}

func mustSameLen(what string, params, grads []float32) {
	if len(params) != len(grads) {
		panic(fmt.Sprintf("vae: %s: %d parameters but %d gradients", what, len(params), len(grads)))
	}
}
