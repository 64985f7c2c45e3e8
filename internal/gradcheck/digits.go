package gradcheck

import (
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
)

// Digits returns n 28×28 images that look like MNIST's, rows of a batch:
// mostly blank, with an 11×7 blob of ink of random grey levels placed at
// random. They are inputs at which to check a convolutional model's
// gradients: blank margins and inked middles, as real digits have.
func Digits(n int, rng *rand.Rand) vae.Mat {
	const side = 28
	x := vae.NewMat(n, side*side)
	for i := 0; i < n; i++ {
		cy, cx := 8+rng.IntN(12), 8+rng.IntN(12)
		for y := cy - 5; y <= cy+5; y++ {
			for xx := cx - 3; xx <= cx+3; xx++ {
				x.Row(i)[y*side+xx] = rng.Float32()
			}
		}
	}
	return x
}
