package likelihood

import (
	"fmt"
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
)

// Binarize returns a copy of d (notebook 07 §2) in which each pixel is a
// coin drawn once: black (255) with probability equal to its grey level
// p/255 and white (0) otherwise, from a generator seeded with seed. Training binarizes afresh
// at every step (vae.TrainConfig.Binarize); a test set is binarized once,
// with a fixed seed, so every model is scored on the same binary digits.
// It is a stochastic binarization, as in Salakhutdinov and Murray (2008),
// and not the particular draw of the "binarized MNIST" files of Larochelle.
func Binarize(d *vae.Dataset, seed uint64) *vae.Dataset {
	rng := rand.New(rand.NewPCG(seed, 0xb1))
	out := *d
	out.Name = fmt.Sprintf("%s binarized (seed %d)", d.Name, seed)
	out.Pixels = make([]uint8, len(d.Pixels))
	for i, p := range d.Pixels {
		if rng.Float32() < float32(p)*(1.0/255) {
			out.Pixels[i] = 255
		}
	}
	return &out
}
