package anomaly

import (
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
)

// Class returns the images of d whose label is digit, as a new (n, D)
// matrix in [0, 1]: the held-out class's test digits (notebook 08 §3).
func Class(d *vae.Dataset, digit uint8) vae.Mat {
	var idx []int
	for i, l := range d.Labels {
		if l == digit {
			idx = append(idx, i)
		}
	}
	x := vae.NewMat(len(idx), d.Dim)
	d.Batch(x, idx)
	return x
}

// Others returns the images of d whose label is not digit: the test
// digits a model trained without digit has seen the like of.
func Others(d *vae.Dataset, digit uint8) vae.Mat {
	var idx []int
	for i, l := range d.Labels {
		if l != digit {
			idx = append(idx, i)
		}
	}
	x := vae.NewMat(len(idx), d.Dim)
	d.Batch(x, idx)
	return x
}

// Noise returns n images (n, dim) of independent uniform pixels in [0, 1]:
// inputs nothing like a digit (notebook 08 §4).
func Noise(n, dim int, rng *rand.Rand) vae.Mat {
	x := vae.NewMat(n, dim)
	for i := range x.Data {
		x.Data[i] = rng.Float32()
	}
	return x
}

// Shuffled returns a copy of the images x with the pixels of each image
// put in a random order of their own: the same amount of ink and the same
// grey levels as a digit, with the strokes destroyed (notebook 08 §4).
func Shuffled(x vae.Mat, rng *rand.Rand) vae.Mat {
	out := x.Clone()
	for i := range out.Rows {
		r := out.Row(i)
		rng.Shuffle(len(r), func(a, b int) { r[a], r[b] = r[b], r[a] })
	}
	return out
}
