package explorer

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/vaelab/govae/vae"
)

// Principal returns an explorer of any VAE over the k main directions of
// its codes (notebook 09 §3): it encodes the images x (N, D) to their
// means μ(x), and puts the origin at the mean code and axis i along the
// i-th principal direction of the codes, scaled by the codes' standard
// deviation along it, so that one unit of slider is one standard
// deviation of the data. The sliders span ±3 units. It also returns the
// fraction of the codes' variance each axis explains. It returns an error
// if k is not between 1 and Z or x has fewer than 2 rows.
func Principal(m *vae.Model, x vae.Mat, k int) (*Explorer, []float64, error) {
	zDim := m.Config.Latent
	if k < 1 || k > zDim || x.Rows < 2 {
		return nil, nil, fmt.Errorf("explorer: Principal with %d axes of a %d-D latent space from %d images: want 1 ≤ k ≤ %d and at least 2 images", k, zDim, x.Rows, zDim)
	}
	mu, _ := m.Encode(x)
	codes := mat.NewDense(mu.Rows, zDim, nil)
	for i := range mu.Rows {
		for j := range zDim {
			codes.Set(i, j, float64(mu.At(i, j)))
		}
	}
	var cov mat.SymDense
	stat.CovarianceMatrix(&cov, codes, nil)
	var eig mat.EigenSym
	if !eig.Factorize(&cov, true) {
		return nil, nil, fmt.Errorf("explorer: the covariance of the codes did not factorize; try more images")
	}
	vals := eig.Values(nil) // ascending
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	var total float64
	for _, v := range vals {
		total += v
	}
	e := &Explorer{Model: m, Origin: make([]float32, zDim), Range: 3}
	for j := range zDim {
		e.Origin[j] = float32(mat.Sum(codes.ColView(j)) / float64(mu.Rows))
	}
	explained := make([]float64, k)
	for i := range k {
		c := zDim - 1 - i // largest eigenvalue first
		sd := math.Sqrt(max(vals[c], 0))
		dir := make([]float32, zDim)
		largest := 0
		for j := range zDim {
			dir[j] = float32(vecs.At(j, c) * sd)
			if math.Abs(vecs.At(j, c)) > math.Abs(vecs.At(largest, c)) {
				largest = j
			}
		}
		if dir[largest] < 0 { // an eigenvector's sign is arbitrary: fix it
			for j := range dir {
				dir[j] = -dir[j]
			}
		}
		e.Axes = append(e.Axes, Axis{Name: fmt.Sprintf("PC %d", i+1), Dir: dir})
		explained[i] = vals[c] / total
	}
	return e, explained, nil
}
