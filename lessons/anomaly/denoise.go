package anomaly

import (
	"fmt"
	"math/rand/v2"

	"github.com/vaelab/govae/lessons/course"
	"github.com/vaelab/govae/vae"
)

// Corrupt returns a damaged copy of the images x (N, D) made by the
// corruption named spec ("mask:0.5", "gauss:0.3", "saltpepper:0.2"; see
// course.ParseCorruption): the same damage a denoising recipe trains on,
// drawn from rng (notebook 08 §1).
func Corrupt(x vae.Mat, spec string, rng *rand.Rand) (vae.Mat, error) {
	c, err := course.ParseCorruption(spec)
	if err != nil {
		return vae.Mat{}, fmt.Errorf("anomaly: %w", err)
	}
	noisy := vae.NewMat(x.Rows, x.Cols)
	c.Apply(noisy, x, rng)
	return noisy, nil
}
