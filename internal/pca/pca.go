// Package pca is the one principal component analysis of the repository,
// behind viz.PCA2 (latent clouds of more than two dimensions) and
// explorer.PCA (the sliders of notebook 09 and the reference of its
// power-iteration exercise).
//
// It diagonalizes the sample covariance with gonum's symmetric
// eigendecomposition rather than using gonum's stat.PC: stat.PC takes a
// thin SVD of the data and so returns only min(N, D) components, while the
// callers need all D directions even from fewer points than dimensions.
package pca

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// Components returns the principal components of the rows of x (N, D):
// their mean, the D unit eigenvectors of their covariance matrix
//
//	Σ = (1/(N−1)) Σ_i (x_i − mean)(x_i − mean)ᵀ
//
// in order of decreasing eigenvalue, and those eigenvalues, the variance
// of the rows along each direction. An eigenvector's sign is arbitrary:
// Components makes each one's entry of largest magnitude positive (the
// first such entry, on a tie), so the same rows always give the same
// directions. Rounding can leave an eigenvalue slightly below zero.
//
// Components panics if x has fewer than 2 rows, rows of no values or
// rows of different lengths: callers check their input and say what is
// wrong in their own terms. It returns an error if the covariance does
// not factorize.
func Components(x [][]float64) (mean []float64, dirs [][]float64, variances []float64, err error) {
	if len(x) < 2 || len(x[0]) == 0 {
		panic(fmt.Sprintf("pca: %d rows, want at least 2 of at least 1 value", len(x)))
	}
	n, d := len(x), len(x[0])
	data := mat.NewDense(n, d, nil)
	for i, row := range x {
		data.SetRow(i, row) // panics on a row of another length
	}
	var cov mat.SymDense
	stat.CovarianceMatrix(&cov, data, nil)
	var eig mat.EigenSym
	if !eig.Factorize(&cov, true) {
		return nil, nil, nil, errors.New("the eigendecomposition of the covariance did not converge")
	}
	vals := eig.Values(nil) // ascending
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	mean = make([]float64, d)
	for j := range d {
		mean[j] = mat.Sum(data.ColView(j)) / float64(n)
	}
	for i := range d {
		col := d - 1 - i // largest eigenvalue first
		u := mat.Col(nil, col, &vecs)
		largest := 0
		for j := range u {
			if math.Abs(u[j]) > math.Abs(u[largest]) {
				largest = j
			}
		}
		if u[largest] < 0 {
			for j := range u {
				u[j] = -u[j]
			}
		}
		dirs = append(dirs, u)
		variances = append(variances, vals[col])
	}
	return mean, dirs, variances, nil
}
