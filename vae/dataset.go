package vae

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/vaelab/govae/vae/vec"
)

// Dataset is a set of images kept as bytes (0–255), one row of Dim pixels
// per example, and converted to float32 in [0, 1] one batch at a time, so
// full MNIST takes 47 MB rather than 188 MB.
type Dataset struct {
	Name       string  // e.g. "mnist train", for messages
	N, Dim     int     // examples and pixels per example
	Rows, Cols int     // image shape, Rows*Cols == Dim
	Pixels     []uint8 // (N, Dim)
	Labels     []uint8 // (N) class of each example, or nil
}

// Digest identifies the set's contents: the first 12 hex digits of the
// SHA-256 of its shape, pixels and labels. A checkpoint can record it, so
// that a model is not taken for one trained on other data under the same
// name.
func (d *Dataset) Digest() string {
	h := sha256.New()
	fmt.Fprintf(h, "%d %d %d\n", d.N, d.Rows, d.Cols)
	h.Write(d.Pixels)
	h.Write(d.Labels)
	return hex.EncodeToString(h.Sum(nil)[:6])
}

// Validate returns an error if the fields do not describe a consistent set.
func (d *Dataset) Validate() error {
	switch {
	case d.N <= 0 || d.Dim <= 0:
		return fmt.Errorf("vae: dataset %q is empty (N %d, Dim %d)", d.Name, d.N, d.Dim)
	case d.Rows*d.Cols != d.Dim:
		return fmt.Errorf("vae: dataset %q: image %dx%d does not have %d pixels", d.Name, d.Rows, d.Cols, d.Dim)
	case len(d.Pixels) != d.N*d.Dim:
		return fmt.Errorf("vae: dataset %q: %d pixel bytes, want N×Dim = %d", d.Name, len(d.Pixels), d.N*d.Dim)
	case d.Labels != nil && len(d.Labels) != d.N:
		return fmt.Errorf("vae: dataset %q: %d labels for %d examples", d.Name, len(d.Labels), d.N)
	}
	return nil
}

// Batch fills dst (len(idx), Dim) with examples idx, scaled to [0, 1].
// It panics if dst has the wrong shape.
func (d *Dataset) Batch(dst Mat, idx []int) {
	mustShape("Dataset.Batch destination", dst, len(idx), d.Dim)
	for r, i := range idx {
		src := d.Pixels[i*d.Dim : (i+1)*d.Dim]
		vec.ScaleBytes(dst.Row(r), src, 1.0/255)
	}
}

// Images returns examples [i, j) as a new (j−i, Dim) matrix in [0, 1].
func (d *Dataset) Images(i, j int) Mat {
	idx := make([]int, j-i)
	for k := range idx {
		idx[k] = i + k
	}
	m := NewMat(j-i, d.Dim)
	d.Batch(m, idx)
	return m
}

// Head returns a Dataset of the first n examples, sharing storage.
func (d *Dataset) Head(n int) *Dataset {
	n = min(n, d.N)
	h := *d
	h.N = n
	h.Pixels = d.Pixels[:n*d.Dim]
	if d.Labels != nil {
		h.Labels = d.Labels[:n]
	}
	return &h
}
