package convvae

import (
	"math/rand/v2"

	"github.com/vaelab/govae/vae"
)

// Encode returns the encoder's mean and log-variance for each image of x
// (B, 784), (B, Z) each, as new matrices.
func (m *Model) Encode(x vae.Mat) (mu, logVar vae.Mat) {
	a := m.encode(x)
	return a.mu.Clone(), a.logVar.Clone()
}

// Decode returns the decoder's mean image σ(logits) of each code of z
// (B, Z): (B, 784), pixels in [0, 1].
func (m *Model) Decode(z vae.Mat) vae.Mat {
	m.ensure(z.Rows)
	m.decode(z)
	out := vae.NewMat(z.Rows, Side*Side)
	vae.SigmoidForward(out, m.acts.logits)
	return out
}

// Reconstruct returns the mean image decoded from each image's mean code,
// Decode(μ(x)).
func (m *Model) Reconstruct(x vae.Mat) vae.Mat {
	mu, _ := m.Encode(x)
	return m.Decode(mu)
}

// SamplePrior draws n codes z ~ N(0, I) from rng, (n, Z).
func (m *Model) SamplePrior(n int, rng *rand.Rand) vae.Mat {
	z := vae.NewMat(n, m.Config.Latent)
	for i := range z.Data {
		z.Data[i] = float32(rng.NormFloat64())
	}
	return z
}
