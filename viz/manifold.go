package viz

import (
	"fmt"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// ManifoldQuantiles returns the n coordinates, in increasing order, at
// which Manifold decodes along each latent axis: the quantiles of
// N(0, 1) at probabilities (i+0.5)/n, i = 0…n-1, so that each cell of
// the grid covers an equal share of the prior's mass.
func ManifoldQuantiles(n int) []float64 {
	q := make([]float64, max(n, 0))
	for i := range q {
		q[i] = distuv.UnitNormal.Quantile((float64(i) + 0.5) / float64(n))
	}
	return q
}

// Manifold decodes an n×n grid of points of a 2-D latent space, at the
// N(0, 1) quantiles of ManifoldQuantiles along each axis, and shows the
// images as the decoder's map of the prior: z₁ grows to the right, z₂
// upwards, and the axes are labelled with the z values. decode maps a
// latent point z (length 2) to an image of side*side values in [0, 1].
// It returns an error if n < 2, decode is nil, or the decoded images are
// bad as for NewImageGrid.
func Manifold(title string, n int, decode func(z []float32) []float32) (*ImageGrid, error) {
	if n < 2 {
		return nil, fmt.Errorf("%w: manifold grid of %d×%d, need n ≥ 2", ErrArgument, n, n)
	}
	if decode == nil {
		return nil, fmt.Errorf("%w: nil decoder", ErrArgument)
	}
	q := ManifoldQuantiles(n)
	rows := make([]ImageRow, n)
	rowLabels := make([]string, n)
	colLabels := make([]string, n)
	for r := range n {
		z2 := q[n-1-r] // top row is the largest z₂
		rowLabels[r] = strconv.FormatFloat(z2, 'f', 1, 64)
		for k := range n {
			rows[r].Images = append(rows[r].Images, decode([]float32{float32(q[k]), float32(z2)}))
		}
	}
	for k := range n {
		colLabels[k] = strconv.FormatFloat(q[k], 'f', 1, 64)
	}
	g, err := NewImageGrid(title, rows...)
	if err != nil {
		return nil, err
	}
	g.RowLabels, g.ColLabels = rowLabels, colLabels
	g.XLabel, g.YLabel = "z₁ (N(0,1) quantiles)", "z₂"
	return g, nil
}
