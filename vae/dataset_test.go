package vae

import (
	"math"
	"testing"
)

// TestDatasetBatch checks that a batch holds the chosen examples, in the
// order asked, each pixel p as float32(p)/255 to the bit.
func TestDatasetBatch(t *testing.T) {
	d := &Dataset{Name: "t", N: 3, Dim: 10, Rows: 2, Cols: 5, Pixels: make([]uint8, 30)}
	for i := range d.Pixels {
		d.Pixels[i] = uint8(i * 9)
	}
	idx := []int{2, 0}
	x := NewMat(2, 10)
	d.Batch(x, idx)
	for r, i := range idx {
		for j := 0; j < 10; j++ {
			p := d.Pixels[i*10+j]
			if got, want := x.Row(r)[j], float32(p)*(1.0/255); math.Float32bits(got) != math.Float32bits(want) {
				t.Errorf("row %d (example %d) pixel %d = %v, want %v", r, i, j, got, want)
			}
		}
	}
}
