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

// PixelError is the mean squared difference per pixel between two sets
// of images of the same shape,
//
//	(1/(N·D)) Σ_i Σ_j (a_ij − b_ij)²,
//
// 0 for identical images and at most 1 for pixels in [0, 1] (notebook 08
// §1). It panics if the shapes differ.
func PixelError(a, b vae.Mat) float64 {
	if a.Rows != b.Rows || a.Cols != b.Cols || len(a.Data) == 0 {
		panic(fmt.Sprintf("anomaly: PixelError of %v and %v: want two non-empty matrices of one shape", a, b))
	}
	var s float64
	for i, v := range a.Data {
		d := float64(v - b.Data[i])
		s += d * d
	}
	return s / float64(len(a.Data))
}
