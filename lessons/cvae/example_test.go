package cvae_test

import (
	"fmt"

	"github.com/vaelab/govae/lessons/cvae"
	"github.com/vaelab/govae/vae"
)

// The decoder's input for two codes of two dimensions, labels 2 and 0 of
// three classes: each row is the code followed by the one-hot label.
func ExampleConcatForward() {
	z := vae.MatFrom(2, 2, []float32{0.5, -1, 2, 0})
	y := cvae.OneHot([]int{2, 0}, 3)
	zy := vae.NewMat(2, 5)
	cvae.ConcatForward(zy, z, y)
	fmt.Println(zy.Row(0))
	fmt.Println(zy.Row(1))
	// Output:
	// [0.5 -1 0 0 1]
	// [2 0 1 0 0]
}

// The backward pass of a concatenation is a split: the code's columns go
// back to dz, and the label's are dropped (Data nil) because a label is
// data, not a parameter.
func ExampleConcatBackward() {
	dzy := vae.MatFrom(1, 5, []float32{0.1, 0.2, 7, 8, 9})
	dz := vae.NewMat(1, 2)
	cvae.ConcatBackward(dz, vae.Mat{Rows: 1, Cols: 3}, dzy)
	fmt.Println(dz.Row(0))
	// Output:
	// [0.1 0.2]
}
