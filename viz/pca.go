package viz

import (
	"fmt"
	"math"

	"github.com/vaelab/govae/internal/pca"
)

// PCA2 projects N×D points (D ≥ 2) onto their first two principal axes.
// It returns the N×2 coordinates and the fraction of the total variance
// that those two axes explain, (λ₁+λ₂)/(λ₁+…+λ_D), where λ are the
// eigenvalues of the sample covariance.
//
// The axes come from the centred data, but the coordinates are the
// projections of the points themselves, not of the centred points: the
// origin stays at the origin, so N(0, I) in D dimensions projects to
// N(0, I) in two and the reference circles of a latent cloud stay valid.
// Each axis is signed so that its largest component is positive, which
// makes the picture reproducible. Points with no variance at all project
// onto the first two coordinate axes with an explained fraction of 1.
func PCA2[T Float](points [][]T) (xy [][2]float64, explained float64, err error) {
	x, err := toFloat64(points, nil)
	if err != nil {
		return nil, 0, err
	}
	n, d := len(x), len(x[0])
	if d < 2 {
		return nil, 0, fmt.Errorf("%w: PCA to 2 components needs D ≥ 2, got %d", ErrArgument, d)
	}
	axes := [2][]float64{make([]float64, d), make([]float64, d)}
	explained = 1
	if n > 1 {
		// The same computation as explorer.PCA, so a cloud and the
		// sliders of notebook 09 show the same directions.
		_, dirs, vars, err := pca.Components(x)
		if err != nil {
			return nil, 0, fmt.Errorf("viz: PCA2: %w", err)
		}
		total := 0.0
		for i := range vars {
			total += math.Max(vars[d-1-i], 0) // smallest first
		}
		if total > 0 {
			explained = (math.Max(vars[0], 0) + math.Max(vars[1], 0)) / total
			axes = [2][]float64{dirs[0], dirs[1]}
		}
	}
	if isZero(axes[0]) {
		axes[0][0], axes[1][1] = 1, 1 // no variance: keep the first two coordinates
	}
	xy = make([][2]float64, n)
	for i, row := range x {
		for k := range 2 {
			xy[i][k] = dot(row, axes[k])
		}
	}
	return xy, explained, nil
}

func isZero(v []float64) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
