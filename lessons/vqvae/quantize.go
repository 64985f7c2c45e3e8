package vqvae

import (
	"fmt"

	"github.com/vaelab/govae/vae"
)

// Nearest returns the code of book (K rows of D) nearest to v (len D) in
// squared distance, ‖v − e_c‖², the smaller code on a tie (notebook 11,
// exercise 1).
func Nearest(v []float32, book *vae.Table) int {
	best, bestD := -1, float32(0)
	for c := range book.Rows {
		var d float32
		for j, e := range book.Row(c) {
			t := v[j] - e
			d += t * t
		}
		if best < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// QuantizeForward replaces each of the N vectors of ze by its nearest
// code: ze is (B, P·D), read as N = B·P vectors of D (the channels-last
// 7×7 grid), codes gets the chosen code of each (len N) and zq the code
// vectors, zq_n = e_{codes[n]}. It returns
//
//	Σ_n ‖ze_n − e_{codes[n]}‖²,
//
// the value of both the codebook term and the commitment term, which
// differ only in where their gradients flow, and adds each image's share
// into rows (len B) when rows is not nil. It panics if the shapes do not
// fit.
func QuantizeForward(zq vae.Mat, codes []int32, ze vae.Mat, book *vae.Table, rows []float64) float64 {
	d := book.Cols
	if ze.Cols%d != 0 || len(codes) != ze.Rows*ze.Cols/d {
		panic(fmt.Sprintf("vqvae: QuantizeForward: ze %v is not rows of %d-vectors, or %d codes for them", ze, d, len(codes)))
	}
	mustShape("QuantizeForward zq", zq, ze.Rows, ze.Cols)
	perRow := ze.Cols / d
	var total float64
	for n := range codes {
		v := ze.Data[n*d : (n+1)*d]
		c := Nearest(v, book)
		codes[n] = int32(c)
		e := book.Row(c)
		copy(zq.Data[n*d:(n+1)*d], e)
		var s float64
		for j := range v {
			t := float64(v[j] - e[j])
			s += t * t
		}
		total += s
		if rows != nil {
			rows[n/perRow] += s
		}
	}
	return total
}

// QuantizeBackward takes dzq = ∂L/∂zq from the decoder and the ze and
// codes of the last QuantizeForward, and adds the gradients of the three
// ways the codebook layer enters the training loss L = recon +
// ‖sg(ze) − e‖² + β‖ze − sg(e)‖²:
//
//	dze   += dzq              the straight-through estimator: ∂zq/∂ze taken as the identity
//	dze   += 2β (ze_n − e_c)  the commitment term, pulling the encoder to its code
//	dE[c] += 2 (e_c − ze_n)   the codebook term, pulling each chosen code to its vectors
//
// for every vector n with its code c = codes[n]; dE is book.DW. It panics
// if the shapes do not fit.
func QuantizeBackward(dze, dzq, ze vae.Mat, codes []int32, book *vae.Table, beta float64) {
	d := book.Cols
	mustShape("QuantizeBackward dze", dze, ze.Rows, ze.Cols)
	mustShape("QuantizeBackward dzq", dzq, ze.Rows, ze.Cols)
	if len(codes)*d != ze.Rows*ze.Cols {
		panic(fmt.Sprintf("vqvae: QuantizeBackward: %d codes for ze %v of %d-vectors", len(codes), ze, d))
	}
	b2 := float32(2 * beta)
	for n, c := range codes {
		v, g, dv := ze.Data[n*d:(n+1)*d], dzq.Data[n*d:(n+1)*d], dze.Data[n*d:(n+1)*d]
		e, de := book.Row(int(c)), book.GradRow(int(c))
		for j := range v {
			dv[j] += g[j] + b2*(v[j]-e[j])
			de[j] += 2 * (e[j] - v[j])
		}
	}
}

// mustShape panics unless m is rows×cols, naming what the matrix is.
func mustShape(what string, m vae.Mat, rows, cols int) {
	if m.Rows != rows || m.Cols != cols || len(m.Data) < rows*cols {
		panic(fmt.Sprintf("vqvae: %s is %dx%d (len %d), want %dx%d", what, m.Rows, m.Cols, len(m.Data), rows, cols))
	}
}
