package interp

import (
	"math"
	"slices"
	"testing"

	"github.com/vaelab/govae/lessons/exercise"
	"github.com/vaelab/govae/lessons/exercise/exercisetest"
	"github.com/vaelab/govae/vae"
)

// lerp is the straight line as a learner writes it.
func lerp(a, b []float64, t float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = (1-t)*a[i] + t*b[i]
	}
	return out
}

// slerpWith is slerp as a learner writes it, with the steps that learners
// get wrong made switchable. With elseLine, it tests for the straight
// line (sin Ω < 1e-6, zero codes) rather than for the arc.
type slerpWith struct {
	noNorms, noClamp, noFallback, swapped, noDivide, elseLine bool
}

func (s slerpWith) f(a, b []float64, t float64) []float64 {
	var dot, na, nb float64
	for i := range a {
		dot += a[i] * b[i]
		na += a[i] * a[i]
		nb += b[i] * b[i]
	}
	c := dot / math.Sqrt(na*nb)
	if s.noNorms {
		c = dot
	}
	if !s.noClamp {
		c = max(-1, min(1, c))
	}
	omega := math.Acos(c)
	wa, wb := 1-t, t
	sin := math.Sin(omega)
	arc := s.noFallback || sin > 1e-6
	if s.elseLine {
		arc = !(sin < 1e-6 || na == 0 || nb == 0)
	}
	if arc {
		wa, wb = math.Sin((1-t)*omega)/sin, math.Sin(t*omega)/sin
		if s.noDivide {
			wa, wb = math.Sin((1-t)*omega), math.Sin(t*omega)
		}
	}
	if s.swapped {
		wa, wb = wb, wa
	}
	out := make([]float64, len(a))
	for i := range a {
		out[i] = wa*a[i] + wb*b[i]
	}
	return out
}

// TestLerpCheck holds the straight line's check to its verdicts: the right
// answer passes, the stub is TODO, and each mistake a learner might make
// is WRONG.
func TestLerpCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(a, b []float64, t float64) []float64
		want exercise.Status
	}{
		{"right", lerp, exercise.Pass},
		{"stub", func(a, b []float64, t float64) []float64 { panic("TODO") }, exercise.Todo},
		{"ends swapped", func(a, b []float64, t float64) []float64 { return lerp(b, a, t) }, exercise.Wrong},
		{"a + t·b", func(a, b []float64, t float64) []float64 {
			out := make([]float64, len(a))
			for i := range a {
				out[i] = a[i] + t*b[i]
			}
			return out
		}, exercise.Wrong},
		{"always the midpoint", func(a, b []float64, t float64) []float64 { return lerp(a, b, 0.5) }, exercise.Wrong},
		{"the slerp", slerpWith{}.f, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, LerpCheck(tc.f), tc.want) })
	}
}

// TestSlerpCheck is TestLerpCheck for the spherical path.
func TestSlerpCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(a, b []float64, t float64) []float64
		want exercise.Status
	}{
		{"right", slerpWith{}.f, exercise.Pass},
		{"right, testing for the line", slerpWith{elseLine: true}.f, exercise.Pass},
		{"stub", func(a, b []float64, t float64) []float64 { panic("TODO") }, exercise.Todo},
		{"cos Ω without the norms", slerpWith{noNorms: true}.f, exercise.Wrong},
		{"no clamp", slerpWith{noClamp: true, elseLine: true}.f, exercise.Wrong},
		{"no zero test, testing for the line", func(a, b []float64, t float64) []float64 {
			if slices.ContainsFunc(a, func(x float64) bool { return x != 0 }) {
				return slerpWith{elseLine: true}.f(a, b, t)
			}
			return slerpWith{noFallback: true}.f(a, b, t) // what elseLine does without its zero test
		}, exercise.Wrong},
		{"no fallback", slerpWith{noFallback: true}.f, exercise.Wrong},
		{"weights swapped", slerpWith{swapped: true}.f, exercise.Wrong},
		{"no division by sin Ω", slerpWith{noDivide: true}.f, exercise.Wrong},
		{"the straight line", lerp, exercise.Wrong},
		{"fallback only for parallel codes", func(a, b []float64, t float64) []float64 {
			var dot, na, nb float64
			for i := range a {
				dot, na, nb = dot+a[i]*b[i], na+a[i]*a[i], nb+b[i]*b[i]
			}
			if dot/math.Sqrt(na*nb) > 0.9999 || na == 0 || nb == 0 {
				return lerp(a, b, t)
			}
			return slerpWith{noFallback: true}.f(a, b, t)
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, SlerpCheck(tc.f), tc.want) })
	}
}

// TestSlerpCheckAcceptsOtherCutoffs: a slerp that falls back to the line
// at another small angle, as many do (cos Ω > 0.9995, about 1.8°), agrees
// with the library within the check's tolerance: the check does not
// insist on vae.Interpolate's own cut-off of 1e-6.
func TestSlerpCheckAcceptsOtherCutoffs(t *testing.T) {
	f := func(a, b []float64, t float64) []float64 {
		var dot, na, nb float64
		for i := range a {
			dot, na, nb = dot+a[i]*b[i], na+a[i]*a[i], nb+b[i]*b[i]
		}
		if c := dot / math.Sqrt(na*nb); na == 0 || nb == 0 || math.Abs(c) > 0.9995 {
			return lerp(a, b, t)
		}
		return slerpWith{}.f(a, b, t)
	}
	exercisetest.Verdict(t, SlerpCheck(f), exercise.Pass)
}

// jumps is Jumps as a learner writes it, with the distance d between two
// frames.
func jumps(d func(a, b []float32) float64) func(vae.Mat) []float64 {
	return func(frames vae.Mat) []float64 {
		out := make([]float64, 0, frames.Rows)
		for i := 1; i < frames.Rows; i++ {
			out = append(out, d(frames.Row(i-1), frames.Row(i)))
		}
		return out
	}
}

func squared(a, b []float32) float64 {
	var s float64
	for j := range a {
		d := float64(b[j]) - float64(a[j])
		s += d * d
	}
	return s
}

// TestJumpsCheck is TestLerpCheck for the jumps between frames.
func TestJumpsCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(vae.Mat) []float64
		want exercise.Status
	}{
		{"right", jumps(func(a, b []float32) float64 { return math.Sqrt(squared(a, b)) }), exercise.Pass},
		{"stub", func(vae.Mat) []float64 { panic("TODO") }, exercise.Todo},
		{"squared distance", jumps(squared), exercise.Wrong},
		{"L1 distance", jumps(func(a, b []float32) float64 {
			var s float64
			for j := range a {
				s += math.Abs(float64(b[j] - a[j]))
			}
			return s
		}), exercise.Wrong},
		{"from the first frame", func(frames vae.Mat) []float64 {
			out := make([]float64, 0, frames.Rows)
			for i := 1; i < frames.Rows; i++ {
				out = append(out, math.Sqrt(squared(frames.Row(0), frames.Row(i))))
			}
			return out
		}, exercise.Wrong},
		{"one per frame", func(frames vae.Mat) []float64 {
			return append([]float64{0}, jumps(func(a, b []float32) float64 { return math.Sqrt(squared(a, b)) })(frames)...)
		}, exercise.Wrong},
		{"index out of range", func(frames vae.Mat) []float64 {
			out := make([]float64, frames.Rows-1)
			for i := range out {
				out[i] = math.Sqrt(squared(frames.Row(i), frames.Row(i+2)))
			}
			return out
		}, exercise.Wrong},
	} {
		t.Run(tc.name, func(t *testing.T) { exercisetest.Verdict(t, JumpsCheck(tc.f), tc.want) })
	}
}
