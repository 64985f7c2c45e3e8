// Package gradcheck compares a layer's or a model's analytic gradients with
// central finite differences, the check every Backward in this module
// passes in its tests.
//
// Parameters are float32 and losses float64, so a loss of size ~10 carries
// a rounding error of ~1e-6; with step h = 1e-3 the central difference
// (f(p+h) − f(p−h)) / 2h is then good to ~1e-3 absolute, and its truncation
// error, O(h²·f”'), is smaller still. A gradient off by a factor (a missing
// ½, a wrong sign, a dropped term) is off by far more than the tolerance.
package gradcheck

import (
	"fmt"
	"math"
	"testing"
)

// Tolerances is a finite-difference step and what counts as agreement:
// |fd − analytic| ≤ Abs + Rel·|fd|.
type Tolerances struct {
	Step, Abs, Rel float64
}

// Default is the step and tolerances above.
var Default = Tolerances{Step: 1e-3, Abs: 3e-3, Rel: 1e-2}

// Mismatches compares the analytic gradients grad of loss with respect to
// vals against central finite differences, element by element, and
// describes each element where they disagree. loss must recompute
// everything from vals, with the same noise each time; vals is restored.
func (tol Tolerances) Mismatches(vals, grad []float32, loss func() float64) []string {
	bad, _ := tol.MismatchesOffKinks(vals, grad, func() (float64, uint64) { return loss(), 0 })
	return bad
}

// MismatchesOffKinks is Mismatches for a loss with kinks, such as a
// network of ReLUs: loss also returns a signature of which side of its
// kinks it was computed on (a hash of the units ReLU zeroed). Where a step
// of ±Step changes the signature, the finite difference straddles a kink
// and measures no derivative, so that element is skipped and counted.
func (tol Tolerances) MismatchesOffKinks(vals, grad []float32, loss func() (float64, uint64)) (bad []string, skipped int) {
	if len(vals) != len(grad) {
		return []string{fmt.Sprintf(": %d values but %d gradients", len(vals), len(grad))}, 0
	}
	want := append([]float32(nil), grad...) // loss() may overwrite grad buffers
	for i := range vals {
		orig := vals[i]
		vals[i] = orig + float32(tol.Step)
		up, sideUp := loss()
		vals[i] = orig - float32(tol.Step)
		down, sideDown := loss()
		vals[i] = orig
		if sideUp != sideDown {
			skipped++
			continue
		}
		h := float64(orig+float32(tol.Step)) - float64(orig-float32(tol.Step)) // the step float32 actually took
		fd := (up - down) / h
		if an := float64(want[i]); math.Abs(fd-an) > tol.Abs+tol.Rel*math.Abs(fd) {
			bad = append(bad, fmt.Sprintf("[%d]: analytic %.6g, finite difference %.6g", i, an, fd))
		}
	}
	return bad, skipped
}

// Check fails t for each of the first five mismatches of name's gradient,
// and once with their count.
func (tol Tolerances) Check(t testing.TB, name string, vals, grad []float32, loss func() float64) {
	t.Helper()
	bad := tol.Mismatches(vals, grad, loss)
	for _, b := range bad[:min(len(bad), 5)] {
		t.Errorf("%s%s", name, b)
	}
	if len(bad) > 0 {
		t.Errorf("%s: %d of %d gradients disagree with finite differences", name, len(bad), len(vals))
	}
}

// CheckOffKinks is Check for a loss with kinks (MismatchesOffKinks). It
// also fails t when more than maxSkipped of the elements straddle a kink,
// since a check that skips most of them checks little.
func (tol Tolerances) CheckOffKinks(t testing.TB, name string, vals, grad []float32, loss func() (float64, uint64), maxSkipped float64) {
	t.Helper()
	bad, skipped := tol.MismatchesOffKinks(vals, grad, loss)
	for _, b := range bad[:min(len(bad), 5)] {
		t.Errorf("%s%s", name, b)
	}
	if len(bad) > 0 {
		t.Errorf("%s: %d of %d gradients disagree with finite differences (%d more straddle a kink)", name, len(bad), len(vals)-skipped, skipped)
	}
	if float64(skipped) > maxSkipped*float64(len(vals)) {
		t.Errorf("%s: %d of %d finite differences straddle a kink, more than %.0f%%: use a smaller step", name, skipped, len(vals), 100*maxSkipped)
	}
}

// Signature hashes which elements of xs are zero (FNV-1a of their
// indices): the side of its kinks a ReLU network was computed on, when xs
// are its ReLUs' outputs, for the losses of CheckOffKinks.
func Signature(xs ...[]float32) uint64 {
	h := uint64(14695981039346656037)
	i := uint64(0)
	for _, x := range xs {
		for _, v := range x {
			if v == 0 {
				h = (h ^ i) * 1099511628211
			}
			i++
		}
	}
	return h
}
