package vae

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Finite-difference settings. Parameters and inputs are float32 while
// losses are accumulated in float64, so a loss of size ~10 carries a
// rounding error of ~1e-6; with step h = 1e-3 the central difference
// (f(p+h) − f(p−h)) / 2h is then good to ~1e-3 absolute, and its truncation
// error, O(h²·f”'), is smaller still. A gradient off by a factor (a missing
// ½, a wrong sign, a dropped term) is off by far more than the tolerance.
const (
	fdStep   = 1e-3
	fdAbsTol = 3e-3
	fdRelTol = 1e-2
)

// checkGrad compares analytic gradients grad of loss with respect to vals
// against central finite differences, element by element. loss must
// recompute everything from vals (and reuse the same noise).
func checkGrad(t *testing.T, name string, vals, grad []float32, loss func() float64) {
	t.Helper()
	if len(vals) != len(grad) {
		t.Fatalf("%s: %d values but %d gradients", name, len(vals), len(grad))
	}
	want := append([]float32(nil), grad...) // loss() may overwrite grad buffers
	bad := 0
	for i := range vals {
		orig := vals[i]
		vals[i] = orig + fdStep
		up := loss()
		vals[i] = orig - fdStep
		down := loss()
		vals[i] = orig
		// The step actually taken in float32 may differ from fdStep.
		h := float64(orig+fdStep) - float64(orig-fdStep)
		fd := (up - down) / h
		an := float64(want[i])
		if math.Abs(fd-an) > fdAbsTol+fdRelTol*math.Abs(fd) {
			if bad < 5 {
				t.Errorf("%s[%d]: analytic %.6g, finite difference %.6g", name, i, an, fd)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d gradients disagree with finite differences", name, bad, len(vals))
	}
}

// randMat returns a rows×cols matrix of N(0, scale²) values.
func randMat(rng *rand.Rand, rows, cols int, scale float64) Mat {
	m := NewMat(rows, cols)
	for i := range m.Data {
		m.Data[i] = float32(rng.NormFloat64() * scale)
	}
	return m
}

// uniformMat returns a rows×cols matrix of U(lo, hi) values.
func uniformMat(rng *rand.Rand, rows, cols int, lo, hi float64) Mat {
	m := NewMat(rows, cols)
	for i := range m.Data {
		m.Data[i] = float32(lo + (hi-lo)*rng.Float64())
	}
	return m
}

// dot is Σ a⊙b in float64: a random linear read-out turns a layer's output
// into a scalar loss whose gradient with respect to the output is b.
func dot(a, b Mat) float64 {
	var s float64
	for i, v := range a.Data {
		s += float64(v) * float64(b.Data[i])
	}
	return s
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }
