package vec

import (
	"math"
	"testing"
)

// ulpsApart returns how many float32 steps apart a and b are (both finite, same sign).
func ulpsApart(a, b float32) int64 {
	d := int64(math.Float32bits(a)) - int64(math.Float32bits(b))
	if d < 0 {
		d = -d
	}
	return d
}

func TestExp(t *testing.T) {
	// Every 101st float32 between the smallest x with a normal e^x and
	// the largest with a finite one, both signs: about 2×10⁷ values.
	lo, hi := float32(-87.33654), float32(88.72283)
	worst, worstX := int64(0), float32(0)
	check := func(x float32) {
		got, want := Exp(x), float32(math.Exp(float64(x)))
		if u := ulpsApart(got, want); u > worst {
			worst, worstX = u, x
		}
	}
	for b := uint32(0); b < math.Float32bits(hi); b += 101 {
		check(math.Float32frombits(b))
	}
	for b := uint32(0x80000000); b < math.Float32bits(lo); b += 101 {
		check(math.Float32frombits(b))
	}
	check(lo)
	check(hi)
	if worst > 2 {
		t.Errorf("Exp(%g) is %d ulps from math.Exp; want ≤ 2", worstX, worst)
	}
	t.Logf("largest error %d ulp, at x = %g", worst, worstX)
}

func TestExpEdges(t *testing.T) {
	inf := float32(math.Inf(1))
	tests := []struct {
		x, want float32
	}{
		{0, 1},
		{1, float32(math.E)},
		{89, inf},
		{inf, inf},
		{-inf, 0},
		{-104, 0},
		{-1000, 0},
		{88.72283, float32(math.Exp(float64(float32(88.72283))))},
	}
	for _, tc := range tests {
		if got := Exp(tc.x); got != tc.want {
			t.Errorf("Exp(%g) = %g, want %g", tc.x, got, tc.want)
		}
	}
	if got := Exp(float32(math.NaN())); got == got {
		t.Errorf("Exp(NaN) = %g, want NaN", got)
	}
	// Subnormal results: within 2 of the smallest subnormal step.
	for x := float32(-103.9); x < -87.4; x += 0.01 {
		want := math.Exp(float64(x))
		if d := math.Abs(float64(Exp(x)) - want); d > 2*0x1p-149 {
			t.Errorf("Exp(%g) = %g, want %g (subnormal)", x, Exp(x), want)
		}
	}
}

func BenchmarkExp(b *testing.B) {
	xs := make([]float32, 2560)
	for i := range xs {
		xs[i] = float32(i%97)/10 - 5
	}
	b.Run("Exp", func(b *testing.B) {
		var s float32
		for b.Loop() {
			for _, x := range xs {
				s += Exp(x)
			}
		}
		_ = s
	})
	b.Run("math.Exp", func(b *testing.B) {
		var s float32
		for b.Loop() {
			for _, x := range xs {
				s += float32(math.Exp(float64(x)))
			}
		}
		_ = s
	})
}
