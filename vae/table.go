package vae

import (
	"fmt"

	"github.com/vaelab/govae/vae/gemm"
)

// Table is a layer of free parameters that reads no input: Rows vectors of
// Cols numbers, such as a VQ-VAE's codebook or a mixture prior's means,
// which a lesson's own forward and backward passes read and
// differentiate. Its values and gradients are views into a Block
// (NewBlockOf), drawn uniform in ±Bound (all 0 when Bound is 0).
type Table struct {
	Name       string  // e.g. "codebook", for messages
	Rows, Cols int     // Rows vectors of Cols numbers
	Bound      float64 // initial values uniform in ±Bound

	W  []float32 // (Rows, Cols) the values, row-major
	DW []float32 // (Rows, Cols) ∂L/∂W
}

// Row returns vector i, sharing the table's storage.
func (t *Table) Row(i int) []float32 { return t.W[i*t.Cols : (i+1)*t.Cols] }

// GradRow returns the gradient of vector i, sharing the table's storage.
func (t *Table) GradRow(i int) []float32 { return t.DW[i*t.Cols : (i+1)*t.Cols] }

// String describes the table, e.g. "codebook Table(32×8)".
func (t *Table) String() string { return fmt.Sprintf("%s Table(%d×%d)", t.Name, t.Rows, t.Cols) }

// sizes implements Layer: Rows·Cols values, no bias, drawn in ±Bound.
func (t *Table) sizes() (weights, biases int, bound float64) { return t.Rows * t.Cols, 0, t.Bound }

// bind implements Layer.
func (t *Table) bind(w, _, dw, _ []float32, _ *gemm.Engine) {
	if t.W != nil {
		panic(fmt.Sprintf("vae: layer %v already belongs to a block", t))
	}
	t.W, t.DW = w, dw
}
