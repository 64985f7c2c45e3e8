package explorer

import (
	"fmt"
	"math"

	"github.com/vaelab/govae/internal/pca"
	"github.com/vaelab/govae/vae"
)

// Principal returns an explorer of any VAE over the k main directions of
// its codes (notebook 09 §3): it encodes the images x (N, D) to their
// means μ(x), and puts the origin at the mean code and axis i along the
// i-th principal direction of the codes (PCA), scaled by the codes'
// standard deviation along it, so that one unit of slider is one standard
// deviation of the data. The sliders span ±3 units. It also returns the
// fraction of the codes' variance each axis explains. It returns an error
// if k is not between 1 and Z or x has fewer than 2 rows.
func Principal(m *vae.Model, x vae.Mat, k int) (*Explorer, []float64, error) {
	zDim := m.Config.Latent
	if k < 1 || k > zDim || x.Rows < 2 {
		return nil, nil, fmt.Errorf("explorer: Principal with %d axes of a %d-D latent space from %d images: want 1 ≤ k ≤ %d and at least 2 images", k, zDim, x.Rows, zDim)
	}
	mu, _ := m.Encode(x)
	codes := make([][]float64, mu.Rows)
	for i := range codes {
		codes[i] = make([]float64, zDim)
		for j := range zDim {
			codes[i][j] = float64(mu.At(i, j))
		}
	}
	mean, dirs, variances, err := PCA(codes)
	if err != nil {
		return nil, nil, err
	}
	var total float64
	for i := range variances {
		total += variances[len(variances)-1-i] // smallest first, as the eigenvalues come
	}
	e := &Explorer{Model: m, Origin: make([]float32, zDim), Range: 3}
	for j, v := range mean {
		e.Origin[j] = float32(v)
	}
	explained := make([]float64, k)
	for i := range k {
		sd := math.Sqrt(max(variances[i], 0))
		dir := make([]float32, zDim)
		for j, u := range dirs[i] {
			dir[j] = float32(u * sd)
		}
		e.Axes = append(e.Axes, Axis{Name: fmt.Sprintf("PC %d", i+1), Dir: dir})
		explained[i] = variances[i] / total
	}
	return e, explained, nil
}

// PCA returns the principal components of the rows of codes (N, Z): their
// mean, the Z unit eigenvectors of their covariance matrix
//
//	Σ = (1/(N−1)) Σ_i (c_i − mean)(c_i − mean)ᵀ
//
// in order of decreasing eigenvalue, and those eigenvalues, the codes'
// variance along each direction (notebook 09 §3). An eigenvector's sign
// is arbitrary: PCA makes each one's component of largest magnitude
// positive, so the same codes always give the same directions. It
// returns an error if codes has fewer than 2 rows or rows of different
// lengths, or if the covariance does not factorize.
func PCA(codes [][]float64) (mean []float64, dirs [][]float64, variances []float64, err error) {
	if len(codes) < 2 || len(codes[0]) == 0 {
		return nil, nil, nil, fmt.Errorf("explorer: PCA of %d codes: want at least 2 codes of at least 1 dimension", len(codes))
	}
	for i, row := range codes {
		if len(row) != len(codes[0]) {
			return nil, nil, nil, fmt.Errorf("explorer: PCA: code %d has %d dimensions, code 0 has %d", i, len(row), len(codes[0]))
		}
	}
	// The computation is shared with viz.PCA2, whose latent clouds then
	// show the same directions as these sliders.
	mean, dirs, variances, err = pca.Components(codes)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("explorer: PCA of the codes: %w; try more codes", err)
	}
	return mean, dirs, variances, nil
}
