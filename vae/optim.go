package vae

import (
	"errors"
	"fmt"
	"math"
	"sync/atomic"

	"github.com/vaelab/govae/vae/vec"
)

// Optimizer updates a Block's parameters from its gradients.
type Optimizer interface {
	// Step applies one update to b.Params from b.Grads. It returns an
	// error, and leaves the parameters it could not update as they were,
	// if a gradient is NaN or ±Inf: an update would spread it into every
	// parameter. The gradients are left as they were.
	Step(b *Block) error
}

// sgd is plain stochastic gradient descent: p −= LR·g.
type sgd struct {
	LR float64
}

// Step implements Optimizer. It looks at every gradient first, so on an
// error no parameter has changed.
func (o *sgd) Step(b *Block) error {
	if !vec.AllFinite(b.Grads) {
		return errNonFiniteGrad
	}
	lr := float32(o.LR)
	for i, g := range b.Grads {
		b.Params[i] -= lr * g
	}
	return nil
}

// errNonFiniteGrad is an optimizer's answer to a NaN or ±Inf gradient;
// Train tells which layer it came from and why (NonFiniteError).
var errNonFiniteGrad = errors.New("vae: optimizer: a gradient is NaN or ±Inf")

// Adam is the optimizer of Kingma & Ba, "Adam: A Method for Stochastic
// Optimization" (2014), with bias correction, computed as torch.optim.Adam
// computes it:
//
//	m ← β1·m + (1−β1)·g
//	v ← β2·v + (1−β2)·g²
//	p ← p − LR/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)
//
// The update itself is vec.Adam, eight parameters at a time where the CPU
// allows, shared among the block's threads. It takes moments and gradients
// below the smallest normal float32 (about 1.2e-38) as 0: the first moment
// of a weight whose gradient stays 0 would otherwise shrink into that
// range after about 800 steps, where many CPUs compute slowly (vec.Adam
// says more). Its moment buffers are allocated on the first Step.
type Adam struct {
	LR, Beta1, Beta2, Eps float64

	t    int
	m, v []float32
	cur  vec.AdamStep     // the step in flight, for job
	b    *Block           // likewise
	bad  atomic.Bool      // a block of gradients was not finite in this step
	job  func(lo, hi int) // o.update, bound once so Step does not allocate
}

// NewAdam returns Adam with learning rate lr and the usual β1 = 0.9,
// β2 = 0.999, ε = 1e-8.
func NewAdam(lr float64) *Adam { return &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8} }

// Step implements Optimizer. It looks at each chunk of gradients (adamBlock
// of them) just before the update reads it, which costs about nothing next
// to a separate pass over all of them. A chunk that holds a NaN or ±Inf is
// left as it was, parameters and moments; the others are updated, so after
// an error the parameters are a mix of two steps and training should stop,
// as Train does.
func (o *Adam) Step(b *Block) error {
	n := len(b.Params)
	if o.m == nil {
		o.m, o.v = make([]float32, n), make([]float32, n)
	}
	if len(o.m) != n {
		panic(fmt.Sprintf("vae: Adam.Step: %d parameters, but the moments were made for %d", n, len(o.m)))
	}
	o.t++
	c1 := 1 - math.Pow(o.Beta1, float64(o.t))
	c2 := math.Sqrt(1 - math.Pow(o.Beta2, float64(o.t)))
	o.cur = vec.AdamStep{
		Beta1: float32(o.Beta1), Beta2: float32(o.Beta2),
		OneMinusBeta1: float32(1 - o.Beta1), OneMinusBeta2: float32(1 - o.Beta2),
		Step: float32(o.LR / c1), InvC2: float32(1 / c2), Eps: float32(o.Eps),
	}
	o.b = b
	o.bad.Store(false)
	if o.job == nil {
		o.job = o.update
	}
	b.engine.Split(n, 8, o.job)
	o.b = nil
	if o.bad.Load() {
		return errNonFiniteGrad
	}
	return nil
}

// adamBlock is how many parameters update handles at a time: the four
// chunks it reads (p, g, m, v) take 32 KB, so g is still in the L1 cache
// when the update reads it after the look for NaNs.
const adamBlock = 2048

// update is Step's work on parameters [lo, hi).
func (o *Adam) update(lo, hi int) {
	p, g := o.b.Params, o.b.Grads
	for c := lo; c < hi; {
		e := min((c/adamBlock+1)*adamBlock, hi) // chunks aligned alike for any threads
		if !vec.AllFinite(g[c:e]) {
			o.bad.Store(true)
		} else {
			vec.Adam(p[c:e], g[c:e], o.m[c:e], o.v[c:e], o.cur)
		}
		c = e
	}
}

// Moments returns Adam's state, for a checkpoint: the steps taken and
// the first and second moments of every parameter (nil before the first
// Step), sharing Adam's storage.
func (o *Adam) Moments() (steps int, m, v []float32) { return o.t, o.m, o.v }

// SetMoments restores a state that Moments returned (copying m and v), so
// that a run continued from a checkpoint steps as the uninterrupted run
// would have. It returns an error, and changes nothing, when the state
// cannot be Adam's: m and v of different lengths, steps negative, or a
// moment that is not finite or a second moment below 0.
func (o *Adam) SetMoments(steps int, m, v []float32) error {
	if len(m) != len(v) || steps < 0 {
		return fmt.Errorf("vae: Adam.SetMoments: %d steps with %d first and %d second moments: want steps ≥ 0 and as many of each", steps, len(m), len(v))
	}
	for i := range m {
		if !finite(float64(m[i])) || !finite(float64(v[i])) || v[i] < 0 {
			return fmt.Errorf("vae: Adam.SetMoments: moment %d is %g, %g: want finite moments and a second moment ≥ 0", i, m[i], v[i])
		}
	}
	o.t = steps
	o.m, o.v = append([]float32(nil), m...), append([]float32(nil), v...)
	return nil
}
