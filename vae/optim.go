package vae

import (
	"fmt"
	"math"
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
//	p ← p − LR · (m/(1−β1ᵗ)) / (√v/√(1−β2ᵗ) + ε)
//
// Its moment buffers are allocated on the first Step.
type Adam struct {
	LR, Beta1, Beta2, Eps float64
	t                     int
	m, v                  []float32
}

// NewAdam returns Adam with learning rate lr and the usual β1 = 0.9,
// β2 = 0.999, ε = 1e-8.
func NewAdam(lr float64) *Adam { return &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8} }

// Step implements Optimizer.
func (o *Adam) Step(params, grads []float32) {
	mustSameLen("Adam.Step", params, grads)
	if o.m == nil {
		o.m, o.v = make([]float32, len(params)), make([]float32, len(params))
	}
	if len(o.m) != len(params) {
		panic(fmt.Sprintf("vae: Adam.Step: %d parameters, but the moments were made for %d", len(params), len(o.m)))
	}
	o.t++
	b1, b2 := float32(o.Beta1), float32(o.Beta2)
	c1 := 1 - math.Pow(o.Beta1, float64(o.t))
	c2 := math.Sqrt(1 - math.Pow(o.Beta2, float64(o.t)))
	step, eps := float32(o.LR/c1), float32(o.Eps)
	for i, g := range grads {
		o.m[i] = b1*o.m[i] + (1-b1)*g
		o.v[i] = b2*o.v[i] + (1-b2)*g*g
		params[i] -= step * o.m[i] / (sqrt32(o.v[i])/float32(c2) + eps)
	}
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

func mustSameLen(what string, params, grads []float32) {
	if len(params) != len(grads) {
		panic(fmt.Sprintf("vae: %s: %d parameters but %d gradients", what, len(params), len(grads)))
	}
}
