package viz

import (
	"fmt"
	"strconv"
)

// Interpolations shows decoded digits along paths between two inputs,
// one labelled row per path (say "AE linear", "VAE linear", "VAE
// spherical"), with the path parameter t under each column, from 0 at
// the first input to 1 at the second. Every row must have the same
// number of images (at least 2). It returns an error for rows of
// different lengths or any image error of NewImageGrid.
func Interpolations(title string, rows ...ImageRow) (*ImageGrid, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: no interpolation rows", ErrEmpty)
	}
	n := len(rows[0].Images)
	for i, r := range rows {
		if len(r.Images) != n {
			return nil, fmt.Errorf("%w: row %d has %d steps, row 0 has %d", ErrLength, i, len(r.Images), n)
		}
	}
	g, err := NewImageGrid(title, rows...)
	if err != nil {
		return nil, err
	}
	if n < 2 {
		return nil, fmt.Errorf("%w: an interpolation needs at least 2 steps, got %d", ErrArgument, n)
	}
	g.XLabel = "t (0 = first input, 1 = second input)"
	g.ColLabels = make([]string, n)
	for k := range n {
		g.ColLabels[k] = strconv.FormatFloat(float64(k)/float64(n-1), 'g', 2, 64)
	}
	return g, nil
}
