package viz

import (
	"fmt"
	"math"
)

// Float is the element type of latent points: float32 or float64.
type Float interface{ ~float32 | ~float64 }

// finite reports whether x is neither NaN nor ±Inf.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// checkValues returns an error if xs is empty or holds NaN or ±Inf;
// what names the data in the message.
func checkValues(what string, xs []float64) error {
	if len(xs) == 0 {
		return fmt.Errorf("%w: %s has no values", ErrEmpty, what)
	}
	for i, x := range xs {
		if !finite(x) {
			return fmt.Errorf("%w: %s[%d] = %v", ErrNotFinite, what, i, x)
		}
	}
	return nil
}

// checkPositive returns an error if any of xs is ≤ 0 (for log axes).
func checkPositive(what string, xs []float64) error {
	for i, x := range xs {
		if x <= 0 {
			return fmt.Errorf("%w: %s[%d] = %v", ErrLogScale, what, i, x)
		}
	}
	return nil
}

// toFloat64 copies N×D points to float64, checking that there is at
// least one point, that every row has the same D ≥ 1, that the values
// are finite and, when labels is not nil, that there is one
// non-negative label per point.
func toFloat64[T Float](points [][]T, labels []int) ([][]float64, error) {
	if len(points) == 0 {
		return nil, fmt.Errorf("%w: no points", ErrEmpty)
	}
	if labels != nil && len(labels) != len(points) {
		return nil, fmt.Errorf("%w: %d labels for %d points", ErrLength, len(labels), len(points))
	}
	d := len(points[0])
	if d == 0 {
		return nil, fmt.Errorf("%w: points have 0 dimensions", ErrEmpty)
	}
	out := make([][]float64, len(points))
	for i, p := range points {
		if len(p) != d {
			return nil, fmt.Errorf("%w: point %d has %d dimensions, point 0 has %d", ErrLength, i, len(p), d)
		}
		out[i] = make([]float64, d)
		for j, v := range p {
			x := float64(v)
			if !finite(x) {
				return nil, fmt.Errorf("%w: point %d, dimension %d is %v", ErrNotFinite, i, j, x)
			}
			out[i][j] = x
		}
		if labels != nil && labels[i] < 0 {
			return nil, fmt.Errorf("%w: label %d of point %d is negative", ErrArgument, labels[i], i)
		}
	}
	return out, nil
}

// imageSide returns the common side of square images (len = side*side),
// or an error for no images, an empty or non-square image, images of
// different sizes or non-finite pixels.
func imageSide(images [][]float32) (int, error) {
	if len(images) == 0 {
		return 0, fmt.Errorf("%w: no images", ErrEmpty)
	}
	side := 0
	for i, im := range images {
		if len(im) == 0 {
			return 0, fmt.Errorf("%w: image %d has no pixels", ErrEmpty, i)
		}
		s := int(math.Sqrt(float64(len(im))) + 0.5)
		if s*s != len(im) {
			return 0, fmt.Errorf("%w: image %d has %d pixels", ErrNotSquare, i, len(im))
		}
		if i == 0 {
			side = s
		} else if s != side {
			return 0, fmt.Errorf("%w: image %d is %d×%d, image 0 is %d×%d", ErrLength, i, s, s, side, side)
		}
		for j, v := range im {
			if !finite(float64(v)) {
				return 0, fmt.Errorf("%w: image %d, pixel %d is %v", ErrNotFinite, i, j, v)
			}
		}
	}
	return side, nil
}
