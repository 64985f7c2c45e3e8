package gradcheck

import (
	"math"
	"math/rand/v2"
	"testing"
)

// f(a, b) = a²·b + |b| has the gradient (2ab, a² ± 1) and a kink at b = 0.
func TestMismatches(t *testing.T) {
	vals := []float32{1.5, -0.5}
	loss := func() float64 {
		a, b := float64(vals[0]), float64(vals[1])
		return a*a*b + math.Abs(b)
	}
	for _, tc := range []struct {
		name string
		grad []float32
		bad  int
	}{
		{"right", []float32{2 * 1.5 * -0.5, 1.5*1.5 - 1}, 0},
		{"a factor missing", []float32{1.5 * -0.5, 1.5*1.5 - 1}, 1},
		{"wrong sign of the kink's side", []float32{2 * 1.5 * -0.5, 1.5*1.5 + 1}, 1},
		{"too few gradients", []float32{1}, 1},
	} {
		if got := Default.Mismatches(vals, tc.grad, loss); len(got) != tc.bad {
			t.Errorf("%s: %d mismatches %v, want %d", tc.name, len(got), got, tc.bad)
		}
	}
}

// At the kink a central difference measures the mean of the two slopes;
// MismatchesOffKinks skips it when told which side each point is on.
func TestMismatchesOffKinks(t *testing.T) {
	vals := []float32{2, 0}
	loss := func() (float64, uint64) {
		a, b := float64(vals[0]), float64(vals[1])
		return a + math.Max(b, 0)*3, Signature([]float32{float32(math.Max(b, 0))})
	}
	plain := func() float64 { l, _ := loss(); return l }
	grad := []float32{1, 3} // the right-hand slope in b
	if len(Default.Mismatches(vals, grad, plain)) != 1 {
		t.Error("the difference across the kink agreed with a one-sided slope")
	}
	bad, skipped := Default.MismatchesOffKinks(vals, grad, loss)
	if len(bad) != 0 || skipped != 1 {
		t.Errorf("off kinks: %v mismatches, %d skipped; want none and 1", bad, skipped)
	}
}

func TestDigits(t *testing.T) {
	x := Digits(3, rand.New(rand.NewPCG(1, 2)))
	if x.Rows != 3 || x.Cols != 784 {
		t.Fatalf("Digits: %v, want 3×784", x)
	}
	for i := range 3 {
		inked := 0
		for _, v := range x.Row(i) {
			if v < 0 || v > 1 {
				t.Fatalf("digit %d has a pixel %g outside [0, 1]", i, v)
			}
			if v > 0 {
				inked++
			}
		}
		if inked == 0 || inked > 77 {
			t.Errorf("digit %d has %d inked pixels, want a blob of at most 11×7", i, inked)
		}
	}
}
