package vae

import (
	"math"
	"testing"
)

func TestInterpolate(t *testing.T) {
	a, b := []float32{3, 0}, []float32{0, 3}
	for _, tc := range []struct {
		name      string
		spherical bool
		midNorm   float64
	}{
		{"linear", false, 3 / math.Sqrt2}, // the chord's midpoint (1.5, 1.5)
		{"spherical", true, 3},            // slerp stays on the circle of radius 3
	} {
		path := Interpolate(a, b, 5, tc.spherical)
		if path.Rows != 5 || path.Cols != 2 {
			t.Fatalf("%s: path is %v, want 5x2", tc.name, path)
		}
		if path.At(0, 0) != 3 || path.At(0, 1) != 0 || math.Abs(float64(path.At(4, 0))) > 1e-6 || math.Abs(float64(path.At(4, 1))-3) > 1e-6 {
			t.Errorf("%s: ends %v and %v, want %v and %v", tc.name, path.Row(0), path.Row(4), a, b)
		}
		mid := path.Row(2)
		if n := math.Hypot(float64(mid[0]), float64(mid[1])); math.Abs(n-tc.midNorm) > 1e-5 {
			t.Errorf("%s: midpoint norm %.5f, want %.5f", tc.name, n, tc.midNorm)
		}
	}
}
